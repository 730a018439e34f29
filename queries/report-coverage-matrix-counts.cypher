// Report: the coverage matrix of report-coverage-matrix.cypher without the per-cell evidence lists (the same
// statement, the same counts, and a test checks they agree), for a summarised report: at world scale the lists
// hold every case study once per cell and cost more than the counts.
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
       sum(CASE WHEN repealed THEN 1 ELSE 0 END) AS repealed
ORDER BY stage, family
