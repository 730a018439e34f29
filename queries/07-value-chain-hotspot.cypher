// Q7 value-chain hotspot: every hotspot in scope (by its country and sector), and the policies that say
// they address it. A hotspot no policy addresses is a gap.
MATCH (h:ValueChainHotspot)
OPTIONAL MATCH (h)-[:COUNTRY]->(c:Country)
WITH h, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (h)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (h)-[:COVERS_SECTOR]->(s:Concept)
WITH h, c, collect(DISTINCT s.notation) AS sectors
OPTIONAL MATCH (p:Policy)-[:ADDRESSES_HOTSPOT]->(h)
WHERE NOT (p)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH h, c, sectors, collect(DISTINCT p) AS actions
RETURN {country: c.iso3, sector: sectors, hotspot: h.iri, description: h.description_en,
        country_iri: c.iri} AS subject,
       CASE WHEN size(actions) > 0 THEN 'covered' ELSE 'gap' END AS status,
       [h.asserted_by] + [a IN actions | a.asserted_by] AS evidence,
       [h.iri] + [a IN actions | a.iri] AS facts,
       {actions: size(actions)} AS info
ORDER BY c.iso3, h.iri
