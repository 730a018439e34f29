// Q4 ministerial silo: every policy in scope. A gap: every lead body is an environment ministry and no
// body of the economic group (economy, finance, planning, trade-industry, high-level body: the
// collection vocab/ministry-type/economic-group) leads or takes part. No body recorded: no data.
// info.sdg_8_or_9 flags policies linked to SDG 8 or 9 (or one of their targets). Evidence: the case
// studies asserting the policy and its links to bodies, not every case study that names a body (a
// ministry shared by thousands of policies would otherwise repeat its whole list on every row).
MATCH (:Collection {iri: 'https://w3id.org/scpkg/vocab/ministry-type/economic-group'})-[:MEMBER]->(et:Concept)
WITH collect(et.iri) AS economic_types
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country)
WITH economic_types, p, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (p)-[:LED_BY]->(lead:GovernmentBody)
OPTIONAL MATCH (lead)-[:MINISTRY_TYPE]->(lt:Concept)
WITH economic_types, p, c, collect(DISTINCT lead) AS leads, collect(lt.notation) AS lead_types
OPTIONAL MATCH (p)-[link:LED_BY|INVOLVES_BODY]->(body:GovernmentBody)
OPTIONAL MATCH (body)-[:MINISTRY_TYPE]->(bt:Concept)
WITH p, c, leads, lead_types, collect(DISTINCT body) AS bodies, collect(link.asserted_by) AS links,
     collect(DISTINCT CASE WHEN bt.iri IN economic_types THEN body END) AS economic
OPTIONAL MATCH (p)-[:CONTRIBUTES_TO]->(sdg:Concept)
WITH p, c, leads, lead_types, bodies, links, economic, collect(sdg.notation) AS sdgs
WITH p, c, bodies, links, economic,
     size(leads) > 0 AND size(lead_types) = size(leads) AND all(t IN lead_types WHERE t = 'environment')
       AS environment_only,
     any(n IN sdgs WHERE n IN ['8', '9'] OR n STARTS WITH '8.' OR n STARTS WITH '9.') AS sdg_8_or_9
RETURN {country: c.iso3, policy: p.iri, title: p.title_en, country_iri: c.iri} AS subject,
       CASE WHEN size(bodies) = 0 THEN 'no-data'
            WHEN environment_only AND size(economic) = 0 THEN 'gap'
            ELSE 'covered' END AS status,
       [p.asserted_by] + links AS evidence,
       [p.iri] + [b IN bodies | b.iri] AS facts,
       {sdg_8_or_9: sdg_8_or_9, economic_bodies: size(economic), bodies: size(bodies)} AS info
ORDER BY c.iso3, p.iri
