// Q2 share: policies in scope that are overarching frameworks (S2 13(b): 14 per cent worldwide).
// Every policy, repealed ones too (the documents' base), $exclude_illustrative as in the findings.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (p:Policy)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:FRAMEWORK_LEVEL]->(level:Concept)
RETURN count(DISTINCT CASE WHEN level.notation = 'overarching' AND p:PolicyFramework THEN p.iri END) AS numerator,
       count(DISTINCT p) AS denominator
