"""The read-only GraphQL API and linked-data endpoints."""
