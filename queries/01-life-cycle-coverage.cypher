// Q1 life-cycle coverage: for every (country, sector) pair some case study speaks about (a policy or a
// value-chain hotspot there), each of the six life-cycle stages with the instruments that target it.
// A stage with none is a gap, and the gap rests on the case studies that cover the pair. A policy that
// targets a stage group (upstream, midstream, downstream) counts for the group's stages. Repealed
// instruments do not count. Parameters: $country (ISO3), $region (M49), $sector (code), each or null.
MATCH (x)-[:COUNTRY]->(c:Country), (x)-[:COVERS_SECTOR]->(s:Concept)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
WITH c, s, collect(x.asserted_by) AS covering
MATCH (st:Concept)-[:IN_SCHEME]->(:ConceptScheme {iri: 'https://w3id.org/scpkg/vocab/life-cycle-stage'})
WHERE (st)-[:BROADER]->(:Concept)
OPTIONAL MATCH (p:PolicyInstrument)-[:COUNTRY]->(c)
WHERE (p)-[:COVERS_SECTOR]->(s)
  AND ((p)-[:TARGETS_STAGE]->(st) OR (p)-[:TARGETS_STAGE]->(:Concept)<-[:BROADER]-(st))
  AND NOT (p)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH c, s, st, covering, collect(DISTINCT p) AS instruments
RETURN {country: c.iso3, sector: s.notation, stage: st.notation, country_iri: c.iri, sector_iri: s.iri,
        stage_iri: st.iri} AS subject,
       CASE WHEN size(instruments) > 0 THEN 'covered' ELSE 'gap' END AS status,
       CASE WHEN size(instruments) > 0 THEN [i IN instruments | i.asserted_by] ELSE covering END AS evidence,
       [i IN instruments | i.iri] AS facts,
       {instruments: size(instruments)} AS info
ORDER BY c.iso3, s.notation, st.notation
