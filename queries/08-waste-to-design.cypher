// Q8 waste-to-design coherence: every (country, sector) pair some case study speaks about. A gap: the
// pair has a downstream instrument (end of life: waste reduction, recycling) but no upstream design or
// cleaner-production instrument (a stage under upstream, the production stage, or a cleaner-production
// programme). Repealed instruments do not count.
// Linear in the policies: every instrument is also a policy covering its (country, sector) pair, so one
// pass over the covering policies classifies each, with no per-row search.
MATCH (x)-[:COUNTRY]->(c:Country), (x)-[:COVERS_SECTOR]->(s:Concept)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND ($sector IS NULL OR s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH c, s, x, x:PolicyInstrument AND NOT 'repealed' IN collect(status.notation) AS live
OPTIONAL MATCH (x)-[:TARGETS_STAGE]->(t:Concept)
OPTIONAL MATCH (t)-[:BROADER]->(g:Concept)
WITH c, s, x, live, collect(t.notation) AS stages, collect(g.notation) AS groups
WITH c, s, x.asserted_by AS asserted_by,
     CASE WHEN live AND ('downstream' IN stages OR 'downstream' IN groups) THEN x END AS down,
     CASE WHEN live AND (x:CleanerProductionProgramme OR 'upstream' IN stages OR 'upstream' IN groups
                         OR 'production' IN stages) THEN x END AS up
WITH c, s, collect(asserted_by) AS covering, collect(DISTINCT down) AS downstream, collect(DISTINCT up) AS upstream
RETURN {country: c.iso3, sector: s.notation, country_iri: c.iri, sector_iri: s.iri} AS subject,
       CASE WHEN size(downstream) > 0 AND size(upstream) = 0 THEN 'gap' ELSE 'covered' END AS status,
       CASE WHEN size(downstream) + size(upstream) > 0
            THEN [i IN downstream + upstream | i.asserted_by] ELSE covering END AS evidence,
       [i IN downstream + upstream | i.iri] AS facts,
       {downstream: size(downstream), upstream: size(upstream)} AS info
ORDER BY c.iso3, s.notation
