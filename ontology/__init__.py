"""The SCP ontology: the edited Turtle source, its generated namespace module and its checks."""

from functools import lru_cache

from rdflib import Graph

from scpkg.resources import ontology_dir, ontology_file

ONTOLOGY_IRI = "https://w3id.org/scpkg/ont"
"""The ontology's own IRI (its terms live under ONTOLOGY_IRI + "/")."""

TERM_NS = ONTOLOGY_IRI + "/"
"""Namespace of the ontology's classes and properties (prefix `scp:`)."""

UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official UN languages every vocabulary concept is labelled in."""


GENERATED_VOCABULARIES: tuple[str, ...] = ("sdg.ttl",)
"""Turtle files generated from published tables (by `scpkg ontology build`) that belong to the ontology."""


def read_ontology_text() -> str:
    """The shipped ontology as one Turtle text: scp.ttl, then the generated vocabularies (a Turtle
    document may declare prefixes anywhere, so the texts concatenate). Works from a source tree and
    an installed wheel alike; whoever hashes or parses the ontology gets all of it."""
    parts = [ontology_file().read_text(encoding="utf-8")]
    parts += [(ontology_dir() / name).read_text(encoding="utf-8") for name in GENERATED_VOCABULARIES]
    return "\n".join(parts)


def parse_ontology() -> Graph:
    """A fresh graph of the shipped ontology: for callers that add triples to it."""
    graph = Graph()
    graph.parse(data=read_ontology_text(), format="turtle")
    return graph


@lru_cache(maxsize=1)
def load_graph() -> Graph:
    """The shipped ontology, parsed once per process (and unpickled from the per-user cache when its
    text is unchanged, see scpkg.ontology.cache); treat it as read-only (use parse_ontology to edit)."""
    from scpkg.ontology.cache import cache_dir, parse_cached

    return parse_cached(read_ontology_text(), cache_dir())
