// Q3 measurability: every policy in scope, and whether it has a quantified target or a measured outcome.
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:HAS_TARGET]->(t:QuantifiedTarget)
WITH p, c, collect(DISTINCT t) AS targets
OPTIONAL MATCH (p)-[:HAS_OUTCOME]->(o:Outcome)
WITH p, c, targets, collect(DISTINCT o) AS outcomes
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       CASE WHEN size(targets) + size(outcomes) > 0 THEN 'covered' ELSE 'gap' END AS status,
       [p.asserted_by] AS evidence,
       [p.iri] + [t IN targets | t.iri] + [o IN outcomes | o.iri] AS facts,
       {targets: size(targets), outcomes: size(outcomes)} AS info
ORDER BY c.iso3, p.iri
