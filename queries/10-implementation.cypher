// Q10 implementation: every country some case study speaks about (a policy, a hotspot or a national focal
// point). A gap: a focal point, or a policy announced or in preparation, but no adopted or implemented
// plan or instrument that is not sub-national. Covered: one is adopted. No data: the case studies say
// nothing about a national programme either way.
// Linear: the announced and adopted ones are among the nodes that speak about the country, so one pass
// over those classifies each, with no per-country search.
MATCH (x)-[r:COUNTRY|FOCAL_POINT_OF]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot OR x:FocalPoint)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH c, x, r, collect(status.notation) AS statuses
OPTIONAL MATCH (x)-[:JURISDICTION_LEVEL]->(level:Concept)
WITH c, x, r, statuses, collect(level.notation) AS levels
WITH c, collect(x.asserted_by) AS covering,
     collect(DISTINCT CASE WHEN x:FocalPoint OR (x:Policy AND ('announced' IN statuses OR 'in-preparation' IN statuses))
                           THEN x END) AS announced,
     collect(DISTINCT CASE WHEN x:Policy AND type(r) = 'COUNTRY' AND ('adopted' IN statuses OR 'implemented' IN statuses)
                                AND NOT 'sub-national' IN levels THEN x END) AS adopted
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       CASE WHEN size(adopted) > 0 THEN 'covered'
            WHEN size(announced) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(adopted) + size(announced) > 0
            THEN [n IN adopted + announced | n.asserted_by] ELSE covering END AS evidence,
       [n IN adopted + announced | n.iri] AS facts,
       {adopted: size(adopted), announced: size(announced)} AS info
ORDER BY c.iso3
