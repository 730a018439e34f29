// Report: the evidence appendix. Title, source document and paragraph (locator) of the case studies a
// report cites. Parameter: $iris (list of case-study IRIs).
UNWIND $iris AS iri
MATCH (cs:CaseStudy {iri: iri})
OPTIONAL MATCH (cs)-[:CASE_STUDY_SOURCE]->(d:SourceDocument)
RETURN cs.iri AS iri, cs.title_en AS title_en, cs.title_zh AS title_zh, cs.locator AS locator,
       cs.illustrative AS illustrative, collect(d.title_en)[0] AS source_en, collect(d.title_zh)[0] AS source_zh
ORDER BY iri
