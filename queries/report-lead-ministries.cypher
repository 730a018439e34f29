// Report: policies in scope by the ministry type of their lead body (a policy led by two types counts
// for each, and `ministry` null = no lead body recorded). Scope as in the Q3/Q4 shares: every policy,
// frameworks included, international policies (no country) only in the global scope.
// Parameters: $country (ISO3), $region (M49), $sector (code), each or null, and $exclude_illustrative.
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
OPTIONAL MATCH (p)-[:LED_BY]->(:GovernmentBody)-[:MINISTRY_TYPE]->(m:Concept)
RETURN m.notation AS ministry, count(DISTINCT p) AS policies
ORDER BY policies DESC, ministry
