"""SHACL shapes for case-study data, one shape per business rule."""
