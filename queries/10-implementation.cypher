// Q10 implementation: every country some case study speaks about (a policy, a hotspot or a national focal
// point). A gap: a focal point, or a policy announced or in preparation, but no adopted or implemented
// plan or instrument that is not sub-national. Covered: one is adopted. No data: the case studies say
// nothing about a national programme either way. Not-stated, not gap: a policy (not sub-national) whose
// status is not stated could be the adopted one. Repealed-only: nothing adopted or announced, only
// repealed national policies. A policy whose jurisdiction level is not stated counts as national.
// Linear: the announced and adopted ones are among the nodes that speak about the country, so one pass
// over those classifies each, with no per-country search.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (x)-[r:COUNTRY|FOCAL_POINT_OF]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot OR x:FocalPoint)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH hidden, c, x, r, collect(status.notation) AS statuses
OPTIONAL MATCH (x)-[:JURISDICTION_LEVEL]->(level:Concept)
WITH hidden, c, x, r, statuses, collect(level.notation) AS levels
WITH hidden, c, collect([a IN x.asserted_by WHERE NOT a IN hidden]) AS covering,
     collect(DISTINCT CASE WHEN x:FocalPoint OR (x:Policy AND ('announced' IN statuses OR 'in-preparation' IN statuses))
                           THEN x END) AS announced,
     collect(DISTINCT CASE WHEN x:Policy AND type(r) = 'COUNTRY' AND ('adopted' IN statuses OR 'implemented' IN statuses)
                                AND NOT 'sub-national' IN levels THEN x END) AS adopted,
     collect(DISTINCT CASE WHEN x:Policy AND type(r) = 'COUNTRY' AND size(statuses) = 0
                                AND NOT 'sub-national' IN levels THEN x END) AS unstated,
     collect(DISTINCT CASE WHEN x:Policy AND type(r) = 'COUNTRY' AND 'repealed' IN statuses
                                AND NOT 'sub-national' IN levels THEN x END) AS repealed
WITH hidden, c, covering, adopted, announced, unstated, repealed,
     CASE WHEN size(adopted) > 0 THEN 'covered'
          WHEN size(unstated) > 0 THEN 'not-stated'
          WHEN size(announced) > 0 THEN 'gap'
          WHEN size(repealed) > 0 THEN 'repealed-only'
          ELSE 'no-data' END AS status
WITH hidden, c, covering, adopted, announced, unstated, repealed, status,
     CASE status WHEN 'covered' THEN adopted + announced WHEN 'not-stated' THEN unstated + announced
                 WHEN 'gap' THEN announced WHEN 'repealed-only' THEN repealed ELSE [] END AS cited
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [n IN cited | [a IN n.asserted_by WHERE NOT a IN hidden]] ELSE covering END
         AS evidence,
       [n IN cited | n.iri] AS facts,
       {adopted: size(adopted), announced: size(announced), unstated: size(unstated), repealed: size(repealed)}
         AS info
ORDER BY c.iso3
