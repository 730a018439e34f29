// Q6 MEA transposition: every party (ratified, not withdrawn, per the reference party table) to an MEA
// with a product obligation, for each obligation. Covered: a policy of that country implements the
// obligation. Gap: case studies cover the country but none implements it. No data: no case study reports
// any policy or hotspot for the country.
// Linear: the duties are grouped by country, then one pass over the country's policies and hotspots
// finds the covering ones and what each implements, with no search per (obligation, party) row.
MATCH (o:MEAObligation)-[:OBLIGATION_OF]->(m:MultilateralEnvironmentalAgreement)
      <-[:AGREEMENT]-(mp:MEAParticipation)-[:PARTY]->(c:Country)
WHERE mp.ratifiedOn IS NOT NULL AND mp.withdrawnOn IS NULL
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
WITH c, collect([o, m, mp]) AS duties
OPTIONAL MATCH (c)<-[:COUNTRY]-(x)
WHERE x:Policy OR x:ValueChainHotspot
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH c, duties, x, collect(status.notation) AS statuses
OPTIONAL MATCH (x)-[:IMPLEMENTS_OBLIGATION]->(io:MEAObligation)
WITH c, duties, x, statuses, collect(io.iri) AS implemented
WITH c, duties, collect(x.asserted_by) AS covering,
     collect(CASE WHEN x:Policy AND size(implemented) > 0 AND NOT 'repealed' IN statuses
                  THEN [x, implemented] END) AS implementers
UNWIND duties AS duty
WITH c, covering, implementers, duty[0] AS o, duty[1] AS m, duty[2] AS mp
WITH c, covering, o, m, mp, [i IN implementers WHERE o.iri IN i[1] | i[0]] AS implementing
RETURN {country: c.iso3, mea: m.iri, obligation: o.iri, obligation_label: o.label_en,
        country_iri: c.iri, participation: mp.iri} AS subject,
       CASE WHEN size(implementing) > 0 THEN 'covered'
            WHEN size(covering) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(implementing) > 0 THEN [p IN implementing | p.asserted_by] ELSE covering END AS evidence,
       [p IN implementing | p.iri] AS facts,
       {implementing: size(implementing)} AS info
ORDER BY c.iso3, o.iri
