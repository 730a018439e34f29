"""scpkg: a knowledge graph of product policy for sustainable consumption and production."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("scpkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

BASE_IRI = "https://w3id.org/scpkg/"
"""Every IRI the project mints starts here (docs/decisions/20261123-iri-scheme.md)."""
