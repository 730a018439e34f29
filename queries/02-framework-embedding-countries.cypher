// Q2 framework embedding, part 2: every country some case study reports a policy for, and whether it has
// a lifecycle-based product policy framework in force: a policy framework that targets at least one
// life-cycle stage and is not announced, in preparation or repealed. With a sector, the framework must
// cover that sector, be cross-sectoral or name no sector.
MATCH (p:Policy)-[:COUNTRY]->(c:Country)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
WITH c, collect(p.asserted_by) AS covering
OPTIONAL MATCH (f:PolicyFramework)-[:COUNTRY]->(c)
WHERE (f)-[:TARGETS_STAGE]->(:Concept)
  AND NOT (f)-[:STATUS]->(:Concept {notation: 'announced'})
  AND NOT (f)-[:STATUS]->(:Concept {notation: 'in-preparation'})
  AND NOT (f)-[:STATUS]->(:Concept {notation: 'repealed'})
  AND ($sector IS NULL OR (f)-[:COVERS_SECTOR]->(:Concept {notation: $sector})
       OR (f)-[:COVERS_SECTOR]->(:Concept {notation: 'cross-sectoral'}) OR NOT (f)-[:COVERS_SECTOR]->(:Concept))
WITH c, covering, collect(DISTINCT f) AS frameworks
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       CASE WHEN size(frameworks) > 0 THEN 'covered' ELSE 'gap' END AS status,
       CASE WHEN size(frameworks) > 0 THEN [f IN frameworks | f.asserted_by] ELSE covering END AS evidence,
       [f IN frameworks | f.iri] AS facts,
       {frameworks: size(frameworks)} AS info
ORDER BY c.iso3
