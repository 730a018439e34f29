// Q3 measurability: every policy in scope, and whether it has a quantified target or a measured outcome.
// A repealed policy is repealed-only, not a gap. A policy that names no target and no outcome is a gap:
// the documents' 26% counts it the same way (a case study that reports a policy reports its targets).
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (p:Policy)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH hidden, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:STATUS]->(ps:Concept)
WITH hidden, p, c, 'repealed' IN collect(ps.notation) AS repealed
OPTIONAL MATCH (p)-[:HAS_TARGET]->(t:QuantifiedTarget)
WITH hidden, p, c, repealed, collect(DISTINCT t) AS targets
OPTIONAL MATCH (p)-[:HAS_OUTCOME]->(o:Outcome)
WITH hidden, p, c, repealed, targets, collect(DISTINCT o) AS outcomes
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       CASE WHEN repealed THEN 'repealed-only'
            WHEN size(targets) + size(outcomes) > 0 THEN 'covered'
            ELSE 'gap' END AS status,
       [a IN p.asserted_by WHERE NOT a IN hidden] AS evidence,
       [p.iri] + [t IN targets | t.iri] + [o IN outcomes | o.iri] AS facts,
       {targets: size(targets), outcomes: size(outcomes)} AS info
ORDER BY c.iso3, p.iri
