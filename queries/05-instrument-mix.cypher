// Q5 instrument mix: every (country, sector) pair some case study speaks about (a policy or a value-chain
// hotspot there, as in Q1, Q8, Q9), and the families of its live (not repealed) instruments: regulatory,
// economic, information, voluntary, procurement. Covered: two families or more. Not-stated: fewer, but
// instruments of no stated type (family 'unspecified') or of the country with no sector stated could
// complete the mix. Repealed-only: no live instrument, only repealed ones. Gap: one family or none (no
// balance of regulatory, voluntary, economic and information instruments). Policies that name no sector
// also get one not-stated finding per country (sector 'not-stated').
// Linear: one pass over the country's policies, then the pairs are grouped from that list.
OPTIONAL MATCH (hidden_case:CaseStudy {illustrative: true})
WHERE $exclude_illustrative
WITH collect(hidden_case.iri) AS hidden
MATCH (x)-[:COUNTRY]->(c:Country)
WHERE (x:Policy OR x:ValueChainHotspot)
  AND ($country IS NULL OR c.iso3 = $country)
  AND ($region IS NULL OR (c)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..]->(:Region {m49: $region}))
  AND any(a IN x.asserted_by WHERE NOT a IN hidden)
OPTIONAL MATCH (x)-[:COVERS_SECTOR]->(s:Concept)
WITH hidden, c, x, collect(s) AS sectors
WHERE $sector IS NULL OR size(sectors) = 0 OR any(s IN sectors WHERE s.notation = $sector)
OPTIONAL MATCH (x)-[:STATUS]->(status:Concept)
WITH hidden, c, x, sectors, 'repealed' IN collect(status.notation) AS repealed
WITH c, sectors, x, [a IN x.asserted_by WHERE NOT a IN hidden] AS by,
     x:Policy AND NOT x:PolicyFramework AND NOT repealed AS live,
     x:Policy AND NOT x:PolicyFramework AND repealed AS gone,
     [f IN [CASE WHEN x:RegulatoryInstrument THEN 'regulatory' END,
            CASE WHEN x:EconomicInstrument THEN 'economic' END,
            CASE WHEN x:InformationInstrument THEN 'information' END,
            CASE WHEN x:VoluntaryInstrument THEN 'voluntary' END,
            CASE WHEN x:ProcurementInstrument THEN 'procurement' END] WHERE f IS NOT NULL] AS typed
// A policy of several types counts once for each family it belongs to (once per family, however many
// of its types are in it), and one of no stated type (scp:Policy only, or scp:PolicyInstrument only) is
// family 'unspecified': type not stated, never counted as any family.
WITH c, collect({iri: x.iri, by: by, sectors: sectors, live: live, gone: gone,
                 families: CASE WHEN size(typed) = 0 THEN ['unspecified'] ELSE typed END}) AS items
WITH c, items, [i IN items WHERE size(i.sectors) = 0 AND i.live] AS loose
UNWIND items AS i
UNWIND CASE WHEN size(i.sectors) = 0 THEN [null] ELSE i.sectors END AS s
WITH c, loose, s, i
WHERE $sector IS NULL OR s IS NULL OR s.notation = $sector
WITH c, loose, s, collect(i) AS here
WITH c, loose, s, here, [i IN here WHERE i.live] AS live, [i IN here WHERE i.gone] AS gone
WITH c, loose, s, here, live, gone,
     reduce(f = [], i IN live | f + [g IN i.families WHERE g <> 'unspecified' AND NOT g IN f]) AS families,
     [i IN live WHERE 'unspecified' IN i.families] AS untyped
WITH c, s, here, live, gone, families, untyped,
     untyped + [i IN loose WHERE 'unspecified' IN i.families OR any(g IN i.families WHERE NOT g IN families)]
       AS unknown,
     reduce(f = [], i IN loose | f + [g IN i.families WHERE g <> 'unspecified' AND NOT g IN families
                                                          AND NOT g IN f]) AS loose_families
WITH c, s, here, live, gone, families, unknown,
     size(families) + size(loose_families) + CASE WHEN size(untyped) > 0 THEN 1 ELSE 0 END
       + CASE WHEN any(i IN unknown WHERE 'unspecified' IN i.families) AND size(untyped) = 0 THEN 1 ELSE 0 END
       AS possible
WITH c, s, here, live, gone, families, unknown,
     CASE WHEN s IS NULL THEN 'not-stated'
          WHEN size(families) > 1 THEN 'covered'
          WHEN possible > 1 THEN 'not-stated'
          WHEN size(live) = 0 AND size(gone) > 0 THEN 'repealed-only'
          ELSE 'gap' END AS status
WITH c, s, here, live, gone, families, unknown, status,
     CASE status WHEN 'covered' THEN live WHEN 'repealed-only' THEN gone
                 WHEN 'not-stated' THEN CASE WHEN s IS NULL THEN here ELSE live + unknown END
                 ELSE live END AS cited
RETURN {country: c.iso3, sector: coalesce(s.notation, 'not-stated'), country_iri: c.iri, sector_iri: s.iri}
         AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [i IN cited | i.by] ELSE [i IN here | i.by] END AS evidence,
       [i IN cited | i.iri] AS facts,
       {families: CASE WHEN size(families) > 0 THEN families ELSE ['none'] END, family_count: size(families),
        instruments: size(live), repealed: size(gone), unstated: size(unknown), policies: size(here),
        variant: CASE WHEN s IS NULL THEN 'sector-not-stated' WHEN size(live) = 0 THEN 'none' END} AS info
ORDER BY c.iso3, subject.sector
