// Q9 information: every (country, sector) pair some case study speaks about, and its live (not repealed)
// information instruments (ecolabels, product and footprint information, awareness campaigns: the class
// InformationInstrument and its subclasses). Covered: one or more. Not-stated: none known, but a live
// instrument of the pair has no stated type (could be one), or a live information or untyped instrument
// of the country names no sector. Repealed-only: only repealed information instruments. Gap: none.
// Policies that name no sector also get one not-stated finding per country (sector 'not-stated').
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
WITH c, x, sectors, [a IN x.asserted_by WHERE NOT a IN hidden] AS by,
     x:PolicyInstrument AND NOT repealed AS live, x:PolicyInstrument AND repealed AS gone,
     x:InformationInstrument AS information,
     x:PolicyInstrument AND NOT (x:RegulatoryInstrument OR x:EconomicInstrument OR x:InformationInstrument
                                 OR x:VoluntaryInstrument OR x:ProcurementInstrument) AS untyped
WITH c, collect({iri: x.iri, by: by, sectors: sectors, live: live, gone: gone, information: information,
                 untyped: untyped}) AS items
WITH c, items, [i IN items WHERE size(i.sectors) = 0 AND i.live AND (i.information OR i.untyped)] AS loose
UNWIND items AS i
UNWIND CASE WHEN size(i.sectors) = 0 THEN [null] ELSE i.sectors END AS s
WITH c, loose, s, i
WHERE $sector IS NULL OR s IS NULL OR s.notation = $sector
WITH c, loose, s, collect(i) AS here
WITH c, s, here,
     [i IN here WHERE i.live AND i.information] AS information,
     [i IN here WHERE i.gone AND i.information] AS repealed,
     [i IN here WHERE i.live AND i.untyped] + loose AS unknown
WITH c, s, here, information, repealed, unknown,
     CASE WHEN s IS NULL THEN 'not-stated'
          WHEN size(information) > 0 THEN 'covered'
          WHEN size(unknown) > 0 THEN 'not-stated'
          WHEN size(repealed) > 0 THEN 'repealed-only'
          ELSE 'gap' END AS status
WITH c, s, here, information, repealed, unknown, status,
     CASE status WHEN 'covered' THEN information WHEN 'repealed-only' THEN repealed
                 WHEN 'not-stated' THEN CASE WHEN s IS NULL THEN here ELSE unknown END
                 ELSE [] END AS cited
RETURN {country: c.iso3, sector: coalesce(s.notation, 'not-stated'), country_iri: c.iri, sector_iri: s.iri}
         AS subject,
       status,
       CASE WHEN size(cited) > 0 THEN [i IN cited | i.by] ELSE [i IN here | i.by] END AS evidence,
       [i IN cited | i.iri] AS facts,
       {instruments: size(information), repealed: size(repealed), unstated: size(unknown), policies: size(here),
        variant: CASE WHEN s IS NULL THEN 'sector-not-stated' END} AS info
ORDER BY c.iso3, subject.sector
