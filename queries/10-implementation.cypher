// Q10 implementation: every country some case study speaks about (a policy, a hotspot or a national focal
// point). A gap: a focal point, or a policy announced or in preparation, but no adopted or implemented
// plan or instrument that is not sub-national. Covered: one is adopted. No data: the case studies say
// nothing about a national programme either way.
MATCH (x)-[:COUNTRY|FOCAL_POINT_OF]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot OR x:FocalPoint)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
WITH c, collect(x.asserted_by) AS covering
OPTIONAL MATCH (a)-[:COUNTRY|FOCAL_POINT_OF]->(c)
WHERE a:FocalPoint OR (a:Policy AND ((a)-[:STATUS]->(:Concept {notation: 'announced'})
                                      OR (a)-[:STATUS]->(:Concept {notation: 'in-preparation'})))
WITH c, covering, collect(DISTINCT a) AS announced
OPTIONAL MATCH (d:Policy)-[:COUNTRY]->(c)
WHERE ((d)-[:STATUS]->(:Concept {notation: 'adopted'}) OR (d)-[:STATUS]->(:Concept {notation: 'implemented'}))
  AND NOT (d)-[:JURISDICTION_LEVEL]->(:Concept {notation: 'sub-national'})
WITH c, covering, announced, collect(DISTINCT d) AS adopted
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       CASE WHEN size(adopted) > 0 THEN 'covered'
            WHEN size(announced) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(adopted) + size(announced) > 0
            THEN [n IN adopted + announced | n.asserted_by] ELSE covering END AS evidence,
       [n IN adopted + announced | n.iri] AS facts,
       {adopted: size(adopted), announced: size(announced)} AS info
ORDER BY c.iso3
