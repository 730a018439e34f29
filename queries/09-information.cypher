// Q9 information: every (country, sector) pair some case study speaks about, and its information
// instruments (ecolabels, product and footprint information, awareness campaigns: the class
// InformationInstrument and its subclasses). None is a gap. Repealed instruments do not count.
MATCH (x)-[:COUNTRY]->(c:Country), (x)-[:COVERS_SECTOR]->(s:Concept)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH c, s, x, collect(status.notation) AS statuses
WITH c, s, collect(x.asserted_by) AS covering,
     collect(DISTINCT CASE WHEN x:InformationInstrument AND NOT 'repealed' IN statuses THEN x END) AS information
RETURN {country: c.iso3, sector: s.notation, country_iri: c.iri, sector_iri: s.iri} AS subject,
       CASE WHEN size(information) > 0 THEN 'covered' ELSE 'gap' END AS status,
       CASE WHEN size(information) > 0 THEN [i IN information | i.asserted_by] ELSE covering END AS evidence,
       [i IN information | i.iri] AS facts,
       {instruments: size(information)} AS info
ORDER BY c.iso3, s.notation
