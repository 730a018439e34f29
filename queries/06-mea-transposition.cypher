// Q6 MEA transposition: every party (ratified, not withdrawn, per the reference party table) to an MEA
// with a product obligation, for each obligation. Covered: a policy of that country implements the
// obligation. Gap: case studies cover the country but none implements it. No data: no case study reports
// any policy or hotspot for the country. Repealed-only: the only implementing instruments are repealed.
// A policy that names no MEA obligation is counted as not implementing it (a gap, not not-stated): case
// studies list the obligations a policy implements, and the absence is what the question asks about.
// Linear: the duties are grouped by country, then one pass over the country's policies and hotspots
// finds the covering ones and what each implements, with no search per (obligation, party) row.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (o:MEAObligation)-[:OBLIGATION_OF]->(m:MultilateralEnvironmentalAgreement)
      <-[:AGREEMENT]-(mp:MEAParticipation)-[:PARTY]->(c:Country)
WHERE mp.ratifiedOn IS NOT NULL AND mp.withdrawnOn IS NULL
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
WITH hidden, c, collect([o, m, mp]) AS duties
OPTIONAL MATCH (c)<-[:COUNTRY]-(x)
WHERE (x:Policy OR x:ValueChainHotspot) AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH hidden, c, duties, x, collect(status.notation) AS statuses
OPTIONAL MATCH (x)-[:IMPLEMENTS_OBLIGATION]->(io:MEAObligation)
WITH hidden, c, duties, x, statuses, collect(io.iri) AS implemented
WITH hidden, c, duties, collect([a IN x.asserted_by WHERE NOT a IN hidden]) AS covering,
     collect(CASE WHEN x:Policy AND size(implemented) > 0 THEN [x, implemented, 'repealed' IN statuses] END)
       AS implementers
UNWIND duties AS duty
WITH hidden, c, covering, implementers, duty[0] AS o, duty[1] AS m, duty[2] AS mp
WITH hidden, c, covering, o, m, mp, [i IN implementers WHERE o.iri IN i[1] AND NOT i[2] | i[0]] AS implementing,
     [i IN implementers WHERE o.iri IN i[1] AND i[2] | i[0]] AS repealed
RETURN {country: c.iso3, mea: m.iri, obligation: o.iri, obligation_label: o.label_en,
        country_iri: c.iri, participation: mp.iri} AS subject,
       CASE WHEN size(implementing) > 0 THEN 'covered'
            WHEN size(repealed) > 0 THEN 'repealed-only'
            WHEN size(covering) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(implementing) > 0 THEN [p IN implementing | [a IN p.asserted_by WHERE NOT a IN hidden]]
            WHEN size(repealed) > 0 THEN [p IN repealed | [a IN p.asserted_by WHERE NOT a IN hidden]]
            ELSE covering END AS evidence,
       [p IN implementing + repealed | p.iri] AS facts,
       {implementing: size(implementing), repealed: size(repealed)} AS info
ORDER BY c.iso3, o.iri
