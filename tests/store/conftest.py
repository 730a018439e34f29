"""Store fixtures: the embedded FalkorDB in a temporary directory, and Neo4j when a server is given.

The Neo4j leg runs when SCPKG_TEST_NEO4J_URI (with SCPKG_TEST_NEO4J_USER / SCPKG_TEST_NEO4J_PASSWORD)
is set, in the style of the Neo4j driver's own integration tests; otherwise it is reported as skipped.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from scpkg.store import GraphStore, Vocabulary
from scpkg.store.falkordb import FalkorDBStore

DATA = Path(__file__).parent.parent / "data" / "store"
ONTOLOGY = DATA / "test-ontology.ttl"
POLICIES = DATA / "policies.ttl"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="session")
def vocab(ontology: Graph) -> Vocabulary:
    return Vocabulary.from_ontology(ontology)


@pytest.fixture
def policies_path() -> Path:
    return POLICIES


@pytest.fixture
def policies() -> Graph:
    return Graph().parse(POLICIES)


def canonical(graph: Graph) -> Graph:
    """The graph with xsd:decimal/double/float literals in the store's canonical lexical form ("50.0"
    becomes "50"): the projection keeps decimal values, not their spelling (see the decision record)."""
    from rdflib import Literal

    from scpkg.store.projection import _FLOAT_TYPES, _to_literal

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in _FLOAT_TYPES:
            o = _to_literal(float(str(o)), o.datatype, None)
        out.add((s, p, o))
    return out


def _neo4j(vocab: Vocabulary) -> GraphStore:
    uri = os.environ.get("SCPKG_TEST_NEO4J_URI")
    if not uri:
        pytest.skip("Neo4j leg: set SCPKG_TEST_NEO4J_URI, SCPKG_TEST_NEO4J_USER, SCPKG_TEST_NEO4J_PASSWORD")
    from scpkg.store.neo4j import Neo4jStore

    return Neo4jStore(
        uri,
        os.environ.get("SCPKG_TEST_NEO4J_USER", "neo4j"),
        os.environ.get("SCPKG_TEST_NEO4J_PASSWORD", ""),
        vocab,
        database=os.environ.get("SCPKG_TEST_NEO4J_DATABASE") or None,
    )


@pytest.fixture(scope="session")
def falkordb_session(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Iterator[FalkorDBStore]:
    """One embedded server for the session (starting one takes a moment); tests clear it."""
    store = FalkorDBStore(tmp_path_factory.mktemp("falkordb") / "graph.db", vocab)
    store.init_schema()
    yield store
    store.close()


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, vocab: Vocabulary) -> Iterator[GraphStore]:
    """An empty store with its schema, on each backend."""
    if request.param == "falkordb":
        s: GraphStore = request.getfixturevalue("falkordb_session")
        s.clear()
        yield s
        return
    s = _neo4j(vocab)
    s.clear()
    s.init_schema()
    yield s
    s.clear()
    s.close()
