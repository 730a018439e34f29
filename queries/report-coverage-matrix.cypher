// Report: life-cycle stage x instrument family. One row per non-empty cell: the policy instruments in
// scope (with a country, as in Q1, with a sector scope, those covering the sector) of that family that
// target the stage, an instrument aimed at a stage group (upstream, midstream, downstream) counts for the
// group's stages. Stage 'not-stated' counts the instruments that name no stage, stage 'total' every
// instrument of the family once. `policies` counts live instruments, `repealed` repealed ones (a cell
// with only repealed instruments is 'repealed-only'). Families as in Q5: a policy of several families
// is counted in each (the 'total' row then counts it once per family). Empty cells are filled in
// Python, which tells 'no instrument' from 'no data' with Q1's universe. Parameters: $country (ISO3),
// $region (M49), $sector (code), each or null, and $exclude_illustrative.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (p:Policy)-[:COUNTRY]->(c:Country)
WHERE NOT p:PolicyFramework
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR (p)-[:COVERS_SECTOR]->(:Concept {notation: $sector}))
  AND any(a IN p.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (p)-[:STATUS]->(ps:Concept)
WITH hidden, p, 'repealed' IN collect(ps.notation) AS repealed
OPTIONAL MATCH (p)-[:TARGETS_STAGE]->(t:Concept)<-[:BROADER*0..1]-(st:Concept)
WHERE (st)-[:BROADER]->(:Concept)
WITH hidden, p, repealed, collect(DISTINCT st.notation) AS stages,
     [f IN [CASE WHEN p:RegulatoryInstrument THEN 'regulatory' END,
            CASE WHEN p:EconomicInstrument THEN 'economic' END,
            CASE WHEN p:InformationInstrument THEN 'information' END,
            CASE WHEN p:VoluntaryInstrument THEN 'voluntary' END,
            CASE WHEN p:ProcurementInstrument THEN 'procurement' END] WHERE f IS NOT NULL] AS typed
// A policy of several types counts once in each of its families, and one of no stated type (scp:Policy
// only) counts under 'unspecified' (type not stated), never in a family.
UNWIND CASE WHEN size(typed) = 0 THEN ['unspecified'] ELSE typed END AS family
UNWIND CASE WHEN size(stages) = 0 THEN ['not-stated', 'total'] ELSE stages + ['total'] END AS stage
RETURN stage, family,
       sum(CASE WHEN repealed THEN 0 ELSE 1 END) AS policies,
       sum(CASE WHEN repealed THEN 1 ELSE 0 END) AS repealed,
       collect(CASE WHEN NOT repealed THEN [a IN p.asserted_by WHERE NOT a IN hidden] END) AS evidence,
       collect(CASE WHEN repealed THEN [a IN p.asserted_by WHERE NOT a IN hidden] END) AS repealed_evidence
ORDER BY stage, family
