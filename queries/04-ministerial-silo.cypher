// Q4 ministerial silo: every policy in scope. A gap: every lead body is an environment ministry, every
// body recorded has a ministry type, and no body of the economic group (economy, finance, planning,
// trade-industry, high-level body: the collection vocab/ministry-type/economic-group) leads or takes
// part. Covered: an economic-group body leads or takes part, or a lead body is of another type than
// environment. Not-stated: no body recorded, or bodies without a ministry type could change the answer.
// A repealed policy is repealed-only. info.sdg_8_or_9 flags policies linked to SDG 8 or 9 (or one of
// their targets). Evidence: the case studies asserting the policy and its links to bodies, not every case
// study that names a body (a ministry shared by thousands of policies would otherwise repeat its whole
// list on every row).
MATCH (:Collection {iri: 'https://w3id.org/scpkg/vocab/ministry-type/economic-group'})-[:MEMBER]->(et:Concept)
WITH collect(et.iri) AS economic_types
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH economic_types, collect(hidden_case.iri) AS hidden
MATCH (p:Policy)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH economic_types, hidden, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:STATUS]->(ps:Concept)
WITH economic_types, hidden, p, c, 'repealed' IN collect(ps.notation) AS repealed
OPTIONAL MATCH (p)-[:LED_BY]->(lead:GovernmentBody)
OPTIONAL MATCH (lead)-[:MINISTRY_TYPE]->(lt:Concept)
WITH economic_types, hidden, p, c, repealed, collect(DISTINCT lead) AS leads, collect(lt.notation) AS lead_types
OPTIONAL MATCH (p)-[link:LED_BY|INVOLVES_BODY]->(body:GovernmentBody)
OPTIONAL MATCH (body)-[:MINISTRY_TYPE]->(bt:Concept)
WITH hidden, p, c, repealed, leads, lead_types, collect(DISTINCT body) AS bodies,
     collect(DISTINCT CASE WHEN bt IS NOT NULL THEN body END) AS typed,
     collect([a IN link.asserted_by WHERE NOT a IN hidden]) AS links,
     collect(DISTINCT CASE WHEN bt.iri IN economic_types THEN body END) AS economic
OPTIONAL MATCH (p)-[:CONTRIBUTES_TO]->(sdg:Concept)
WITH hidden, p, c, repealed, leads, lead_types, bodies, typed, links, economic, collect(sdg.notation) AS sdgs
WITH hidden, p, c, repealed, bodies, typed, links, economic,
     size(leads) > 0 AND size(lead_types) = size(leads) AND all(t IN lead_types WHERE t = 'environment')
       AS environment_only,
     size(leads) > 0 AND any(t IN lead_types WHERE t <> 'environment') AS other_lead,
     any(n IN sdgs WHERE n IN ['8', '9'] OR n STARTS WITH '8.' OR n STARTS WITH '9.') AS sdg_8_or_9
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       CASE WHEN repealed THEN 'repealed-only'
            WHEN size(economic) > 0 OR other_lead THEN 'covered'
            WHEN environment_only AND size(typed) = size(bodies) THEN 'gap'
            ELSE 'not-stated' END AS status,
       [[a IN p.asserted_by WHERE NOT a IN hidden]] + links AS evidence,
       [p.iri] + [b IN bodies | b.iri] AS facts,
       {sdg_8_or_9: sdg_8_or_9, economic_bodies: size(economic), bodies: size(bodies),
        untyped: size(bodies) - size(typed), variant: CASE WHEN size(bodies) = 0 THEN 'no-body' END} AS info
ORDER BY c.iso3, p.iri
