// Q1 life-cycle coverage: for every (country, sector) pair some case study speaks about (a policy or a
// value-chain hotspot there), each of the six life-cycle stages with the instruments that target it.
// Statuses (docs/decisions/20261202-honest-statuses.md). Covered: a live instrument targets the stage.
// Not-stated: none does, but a live instrument of the pair states no stage, or a live instrument of the
// country states no sector and targets the stage or states no stage (either could be the one). Repealed-
// only: only repealed instruments target it. Gap: none of these. A stage group (upstream, midstream,
// downstream) counts for its stages. Policies that state no sector also get one not-stated finding per
// country (sector 'not-stated'), so they never drop out. $exclude_illustrative leaves out nodes only
// illustrative case studies assert. Parameters: $country (ISO3), $region (M49), $sector (code), each or
// null, and $exclude_illustrative.
// Linear in the policies: one pass over the country's policies finds, per policy, its sectors and the
// stages it reaches, the pairs are then grouped from that list, with no per-row search.
MATCH (st:Concept)-[:IN_SCHEME]->(:ConceptScheme {iri: 'https://w3id.org/scpkg/vocab/life-cycle-stage'})
WHERE (st)-[:BROADER]->(:Concept)
WITH collect(st) AS stages
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH stages, collect(hidden_case.iri) AS hidden
MATCH (x)-[:COUNTRY]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:COVERS_SECTOR]->(s:Concept)
WITH stages, hidden, c, x, collect(s) AS sectors
WHERE $sector IS NULL OR size(sectors) = 0 OR any(s IN sectors WHERE s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH stages, hidden, c, x, sectors, 'repealed' IN collect(status.notation) AS repealed
OPTIONAL MATCH (x)-[:TARGETS_STAGE]->(t:Concept)
OPTIONAL MATCH (t)<-[:BROADER]-(k:Concept)
WITH stages, c, x, sectors, repealed, collect(t.iri) + collect(k.iri) AS reached,
     [a IN x.asserted_by WHERE NOT a IN hidden] AS by
WITH stages, c,
     collect({iri: x.iri, by: by, sectors: sectors, reached: reached, stated: size(reached) > 0,
              live: x:PolicyInstrument AND NOT repealed, repealed: x:PolicyInstrument AND repealed}) AS items
WITH stages, c, items, [i IN items WHERE size(i.sectors) = 0 AND i.live] AS loose
UNWIND items AS i
UNWIND CASE WHEN size(i.sectors) = 0 THEN [null] ELSE i.sectors END AS s
WITH stages, c, loose, s, i
WHERE $sector IS NULL OR s IS NULL OR s.notation = $sector
WITH stages, c, loose, s, collect(i) AS here
UNWIND CASE WHEN s IS NULL THEN [null] ELSE stages END AS st
WITH c, s, st, here,
     [i IN here WHERE i.live AND st.iri IN i.reached] AS instruments,
     [i IN here WHERE i.repealed AND st.iri IN i.reached] AS repealed,
     [i IN here WHERE i.live AND NOT i.stated] + [i IN loose WHERE NOT i.stated OR st.iri IN i.reached] AS unknown
WITH c, s, st, here, instruments, repealed, unknown,
     CASE WHEN s IS NULL THEN 'not-stated'
          WHEN size(instruments) > 0 THEN 'covered'
          WHEN size(unknown) > 0 THEN 'not-stated'
          WHEN size(repealed) > 0 THEN 'repealed-only'
          ELSE 'gap' END AS status
WITH c, s, st, here, status,
     CASE status WHEN 'covered' THEN instruments WHEN 'repealed-only' THEN repealed
                 WHEN 'not-stated' THEN CASE WHEN s IS NULL THEN here ELSE unknown END
                 ELSE [] END AS cited,
     size(instruments) AS n, size(repealed) AS r, size(unknown) AS u
RETURN {country: c.iso3, sector: coalesce(s.notation, 'not-stated'), stage: st.notation, country_iri: c.iri,
        sector_iri: s.iri, stage_iri: st.iri} AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [i IN cited | i.by] ELSE [i IN here | i.by] END AS evidence,
       [i IN cited | i.iri] AS facts,
       {instruments: n, repealed: r, unstated: u, policies: size(here),
        variant: CASE WHEN s IS NULL THEN 'sector-not-stated' END} AS info
ORDER BY c.iso3, subject.sector, subject.stage
