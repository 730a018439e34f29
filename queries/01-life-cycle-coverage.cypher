// Q1 life-cycle coverage: for every (country, sector) pair some case study speaks about (a policy or a
// value-chain hotspot there), each of the six life-cycle stages with the instruments that target it.
// A stage with none is a gap, and the gap rests on the case studies that cover the pair. A policy that
// targets a stage group (upstream, midstream, downstream) counts for the group's stages. Repealed
// instruments do not count. Parameters: $country (ISO3), $region (M49), $sector (code), each or null.
// Linear in the policies: every instrument is also a policy covering its (country, sector) pair, so one
// pass over the covering policies finds, per policy, the stages it reaches, with no per-row search.
MATCH (st:Concept)-[:IN_SCHEME]->(:ConceptScheme {iri: 'https://w3id.org/scpkg/vocab/life-cycle-stage'})
WHERE (st)-[:BROADER]->(:Concept)
WITH collect(st) AS stages
MATCH (x)-[:COUNTRY]->(c:Country), (x)-[:COVERS_SECTOR]->(s:Concept)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH stages, c, s, x, x:PolicyInstrument AND NOT 'repealed' IN collect(status.notation) AS live
OPTIONAL MATCH (x)-[:TARGETS_STAGE]->(t:Concept)
OPTIONAL MATCH (t)<-[:BROADER]-(k:Concept)
WITH stages, c, s, x, live, collect(t.iri) + collect(k.iri) AS reached
WITH stages, c, s, collect(x.asserted_by) AS covering,
     collect(CASE WHEN live AND size(reached) > 0 THEN [x, reached] END) AS targeting
UNWIND stages AS st
WITH c, s, st, covering, [t IN targeting WHERE st.iri IN t[1] | t[0]] AS instruments
RETURN {country: c.iso3, sector: s.notation, stage: st.notation, country_iri: c.iri, sector_iri: s.iri,
        stage_iri: st.iri} AS subject,
       CASE WHEN size(instruments) > 0 THEN 'covered' ELSE 'gap' END AS status,
       CASE WHEN size(instruments) > 0 THEN [i IN instruments | i.asserted_by] ELSE covering END AS evidence,
       [i IN instruments | i.iri] AS facts,
       {instruments: size(instruments)} AS info
ORDER BY c.iso3, s.notation, st.notation
