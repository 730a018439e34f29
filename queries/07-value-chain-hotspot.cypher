// Q7 value-chain hotspot: every hotspot in scope (by its country and sector), and the policies that say
// they address it. A hotspot no policy addresses is a gap, one only repealed policies address is
// repealed-only. A policy that names no hotspot is counted as not addressing it (hotspots are named by
// the case study that reports them, with the actions that address them).
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (h:ValueChainHotspot)
WHERE any(a IN h.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (h)-[:COUNTRY]->(c:Country)
WITH hidden, h, c
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (h)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
OPTIONAL MATCH (h)-[:COVERS_SECTOR]->(s:Concept)
WITH hidden, h, c, collect(DISTINCT s.notation) AS sectors
OPTIONAL MATCH (p:Policy)-[:ADDRESSES_HOTSPOT]->(h)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:STATUS]->(ps:Concept)
WITH hidden, h, c, sectors, p, 'repealed' IN collect(ps.notation) AS gone
WITH hidden, h, c, sectors, collect(DISTINCT CASE WHEN NOT gone THEN p END) AS actions,
     collect(DISTINCT CASE WHEN gone THEN p END) AS repealed
RETURN {country: c.iso3, sector: sectors, hotspot: h.iri, description: h.description_en,
        country_iri: c.iri} AS subject,
       CASE WHEN size(actions) > 0 THEN 'covered' WHEN size(repealed) > 0 THEN 'repealed-only' ELSE 'gap' END
         AS status,
       [[a IN h.asserted_by WHERE NOT a IN hidden]]
         + [x IN actions + repealed | [a IN x.asserted_by WHERE NOT a IN hidden]] AS evidence,
       [h.iri] + [x IN actions + repealed | x.iri] AS facts,
       {actions: size(actions), repealed: size(repealed)} AS info
ORDER BY c.iso3, h.iri
