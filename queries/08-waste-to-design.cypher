// Q8 waste-to-design coherence: every (country, sector) pair some case study speaks about. Downstream:
// a live (not repealed) instrument targeting end of life, waste reduction or recycling (the downstream
// group or a stage under it). Upstream: a live design or cleaner-production instrument (a stage under
// upstream, the production stage, or a cleaner-production programme). Covered: upstream and downstream,
// or upstream with no downstream (the incoherence cannot arise). Gap: downstream, no upstream, and no
// instrument whose stage or sector is not stated could be the upstream one (else not-stated). Neither
// side: not-stated if an instrument of unstated stage or sector could be on one, repealed-only if only
// repealed instruments are, else no-data (nothing to compare): never covered with zero instruments.
// Policies that name no sector also get one not-stated finding per country (sector 'not-stated').
// Linear in the policies: one pass over the country's policies classifies each, then the pairs are
// grouped from that list, with no per-row search.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (x)-[:COUNTRY]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:COVERS_SECTOR]->(s:Concept)
WITH hidden, c, x, collect(s) AS sectors
WHERE $sector IS NULL OR size(sectors) = 0 OR any(s IN sectors WHERE s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH hidden, c, x, sectors, 'repealed' IN collect(status.notation) AS repealed
OPTIONAL MATCH (x)-[:TARGETS_STAGE]->(t:Concept)
OPTIONAL MATCH (t)-[:BROADER]->(g:Concept)
WITH hidden, c, x, sectors, repealed, collect(t.notation) AS stages, collect(g.notation) AS groups
WITH c, x, sectors, [a IN x.asserted_by WHERE NOT a IN hidden] AS by,
     x:PolicyInstrument AND NOT repealed AS live, x:PolicyInstrument AND repealed AS gone,
     size(stages) > 0 AS stated,
     'downstream' IN stages OR 'downstream' IN groups AS down,
     x:CleanerProductionProgramme OR 'upstream' IN stages OR 'upstream' IN groups OR 'production' IN stages AS up
WITH c, collect({iri: x.iri, by: by, sectors: sectors, live: live, gone: gone, stated: stated, down: down, up: up})
       AS items
WITH c, items, [i IN items WHERE size(i.sectors) = 0 AND i.live] AS loose
UNWIND items AS i
UNWIND CASE WHEN size(i.sectors) = 0 THEN [null] ELSE i.sectors END AS s
WITH c, loose, s, i
WHERE $sector IS NULL OR s IS NULL OR s.notation = $sector
WITH c, loose, s, collect(i) AS here
WITH c, s, here,
     [i IN here WHERE i.live AND i.down] AS downstream,
     [i IN here WHERE i.live AND i.up] AS upstream,
     [i IN here WHERE i.gone AND (i.down OR i.up)] AS repealed,
     [i IN here WHERE i.live AND NOT i.stated] + [i IN loose WHERE i.up OR i.down OR NOT i.stated] AS unknown,
     [i IN here WHERE i.live AND NOT i.stated] + [i IN loose WHERE i.up OR NOT i.stated] AS unknown_up
WITH c, s, here, downstream, upstream, repealed, unknown, unknown_up,
     CASE WHEN s IS NULL THEN 'not-stated'
          WHEN size(upstream) > 0 THEN 'covered'
          WHEN size(downstream) > 0 AND size(unknown_up) > 0 THEN 'not-stated'
          WHEN size(downstream) > 0 THEN 'gap'
          WHEN size(unknown) > 0 THEN 'not-stated'
          WHEN size(repealed) > 0 THEN 'repealed-only'
          ELSE 'no-data' END AS status
WITH c, s, here, downstream, upstream, repealed, unknown, unknown_up, status,
     CASE status WHEN 'covered' THEN downstream + upstream WHEN 'gap' THEN downstream
                 WHEN 'repealed-only' THEN repealed
                 WHEN 'not-stated' THEN CASE WHEN s IS NULL THEN here
                                             WHEN size(downstream) > 0 THEN downstream + unknown_up
                                             ELSE unknown END
                 ELSE [] END AS cited
RETURN {country: c.iso3, sector: coalesce(s.notation, 'not-stated'), country_iri: c.iri, sector_iri: s.iri}
         AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [i IN cited | i.by] ELSE [i IN here | i.by] END AS evidence,
       [i IN cited | i.iri] AS facts,
       {downstream: size(downstream), upstream: size(upstream), repealed: size(repealed),
        unstated: CASE WHEN size(downstream) > 0 THEN size(unknown_up) ELSE size(unknown) END,
        policies: size(here),
        variant: CASE WHEN s IS NULL THEN 'sector-not-stated' WHEN size(downstream) = 0 THEN 'no-downstream' END}
         AS info
ORDER BY c.iso3, subject.sector
