// Q4 share: policies in scope led by a body of the economic group (S2 13(d): 10 per cent worldwide).
MATCH (:Collection {iri: 'https://w3id.org/scpkg/vocab/ministry-type/economic-group'})-[:MEMBER]->(et:Concept)
WITH collect(et.iri) AS economic_types
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH economic_types, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:LED_BY]->(:GovernmentBody)-[:MINISTRY_TYPE]->(lt:Concept)
RETURN count(DISTINCT CASE WHEN lt.iri IN economic_types THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
