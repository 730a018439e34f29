"""Graph stores: one interface, two backends (embedded FalkorDB by default, Neo4j in production).

Choose with a store URL: ``--store`` or ``SCPKG_STORE``, e.g. ``falkordb:///path/graph.db`` or
``neo4j+s://host:7687``. Neo4j credentials come only from ``SCPKG_NEO4J_USER``,
``SCPKG_NEO4J_PASSWORD`` (and optionally ``SCPKG_NEO4J_DATABASE``) or a prompt, never from the URL.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from rdflib import Graph

from scpkg.store.base import (
    REFERENCE_CASE,
    CaseStudyLoad,
    GraphStore,
    LoadStats,
    StoreStatus,
    StoreUnavailableError,
)
from scpkg.store.projection import NameNotAllowedError, ProjectionError, Vocabulary
from scpkg.store.urls import redact

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

__all__ = [
    "REFERENCE_CASE",
    "CaseStudyLoad",
    "GraphStore",
    "LoadStats",
    "NameNotAllowedError",
    "ProjectionError",
    "StoreStatus",
    "StoreUnavailableError",
    "Vocabulary",
    "default_url",
    "demo_url",
    "load_vocabulary",
    "ontology_reference",
    "open_store",
    "redact",
]


class StoreConfigError(ValueError):
    """The store URL or its credentials are unusable."""


def default_url() -> str:
    """``SCPKG_STORE`` if set, else the embedded graph in the user's data directory."""
    return os.environ.get("SCPKG_STORE") or f"falkordb://{Path(user_data_dir('scpkg')) / 'graph.db'}"


def demo_url() -> str:
    """The demo's own embedded store, beside the default one: its illustrative case studies must never
    end up among a user's (``SCPKG_STORE`` is deliberately not consulted)."""
    return f"falkordb://{Path(user_data_dir('scpkg')) / 'demo.db'}"


def load_vocabulary(ontology: Graph | Path | None = None) -> Vocabulary:
    """The allow-list from an ontology graph or file; by default the shipped ``ontology/scp.ttl``
    (:func:`scpkg.ontology.load_graph`)."""
    if isinstance(ontology, Graph):
        return Vocabulary.from_ontology(ontology)
    if ontology is None:
        try:
            return _shipped_vocabulary()
        except FileNotFoundError as exc:
            raise StoreConfigError(
                "the ontology ontology/scp.ttl is missing: the store takes its labels from it"
            ) from exc
    return Vocabulary.from_ontology(Graph().parse(ontology))


def _shipped_vocabulary() -> Vocabulary:
    """The shipped ontology's allow-list, from the per-user cache (keyed by the ontology's text and the
    projection code that derives it) when current: every command opens a store, and unpickling the
    whole ontology graph to derive a few hundred names was a third of a short command (issue 11)."""
    from scpkg.ontology import load_graph, read_ontology_text
    from scpkg.ontology.cache import build_cached, cache_dir, cache_key
    from scpkg.store import projection

    code = Path(projection.__file__).read_bytes().decode("utf-8")
    key = cache_key(read_ontology_text(), "store vocabulary", code)
    return build_cached(key, lambda: Vocabulary.from_ontology(load_graph()), Vocabulary, cache_dir())


def ontology_reference(ontology: Graph | None = None) -> Graph:
    """The ontology's own individuals as instance data, for :meth:`GraphStore.load_reference`:
    concept schemes and concepts (with their six-language labels and ``notation``), SDG goals,
    targets and indicators, MEAs and their obligations, programmes. Classes, properties and the
    ontology header are the schema (the :class:`Vocabulary`), not nodes; triples whose object is a
    blank node (OWL axioms) or whose predicate the ontology does not declare are left out."""
    from rdflib import BNode, URIRef
    from rdflib.namespace import RDF

    if ontology is None:
        from scpkg.ontology import load_graph

        ontology = load_graph()
    vocab = Vocabulary.from_ontology(ontology)
    individuals = {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and o in vocab.labels and s not in vocab.labels
    }
    out = Graph()
    for s in individuals:
        for p, o in ontology.predicate_objects(s):
            if isinstance(o, BNode) or (p != RDF.type and p not in vocab.properties):
                continue
            out.add((s, p, o))
    return out


def open_store(
    url: str | None = None,
    ontology: Graph | Path | None = None,
    prompt: Callable[[str, bool], str] | None = None,
) -> GraphStore:
    """Open the store a URL names (default :func:`default_url`) with the labels of ``ontology``
    (default: the shipped ontology). ``prompt(label, hide)`` is asked for missing Neo4j credentials;
    without it, missing credentials are an error."""
    url = url or default_url()
    vocab = load_vocabulary(ontology)
    parts = urlsplit(url)
    if parts.scheme == "falkordb":
        path = (parts.netloc + parts.path) if parts.netloc else parts.path
        if not path:
            raise StoreConfigError(f"no file path in {url!r}: use falkordb:///absolute/path/graph.db")
        from scpkg.store.falkordb import FalkorDBStore

        return FalkorDBStore(Path(path).expanduser(), vocab, url=url)
    if parts.scheme in NEO4J_SCHEMES:
        if parts.username or parts.password:
            raise StoreConfigError(
                "put Neo4j credentials in SCPKG_NEO4J_USER / SCPKG_NEO4J_PASSWORD, not the URL"
            )
        user = os.environ.get("SCPKG_NEO4J_USER") or (prompt("Neo4j user", False) if prompt else None)
        password = os.environ.get("SCPKG_NEO4J_PASSWORD") or (
            prompt("Neo4j password", True) if prompt else None
        )
        if not user or not password:
            raise StoreConfigError("set SCPKG_NEO4J_USER and SCPKG_NEO4J_PASSWORD for a Neo4j store")
        from scpkg.store.neo4j import Neo4jStore

        return Neo4jStore(url, user, password, vocab, database=os.environ.get("SCPKG_NEO4J_DATABASE") or None)
    raise StoreConfigError(
        f"unknown store {redact(url)!r}: use falkordb:///path/graph.db or neo4j+s://host:7687"
    )
