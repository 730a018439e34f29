// Report: life-cycle stage x instrument family. One row per non-empty cell: the policy instruments in
// scope (with a country and a sector, not repealed, as in Q1) of that family that target the stage, an
// instrument aimed at a stage group (upstream, midstream, downstream) counts for the group's stages.
// Families as in Q5. Empty cells are filled in Python, which tells 'no instrument' from 'no data' with
// Q1's universe. Parameters: $country (ISO3), $region (M49), $sector (code), each or null.
MATCH (p:PolicyInstrument)-[:COUNTRY]->(c:Country), (p)-[:COVERS_SECTOR]->(s:Concept)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
  AND NOT (p)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH DISTINCT p
MATCH (p)-[:TARGETS_STAGE]->(t:Concept)<-[:BROADER*0..1]-(st:Concept)
WHERE (st)-[:BROADER]->(:Concept)
WITH DISTINCT p, st,
     CASE WHEN p:RegulatoryInstrument THEN 'regulatory'
          WHEN p:EconomicInstrument THEN 'economic'
          WHEN p:InformationInstrument THEN 'information'
          WHEN p:VoluntaryInstrument THEN 'voluntary'
          WHEN p:ProcurementInstrument THEN 'procurement'
          ELSE 'unspecified' END AS family
RETURN st.notation AS stage, family, count(p) AS policies, collect(p.asserted_by) AS evidence
ORDER BY stage, family
