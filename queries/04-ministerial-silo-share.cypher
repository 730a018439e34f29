// Q4 share: policies in scope led by a body of the economic group (S2 13(d): 10 per cent worldwide).
// Every policy, repealed ones too (the documents' base), $exclude_illustrative as in the findings.
MATCH (:Collection {iri: 'https://w3id.org/scpkg/vocab/ministry-type/economic-group'})-[:MEMBER]->(et:Concept)
WITH collect(et.iri) AS economic_types
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH economic_types, collect(hidden_case.iri) AS hidden
MATCH (p:Policy)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH economic_types, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:LED_BY]->(:GovernmentBody)-[:MINISTRY_TYPE]->(lt:Concept)
RETURN count(DISTINCT CASE WHEN lt.iri IN economic_types THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
