// Q2 framework embedding, part 1: every policy instrument in scope, and whether it sits under a policy
// framework (directly or through a chain of frameworks). Part 2 is 02-framework-embedding-countries.
MATCH (p:PolicyInstrument)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:PART_OF_FRAMEWORK*1..]->(f:PolicyFramework)
WITH p, c, collect(DISTINCT f) AS frameworks
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       CASE WHEN size(frameworks) > 0 THEN 'covered' ELSE 'gap' END AS status,
       [p.asserted_by] + [f IN frameworks | f.asserted_by] AS evidence,
       [p.iri] + [f IN frameworks | f.iri] AS facts,
       {frameworks: size(frameworks)} AS info
ORDER BY c.iso3, p.iri
