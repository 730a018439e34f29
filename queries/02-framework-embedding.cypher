// Q2 framework embedding, part 1: every policy instrument in scope, and whether it sits under a policy
// framework (directly or through a chain of frameworks). Part 2 is 02-framework-embedding-countries.
// A repealed instrument is repealed-only (variant 'self'), not a gap, one that sits only under repealed
// frameworks is repealed-only too. $exclude_illustrative leaves out instruments only illustrative case
// studies assert.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (p:PolicyInstrument)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH hidden, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:STATUS]->(ps:Concept)
WITH hidden, p, c, 'repealed' IN collect(ps.notation) AS repealed
OPTIONAL MATCH (p)-[:PART_OF_FRAMEWORK*1..]->(f:PolicyFramework)
OPTIONAL MATCH (f)-[:STATUS]->(fs:Concept)
WITH hidden, p, c, repealed, f, 'repealed' IN collect(fs.notation) AS f_repealed
WITH hidden, p, c, repealed, collect(DISTINCT f) AS frameworks,
     collect(DISTINCT CASE WHEN NOT f_repealed THEN f END) AS live
WITH hidden, p, c, frameworks, live, repealed,
     CASE WHEN repealed THEN 'repealed-only'
          WHEN size(live) > 0 THEN 'covered'
          WHEN size(frameworks) > 0 THEN 'repealed-only'
          ELSE 'gap' END AS status
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       status,
       [[a IN p.asserted_by WHERE NOT a IN hidden]] + [f IN frameworks | [a IN f.asserted_by WHERE NOT a IN hidden]]
         AS evidence,
       [p.iri] + [f IN frameworks | f.iri] AS facts,
       {frameworks: size(live), repealed_frameworks: size(frameworks) - size(live),
        variant: CASE WHEN repealed THEN 'self' END} AS info
ORDER BY c.iso3, p.iri
