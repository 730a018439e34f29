// Q2 framework embedding, part 2: every country some case study reports a policy for, and whether it has
// a lifecycle-based product policy framework in force: a policy framework that targets at least one
// life-cycle stage and is not announced, in preparation or repealed. With a sector, the framework must
// cover that sector, be cross-sectoral or name no sector.
// Linear: the frameworks are among the country's policies, so one pass over those finds both the
// covering policies (in the sector, if one is given) and the frameworks, with no per-country search.
MATCH (p:Policy)-[:COUNTRY]->(c:Country)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
OPTIONAL MATCH (p)-[:COVERS_SECTOR]->(ps:Concept)
WITH c, p, collect(ps.notation) AS sectors
OPTIONAL MATCH (p)-[:STATUS]->(status:Concept)
WITH c, p, sectors, collect(status.notation) AS statuses
OPTIONAL MATCH (p)-[:TARGETS_STAGE]->(t:Concept)
WITH c, p, sectors, statuses, count(t) AS stages
WITH c, p, $sector IS NULL OR $sector IN sectors AS in_scope,
     p:PolicyFramework AND stages > 0
       AND NOT 'announced' IN statuses AND NOT 'in-preparation' IN statuses AND NOT 'repealed' IN statuses
       AND ($sector IS NULL OR $sector IN sectors OR 'cross-sectoral' IN sectors OR size(sectors) = 0)
       AS in_force
WITH c, collect(CASE WHEN in_scope THEN p.asserted_by END) AS covering,
     sum(CASE WHEN in_scope THEN 1 ELSE 0 END) AS policies,
     collect(DISTINCT CASE WHEN in_force THEN p END) AS frameworks
WHERE policies > 0
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       CASE WHEN size(frameworks) > 0 THEN 'covered' ELSE 'gap' END AS status,
       CASE WHEN size(frameworks) > 0 THEN [f IN frameworks | f.asserted_by] ELSE covering END AS evidence,
       [f IN frameworks | f.iri] AS facts,
       {frameworks: size(frameworks)} AS info
ORDER BY c.iso3
