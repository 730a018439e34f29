// Q4 share: policies in scope led by a body of the economic group (S2 13(d): 10 per cent worldwide).
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:LED_BY]->(eb:GovernmentBody)-[:MINISTRY_TYPE]->(:Concept)
      <-[:MEMBER]-(:Collection {iri: 'https://w3id.org/scpkg/vocab/ministry-type/economic-group'})
RETURN count(DISTINCT CASE WHEN eb IS NOT NULL THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
