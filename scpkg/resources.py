"""Where the data files that ship inside the package live, for a source tree and an installed wheel alike."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def ontology_dir() -> Traversable:
    return files("scpkg.ontology")


def shapes_dir() -> Traversable:
    return files("scpkg.shapes")


def queries_dir() -> Traversable:
    return files("scpkg.queries")


def ontology_file() -> Traversable:
    """The one edited source of the ontology."""
    return ontology_dir() / "scp.ttl"
