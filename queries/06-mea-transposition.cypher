// Q6 MEA transposition: every party (ratified, not withdrawn, per the reference party table) to an MEA
// with a product obligation, for each obligation. Covered: a policy of that country implements the
// obligation. Gap: case studies cover the country but none implements it. No data: no case study reports
// any policy or hotspot for the country.
MATCH (o:MEAObligation)-[:OBLIGATION_OF]->(m:MultilateralEnvironmentalAgreement)
      <-[:AGREEMENT]-(mp:MEAParticipation)-[:PARTY]->(c:Country)
WHERE mp.ratifiedOn IS NOT NULL AND mp.withdrawnOn IS NULL
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
OPTIONAL MATCH (x)-[:COUNTRY]->(c)
WHERE x:Policy OR x:ValueChainHotspot
WITH o, m, mp, c, collect(x.asserted_by) AS covering
OPTIONAL MATCH (p:Policy)-[:IMPLEMENTS_OBLIGATION]->(o)
WHERE (p)-[:COUNTRY]->(c) AND NOT (p)-[:STATUS]->(:Concept {notation: 'repealed'})
WITH o, m, mp, c, covering, collect(DISTINCT p) AS implementing
RETURN {country: c.iso3, mea: m.iri, obligation: o.iri, obligation_label: o.label_en,
        country_iri: c.iri, participation: mp.iri} AS subject,
       CASE WHEN size(implementing) > 0 THEN 'covered'
            WHEN size(covering) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(implementing) > 0 THEN [p IN implementing | p.asserted_by] ELSE covering END AS evidence,
       [p IN implementing | p.iri] AS facts,
       {implementing: size(implementing)} AS info
ORDER BY c.iso3, o.iri
