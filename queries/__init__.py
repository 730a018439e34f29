"""Query catalogue: Cypher and GraphQL files that ship with the package."""
