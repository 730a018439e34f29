// Q2 share: policies in scope that are overarching frameworks (S2 13(b): 14 per cent worldwide).
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:FRAMEWORK_LEVEL]->(level:Concept)
RETURN count(DISTINCT CASE WHEN level.notation = 'overarching' AND p:PolicyFramework THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
