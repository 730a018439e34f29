// Q5 instrument mix: every (country, sector) pair with at least one policy instrument (not repealed), and
// the instrument families it uses: regulatory, economic, information, voluntary, procurement. One family
// only is a gap: no balance of regulatory, voluntary, economic and information instruments.
MATCH (p:PolicyInstrument)-[:COUNTRY]->(c:Country), (p)-[:COVERS_SECTOR]->(s:Concept)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
OPTIONAL MATCH (p)-[:STATUS]->(status:Concept)
WITH c, s, p, collect(status.notation) AS statuses
WHERE NOT 'repealed' IN statuses
WITH c, s, p,
     CASE WHEN p:RegulatoryInstrument THEN 'regulatory'
          WHEN p:EconomicInstrument THEN 'economic'
          WHEN p:InformationInstrument THEN 'information'
          WHEN p:VoluntaryInstrument THEN 'voluntary'
          WHEN p:ProcurementInstrument THEN 'procurement'
          ELSE 'unspecified' END AS family
WITH c, s, collect(DISTINCT family) AS families, collect(DISTINCT p) AS instruments
RETURN {country: c.iso3, sector: s.notation, country_iri: c.iri, sector_iri: s.iri} AS subject,
       CASE WHEN size(families) > 1 THEN 'covered' ELSE 'gap' END AS status,
       [i IN instruments | i.asserted_by] AS evidence,
       [i IN instruments | i.iri] AS facts,
       {families: families, instruments: size(instruments)} AS info
ORDER BY c.iso3, s.notation
