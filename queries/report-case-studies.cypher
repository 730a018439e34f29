// Report: the evidence appendix. Title, source document (and the record it was derived from) and
// paragraph (locator) of the case studies a report cites. Parameter: $iris (list of case-study IRIs).
UNWIND $iris AS iri
MATCH (cs:CaseStudy {iri: iri})
OPTIONAL MATCH (cs)-[:CASE_STUDY_SOURCE]->(d:SourceDocument)
// Two-level provenance: the record the source was derived from ("platform record A, from database record B").
OPTIONAL MATCH (d)-[:WAS_DERIVED_FROM]->(up:SourceDocument)
RETURN cs.iri AS iri, cs.title_en AS title_en, cs.title_zh AS title_zh, cs.locator AS locator,
       cs.illustrative AS illustrative, collect(d.title_en)[0] AS source_en, collect(d.title_zh)[0] AS source_zh,
       collect(d.identifier)[0] AS source_identifier, collect(d.publisher)[0] AS source_publisher,
       collect(up.title_en)[0] AS upstream_en, collect(up.identifier)[0] AS upstream_identifier,
       collect(up.publisher)[0] AS upstream_publisher
ORDER BY iri
