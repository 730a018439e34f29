// Report: the SDG 12.1.1 table. Per region (the World and each region directly under it) and item (the four
// 12.1.1 categories, then coordination-mechanism): how many countries have at least one, as the indicator
// counts them, with "described" (a live policy of the category in a case study, by the ontology's crosswalk
// held in CategoryCrosswalk nodes, and for coordination a scp:CoordinationMechanism body of the country) and
// "reported" (the latest year of the country's own reported observations gives N > 0 or yes) told apart.
// Countries counted: those with a policy, a coordination mechanism or a reported observation in scope.
// Bodies of several countries (the EU) are in no M49 region, so in no row.
// Parameters: $country, $region, $exclude_illustrative, $world (the World's M49 code), $coordination (the
// coordination-mechanism item's IRI).
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (c:Country)
WHERE ((c)<-[:COUNTRY]-(:Policy) OR (c)<-[:COUNTRY]-(:CoordinationMechanism)
       OR (c)<-[:OBSERVED_COUNTRY]-(:ReportedObservation))
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
OPTIONAL MATCH (c)<-[:COUNTRY]-(any_policy)
WHERE (any_policy:Policy OR any_policy:CoordinationMechanism) AND any(a IN any_policy.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (c)<-[:OBSERVED_COUNTRY]-(any_obs:ReportedObservation)
WHERE any(a IN any_obs.asserted_by WHERE NOT a IN hidden)
WITH hidden, c, count(any_policy) + count(any_obs) AS known
WHERE known > 0
MATCH (k:Concept)
WHERE (k)<-[:CROSSWALK_CATEGORY]-(:CategoryCrosswalk) OR k.iri = $coordination
OPTIONAL MATCH (k)<-[:CROSSWALK_CATEGORY]-(cw:CategoryCrosswalk)
WITH hidden, c, k, collect(cw.crosswalkClass) AS classes
OPTIONAL MATCH (c)<-[:COUNTRY]-(p)
WHERE (p:Policy OR p:CoordinationMechanism) AND any(a IN p.asserted_by WHERE NOT a IN hidden)
  AND ((p:Policy AND any(t IN p.rdf_type WHERE t IN classes)) OR (p:CoordinationMechanism AND k.iri = $coordination))
  AND NOT (p)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH hidden, c, k, count(p) > 0 AS described
OPTIONAL MATCH (c)<-[:OBSERVED_COUNTRY]-(o:ReportedObservation)-[:OBSERVED_ITEM]->(k)
WHERE any(a IN o.asserted_by WHERE NOT a IN hidden)
WITH c, k, described, collect({n: o.reportedCount, flag: o.reportedFlag, year: toString(o.observedYear)}) AS reports
WITH c, k, described, reports,
     reduce(y = '', r IN reports | CASE WHEN r.year IS NOT NULL AND r.year > y THEN r.year ELSE y END) AS latest
WITH c, k, described,
     any(r IN reports WHERE r.year = latest AND (coalesce(r.n, 0) > 0 OR r.flag = true)) AS reported
MATCH (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(r:Region)
WHERE r.m49 = $world OR (r)-[:SUB_REGION_OF]->(:Region {m49: $world})
WITH DISTINCT r, k, c, described, reported
RETURN r.m49 AS region, r.label_en AS region_name, k.notation AS item,
       count(c) AS countries,
       count(CASE WHEN described THEN c END) AS described,
       count(CASE WHEN reported THEN c END) AS reported,
       count(CASE WHEN reported AND NOT described THEN c END) AS reported_only,
       count(CASE WHEN described OR reported THEN c END) AS either,
       collect(CASE WHEN described THEN c.iso3 END) AS described_countries,
       collect(CASE WHEN reported AND NOT described THEN c.iso3 END) AS reported_only_countries
ORDER BY region, item
