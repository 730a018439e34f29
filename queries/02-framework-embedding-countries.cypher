// Q2 framework embedding, part 2: every country some case study reports a policy for, and whether it has
// a lifecycle-based product policy framework in force. Covered: a policy framework that is adopted or
// implemented and targets at least one life-cycle stage (with a sector scope: covers that sector or is
// cross-sectoral). Not-stated, not gap: a framework in force (or of no stated status) that does not state
// its stages (or, with a sector scope, its sector), or whose status is not stated: it may be the one.
// Repealed-only: the only frameworks are repealed. Gap: no framework, or only announced or in preparation.
// Linear: the frameworks are among the country's policies, so one pass over those finds both the
// covering policies (in the sector, if one is given) and the frameworks, with no per-country search.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (p:Policy)-[:COUNTRY]->(c:Country)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COVERS_SECTOR]->(ps:Concept)
WITH hidden, c, p, collect(ps.notation) AS sectors
OPTIONAL MATCH (p)-[:STATUS]->(status:Concept)
WITH hidden, c, p, sectors, collect(status.notation) AS statuses
OPTIONAL MATCH (p)-[:TARGETS_STAGE]->(t:Concept)
WITH hidden, c, p, sectors, statuses, count(t) AS stages
WITH hidden, c, p, stages, $sector IS NULL OR $sector IN sectors AS in_scope,
     p:PolicyFramework AND ($sector IS NULL OR $sector IN sectors OR 'cross-sectoral' IN sectors OR size(sectors) = 0)
       AS framework,
     $sector IS NOT NULL AND size(sectors) = 0 AS sector_unknown,
     CASE WHEN 'adopted' IN statuses OR 'implemented' IN statuses THEN 'in-force'
          WHEN 'repealed' IN statuses THEN 'repealed'
          WHEN size(statuses) = 0 THEN 'unknown'
          ELSE 'not-yet' END AS standing
WITH hidden, c, p, in_scope,
     framework AND standing = 'in-force' AND stages > 0 AND NOT sector_unknown AS lifecycle,
     framework AND standing IN ['in-force', 'unknown'] AS candidate,
     framework AND standing = 'repealed' AS repealed
WITH c, collect(CASE WHEN in_scope THEN [a IN p.asserted_by WHERE NOT a IN hidden] END) AS covering,
     sum(CASE WHEN in_scope THEN 1 ELSE 0 END) AS policies,
     collect(CASE WHEN lifecycle THEN p END) AS frameworks,
     collect(CASE WHEN candidate AND NOT lifecycle THEN p END) AS unstated,
     collect(CASE WHEN repealed THEN p END) AS repealed,
     hidden
WHERE policies > 0
WITH c, covering, frameworks, unstated, repealed, hidden,
     CASE WHEN size(frameworks) > 0 THEN 'covered'
          WHEN size(unstated) > 0 THEN 'not-stated'
          WHEN size(repealed) > 0 THEN 'repealed-only'
          ELSE 'gap' END AS status
WITH c, covering, frameworks, unstated, repealed, hidden, status,
     CASE status WHEN 'covered' THEN frameworks WHEN 'not-stated' THEN unstated
                 WHEN 'repealed-only' THEN repealed ELSE [] END AS cited
RETURN {country: c.iso3, country_iri: c.iri} AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [f IN cited | [a IN f.asserted_by WHERE NOT a IN hidden]] ELSE covering END
         AS evidence,
       [f IN cited | f.iri] AS facts,
       {frameworks: size(frameworks), unstated: size(unstated), repealed: size(repealed)} AS info
ORDER BY c.iso3
