// Q6 MEA transposition, one row per (country, MEA): every party (ratified, not withdrawn, per the reference
// party table) to an MEA with product obligations, optionally one MEA ($mea, its IRI). Covered: a live policy
// of that country implements any obligation of the MEA (scp:obligationOf), or, via EU, a live instrument of a
// body the country is a member of (scp:memberOf) does. Repealed-only: the only implementing instruments are
// repealed. Gap: case studies cover the country but none implements an obligation of the MEA. No data: no case
// study covers the country, or the MEA has no row in the party table at all (party status unknown: such an MEA
// is asked about for every country case studies cover, and is never a gap). A policy that names no obligation
// counts as not implementing one (case studies list what a policy implements).
// Linear: duties are grouped by country, then one pass over the country's (and its bloc's) policies.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (o:MEAObligation)-[:OBLIGATION_OF]->(m:MultilateralEnvironmentalAgreement)
WHERE $mea IS NULL OR m.iri = $mea
WITH hidden, m, collect(o.iri) AS obligations
OPTIONAL MATCH (m)<-[:AGREEMENT]-(row:MEAParticipation)
WITH hidden, m, obligations, count(row) = 0 AS unlisted
MATCH (c:Country)
WHERE ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
OPTIONAL MATCH (m)<-[:AGREEMENT]-(mp:MEAParticipation)-[:PARTY]->(c)
WITH hidden, m, obligations, unlisted, c, mp
WHERE (mp IS NOT NULL AND (mp.ratifiedOn IS NOT NULL OR mp.partyDateNotInSource = true)
       AND mp.withdrawnOn IS NULL)
   OR (unlisted AND ((c)<-[:COUNTRY]-(:Policy) OR (c)<-[:COUNTRY]-(:ValueChainHotspot)))
WITH hidden, c, collect([m, obligations, mp, unlisted]) AS duties
OPTIONAL MATCH (c)<-[:COUNTRY]-(x)
WHERE (x:Policy OR x:ValueChainHotspot) AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH hidden, c, duties, x, collect(status.notation) AS statuses
OPTIONAL MATCH (x)-[:IMPLEMENTS_OBLIGATION]->(io:MEAObligation)
WITH hidden, c, duties, x, statuses, collect(io.iri) AS implemented
WITH hidden, c, duties, collect([a IN x.asserted_by WHERE NOT a IN hidden]) AS covering,
     collect(CASE WHEN x:Policy AND size(implemented) > 0 THEN [x, implemented, 'repealed' IN statuses] END)
       AS implementers
OPTIONAL MATCH (c)-[:MEMBER_OF]->(bloc:Country)<-[:COUNTRY]-(y:Policy)
WHERE any(a IN y.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (y)-[:STATUS]->(ys:Concept)
WITH hidden, c, duties, covering, implementers, bloc, y, collect(ys.notation) AS ystatuses
OPTIONAL MATCH (y)-[:IMPLEMENTS_OBLIGATION]->(yo:MEAObligation)
WITH hidden, c, duties, covering, implementers, bloc, y, ystatuses, collect(yo.iri) AS yimplemented
WITH hidden, c, duties, covering, implementers,
     collect(CASE WHEN size(yimplemented) > 0 AND NOT 'repealed' IN ystatuses THEN [y, yimplemented, bloc.iso3] END)
       AS bloc_implementers
UNWIND duties AS duty
WITH hidden, c, covering, implementers, bloc_implementers,
     duty[0] AS m, duty[1] AS obligations, duty[2] AS mp, duty[3] AS unlisted
WITH hidden, c, covering, m, obligations, mp, unlisted,
     [i IN implementers WHERE any(o IN i[1] WHERE o IN obligations) AND NOT i[2]] AS implementing,
     [i IN implementers WHERE any(o IN i[1] WHERE o IN obligations) AND i[2]] AS repealed,
     [i IN bloc_implementers WHERE any(o IN i[1] WHERE o IN obligations)] AS via_bloc
WITH hidden, c, covering, m, obligations, mp, unlisted, implementing, repealed, via_bloc,
     CASE WHEN size(implementing) > 0 THEN implementing WHEN size(via_bloc) > 0 THEN via_bloc
          WHEN size(repealed) > 0 THEN repealed ELSE [] END AS cited
RETURN {country: c.iso3, mea: m.iri, mea_label: m.label_en, country_iri: c.iri, participation: mp.iri}
         AS subject,
       CASE WHEN size(implementing) > 0 OR size(via_bloc) > 0 THEN 'covered'
            WHEN size(repealed) > 0 THEN 'repealed-only'
            WHEN unlisted THEN 'no-data'
            WHEN size(covering) > 0 THEN 'gap'
            ELSE 'no-data' END AS status,
       CASE WHEN size(cited) > 0 THEN [i IN cited | [a IN i[0].asserted_by WHERE NOT a IN hidden]]
            ELSE covering END AS evidence,
       [i IN cited | i[0].iri] AS facts,
       {implementing: size(implementing), repealed: size(repealed), via_bloc: size(via_bloc),
        bloc: CASE WHEN size(via_bloc) > 0 THEN via_bloc[0][2] END,
        obligations: reduce(acc = [], i IN cited | acc + [o IN i[1] WHERE o IN obligations AND NOT o IN acc]),
        variant: CASE WHEN size(implementing) = 0 AND size(via_bloc) > 0 THEN 'via-bloc'
                      WHEN size(implementing) = 0 AND size(repealed) = 0 AND unlisted THEN 'party-unknown'
                      WHEN unlisted AND size(implementing) > 0 THEN 'party-unknown-covered' END} AS info
ORDER BY c.iso3, m.iri
