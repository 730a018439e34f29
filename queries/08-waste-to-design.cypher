// Q8 waste-to-design coherence: every (country, sector) pair some case study speaks about. A gap: the
// pair has a downstream instrument (end of life: waste reduction, recycling) but no upstream design or
// cleaner-production instrument (a stage under upstream, the production stage, or a cleaner-production
// programme). Repealed instruments do not count.
MATCH (x)-[:COUNTRY]->(c:Country), (x)-[:COVERS_SECTOR]->(s:Concept)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
WITH c, s, collect(x.asserted_by) AS covering
OPTIONAL MATCH (d:PolicyInstrument)-[:COUNTRY]->(c)
WHERE (d)-[:COVERS_SECTOR]->(s)
  AND (d)-[:TARGETS_STAGE]->(:Concept)-[:BROADER*0..1]->(:Concept {notation: 'downstream'})
  AND NOT (d)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH c, s, covering, collect(DISTINCT d) AS downstream
OPTIONAL MATCH (u:PolicyInstrument)-[:COUNTRY]->(c)
WHERE (u)-[:COVERS_SECTOR]->(s)
  AND (u:CleanerProductionProgramme
       OR (u)-[:TARGETS_STAGE]->(:Concept)-[:BROADER*0..1]->(:Concept {notation: 'upstream'})
       OR (u)-[:TARGETS_STAGE]->(:Concept {notation: 'production'}))
  AND NOT (u)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH c, s, covering, downstream, collect(DISTINCT u) AS upstream
RETURN {country: c.iso3, sector: s.notation, country_iri: c.iri, sector_iri: s.iri} AS subject,
       CASE WHEN size(downstream) > 0 AND size(upstream) = 0 THEN 'gap' ELSE 'covered' END AS status,
       CASE WHEN size(downstream) + size(upstream) > 0
            THEN [i IN downstream + upstream | i.asserted_by] ELSE covering END AS evidence,
       [i IN downstream + upstream | i.iri] AS facts,
       {downstream: size(downstream), upstream: size(upstream)} AS info
ORDER BY c.iso3, s.notation
