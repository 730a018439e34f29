// Report: the names of the scope's country and region (the reference data holds them in six languages).
// Parameters: $country (ISO3), $region (M49), each or null.
OPTIONAL MATCH (c:Country {iso3: $country})
OPTIONAL MATCH (r:Region {m49: $region})
RETURN properties(c) AS country, properties(r) AS region
