"""Case-study ingest: read files, map them to RDF, validate with SHACL, load into the store."""
