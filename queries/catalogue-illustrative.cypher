// Catalogue: which of an answer's evidence case studies are marked illustrative (scp:illustrative true),
// for the banner every gap answer and report carries. Parameter: $iris (list of case-study IRIs).
UNWIND $iris AS iri
MATCH (cs:CaseStudy {iri: iri})
WHERE cs.illustrative = true
RETURN collect(DISTINCT cs.iri) AS illustrative
