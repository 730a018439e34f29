"""The SCP ontology: the edited Turtle source, its generated namespace module and its checks."""

from functools import lru_cache

from rdflib import Graph

from scpkg.resources import ontology_file

ONTOLOGY_IRI = "https://w3id.org/scpkg/ont"
"""The ontology's own IRI (its terms live under ONTOLOGY_IRI + "/")."""

TERM_NS = ONTOLOGY_IRI + "/"
"""Namespace of the ontology's classes and properties (prefix `scp:`)."""

UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official UN languages every vocabulary concept is labelled in."""


def read_ontology_text() -> str:
    """The shipped scp.ttl as text (works from a source tree and an installed wheel alike)."""
    return ontology_file().read_text(encoding="utf-8")


def parse_ontology() -> Graph:
    """A fresh graph of the shipped ontology: for callers that add triples to it."""
    graph = Graph()
    graph.parse(data=read_ontology_text(), format="turtle")
    return graph


@lru_cache(maxsize=1)
def load_graph() -> Graph:
    """The shipped ontology, parsed once per process; treat it as read-only (use parse_ontology to edit)."""
    return parse_ontology()
