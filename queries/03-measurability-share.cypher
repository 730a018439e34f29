// Q3 share: policies in scope with a quantified target or a measured outcome (S2 13(c): 26 per cent).
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:HAS_TARGET]->(t:QuantifiedTarget)
OPTIONAL MATCH (p)-[:HAS_OUTCOME]->(o:Outcome)
RETURN count(DISTINCT CASE WHEN t IS NOT NULL OR o IS NOT NULL THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
