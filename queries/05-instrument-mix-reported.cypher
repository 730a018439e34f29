// Q5, by SDG 12.1.1 category, for every country whose own report (scp:ReportedObservation) is in the store:
// does a described policy fall in the category, and what does the report say? A policy counts in a category
// by its asserted types and the ontology's crosswalk, held by the reference data's CategoryCrosswalk nodes
// (never a list of classes in this statement). Covered: a live described policy is in the category.
// Reported-not-described: none is described, but the report's latest year gives a count above 0 or a yes
// flag (the number and source are in the finding). Repealed-only: only repealed described policies, and
// the report says nothing more. Gap: the report's latest year says 0 (or no): a country's own statement of
// absence. No data: not reported and not described. Reports are national totals, so a sector scope has no
// such finding.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (obs:ReportedObservation)-[:OBSERVED_COUNTRY]->(c:Country)
WHERE $sector IS NULL
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN obs.asserted_by WHERE NOT a IN hidden)
WITH DISTINCT hidden, c
OPTIONAL MATCH (c)<-[:COUNTRY]-(described:Policy)
WHERE any(a IN described.asserted_by WHERE NOT a IN hidden)
WITH hidden, c, collect(described) AS country_policies
MATCH (k:Concept)<-[:CROSSWALK_CATEGORY]-(cw:CategoryCrosswalk)
WITH hidden, c, country_policies, k, collect(cw.crosswalkClass) AS classes
OPTIONAL MATCH (c)<-[:COUNTRY]-(p:Policy)
WHERE any(a IN p.asserted_by WHERE NOT a IN hidden) AND any(t IN p.rdf_type WHERE t IN classes)
OPTIONAL MATCH (p)-[:STATUS]->(st:Concept)
WITH hidden, c, country_policies, k, p, 'repealed' IN collect(st.notation) AS repealed
WITH hidden, c, country_policies, k, collect(CASE WHEN NOT repealed THEN p END) AS live,
     collect(CASE WHEN repealed THEN p END) AS gone
OPTIONAL MATCH (c)<-[:OBSERVED_COUNTRY]-(o:ReportedObservation)-[:OBSERVED_ITEM]->(k)
WHERE any(a IN o.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (o)-[:OBSERVATION_SOURCE]->(src:SourceDocument)
WITH hidden, c, country_policies, k, live, gone,
     collect(CASE WHEN o IS NOT NULL THEN {iri: o.iri, n: o.reportedCount, flag: o.reportedFlag, year: o.observedYear,
                  source: coalesce(src.title_en, src.iri), by: [a IN o.asserted_by WHERE NOT a IN hidden]} END)
       AS reports
WITH hidden, c, country_policies, k, live, gone, reports,
     reduce(y = '', r IN reports | CASE WHEN toString(r.year) > y THEN toString(r.year) ELSE y END) AS latest
WITH c, country_policies, k, live, gone, latest, [r IN reports WHERE toString(r.year) = latest] AS current
WITH c, country_policies, k, live, gone, latest, current,
     [r IN current WHERE coalesce(r.n, 0) > 0 OR r.flag = true] AS positive
WITH c, country_policies, k, live, gone, latest, current, positive,
     CASE WHEN size(live) > 0 THEN 'covered'
          WHEN size(positive) > 0 THEN 'reported-not-described'
          WHEN size(gone) > 0 THEN 'repealed-only'
          WHEN size(current) > 0 OR size(country_policies) > 0 THEN 'gap'
          ELSE 'no-data' END AS status
RETURN {country: c.iso3, category: k.notation, country_iri: c.iri, category_iri: k.iri} AS subject,
       status,
       CASE status WHEN 'covered' THEN [p IN live | p.asserted_by] WHEN 'repealed-only' THEN [p IN gone | p.asserted_by]
                   WHEN 'reported-not-described' THEN [r IN positive | r.by]
                   WHEN 'gap' THEN [r IN current | r.by] + [p IN country_policies | p.asserted_by]
                   ELSE [r IN current | r.by] END AS evidence,
       CASE status WHEN 'covered' THEN [p IN live | p.iri] WHEN 'repealed-only' THEN [p IN gone | p.iri]
                   WHEN 'reported-not-described' THEN [r IN positive | r.iri] ELSE [r IN current | r.iri] END AS facts,
       {described: size(live), repealed: size(gone), year: latest,
        reported: CASE WHEN size(positive) = 0 THEN NULL
                       WHEN any(r IN positive WHERE r.n IS NOT NULL)
                         THEN toString(reduce(m = 0, r IN positive | CASE WHEN coalesce(r.n, 0) > m THEN r.n ELSE m END))
                       ELSE 'yes' END,
        sources: reduce(acc = [], r IN CASE WHEN size(positive) > 0 THEN positive ELSE current END |
                        CASE WHEN r.source IN acc THEN acc ELSE acc + r.source END),
        variant: CASE WHEN size(live) > 0 AND size(positive) > 0 THEN 'also-reported'
                      WHEN size(live) > 0 AND size(current) > 0 THEN 'report-says-none'
                      WHEN size(live) = 0 AND size(gone) = 0 AND size(current) = 0 AND size(country_policies) > 0
                        THEN 'described-absence'
                      WHEN size(live) = 0 AND size(positive) = 0 AND size(current) = 0 THEN 'not-reported' END}
         AS info
ORDER BY c.iso3, k.notation
