// Report: how many policies the scope holds (every policy, repealed ones too, as the shares of questions
// 2-4 count them: the same filters as 03-measurability-share.cypher's denominator). A report over more
// than build.DETAIL_POLICIES of them is summarised. $exclude_illustrative as everywhere.
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
RETURN count(DISTINCT p) AS policies
