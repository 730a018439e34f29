"""The store contract on every backend: round trip, idempotent loads, batches, provenance."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, RDF

from scpkg.store import REFERENCE_CASE, CaseStudyLoad, GraphStore, cypher
from scpkg.store.projection import ProjectionError, Vocabulary

from .conftest import canonical

SCP = "https://w3id.org/scpkg/ont/"
CASE_A = "https://w3id.org/scpkg/id/case-study/a"
CASE_B = "https://w3id.org/scpkg/id/case-study/b"
BAN = URIRef("https://w3id.org/scpkg/id/policy/IDN/presidential-regulation-21-2019")
IDN = URIRef("https://w3id.org/scpkg/id/country/IDN")


def _assert_isomorphic(expected: Graph, actual: Graph) -> None:
    expected, actual = canonical(expected), canonical(actual)
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"not isomorphic\nmissing: {sorted(only_expected)}\nextra: {sorted(only_actual)}")


def _counts(store: GraphStore) -> tuple[dict, dict]:
    s = store.status()
    return s.labels, s.rel_types


def test_rdf_to_graph_to_rdf_is_isomorphic(store: GraphStore, policies: Graph) -> None:
    store.load_case_study(CASE_A, policies, "h1")
    _assert_isomorphic(policies, store.graph_to_rdf())


def test_superclass_labels_let_queries_find_subclasses(store: GraphStore, policies: Graph) -> None:
    store.load_case_study(CASE_A, policies, "h1")
    rows = store.run("MATCH (n:RegulatoryInstrument) RETURN n.iri AS iri ORDER BY iri")
    assert [r["iri"] for r in rows] == [
        "https://w3id.org/scpkg/id/policy/CHL/law-20920",
        str(BAN),
    ]
    rows = store.run(
        "MATCH (p:Policy)-[:LED_BY]->(b:GovernmentBody) RETURN p.adoptionYear AS y, b.prefLabel_en AS b"
    )
    assert rows == [{"y": 2019, "b": "Ministry of Environment and Forestry"}]
    rows = store.run(
        "MATCH (c:Country {iso3: $iso3}) RETURN c.m49 AS m49, c.prefLabel_zh AS zh", {"iso3": "IDN"}
    )
    assert rows == [{"m49": "360", "zh": "印度尼西亚"}]


def test_loading_twice_leaves_the_graph_unchanged(store: GraphStore, policies: Graph) -> None:
    store.load_case_study(CASE_A, policies, "h1")
    before = _counts(store)
    stats = store.load_case_study(CASE_A, policies, "h1")
    assert stats.skipped == 1 and stats.case_studies == 0
    assert _counts(store) == before
    # Same triples under another hash: retracted and reloaded, still the same graph.
    stats = store.load_case_study(CASE_A, policies, "h2")
    assert stats.replaced == 1
    assert _counts(store) == before
    assert store.case_study_hash(CASE_A) == "h2"
    _assert_isomorphic(policies, store.graph_to_rdf())


def test_changed_hash_replaces_old_assertions(store: GraphStore, policies: Graph) -> None:
    store.load_case_study(CASE_A, policies, "h1")
    smaller = Graph()
    smaller += policies.triples((BAN, None, None))
    store.load_case_study(CASE_A, smaller, "h2")
    _assert_isomorphic(smaller, store.graph_to_rdf())


def test_retraction_keeps_what_another_case_study_asserts(store: GraphStore, policies: Graph) -> None:
    shared = Graph()
    shared.add((BAN, RDF.type, URIRef(SCP + "BanOrRestriction")))
    shared.add((BAN, DCTERMS.identifier, Literal("Perpres 21/2019")))
    shared.add((BAN, URIRef(SCP + "country"), IDN))
    shared.add((BAN, DCTERMS.title, Literal("Only in B", lang="en")))
    store.load_case_studies([CaseStudyLoad(CASE_A, policies, "a1"), CaseStudyLoad(CASE_B, shared, "b1")])
    rows = store.run("MATCH (n:Resource {iri: $iri}) RETURN n.asserted_by AS by", {"iri": str(BAN)})
    assert rows[0]["by"] == [CASE_A, CASE_B]
    _assert_isomorphic(policies + shared, store.graph_to_rdf())

    assert store.retract_case_study(CASE_A)
    _assert_isomorphic(shared, store.graph_to_rdf())
    assert store.case_study_hash(CASE_A) is None
    labels, _ = _counts(store)
    assert labels.get("RegulatoryInstrument") == 1 and "Standard" not in labels

    assert store.retract_case_study(CASE_B)
    assert not store.retract_case_study(CASE_B)
    labels, types = _counts(store)
    assert types == {} and set(labels) <= {"Resource"} and labels.get("Resource", 0) == 0


def test_reference_data_and_provenance_dataset(store: GraphStore, policies: Graph) -> None:
    country = Graph()
    country += policies.triples((IDN, None, None))
    store.load_reference(country)
    store.load_case_study(CASE_A, policies, "h1")
    assert store.case_studies() == sorted([REFERENCE_CASE, CASE_A])
    ds = store.provenance_dataset()
    _assert_isomorphic(country, ds.graph(URIRef(REFERENCE_CASE)))
    _assert_isomorphic(policies, ds.graph(URIRef(CASE_A)))
    store.retract_case_study(CASE_A)
    _assert_isomorphic(country, store.graph_to_rdf())


def test_failed_batch_leaves_the_store_as_it_was(store: GraphStore, policies: Graph) -> None:
    store.load_case_study(CASE_A, policies, "h1")
    before = _counts(store)
    good = Graph()
    good.add((URIRef("https://w3id.org/scpkg/id/policy/X/y"), DCTERMS.identifier, Literal("y")))
    # The real batch statement, made to fail half-way (after nodes are written) by a map value.
    label_sets = [frozenset({"Policy"})]
    bad_params_query = cypher.load_statement(store.vocab, label_sets, ["COUNTRY"], [])
    params = cypher.load_params(store.vocab, label_sets, ["COUNTRY"], [])
    params["provenance"] = [{"case_study": CASE_B, "hash": "b", "ntriples": ""}]
    params["nodes_0"] = [{"iri": "urn:ok", "props": {"iri": "urn:ok"}}]
    params["new_COUNTRY"] = [{"s": "urn:ok", "o": str(IDN), "cases": [{"not": "a primitive"}]}]
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error type
        store._write(bad_params_query, params)
    assert _counts(store) == before
    assert store.case_study_hash(CASE_B) is None


def test_unknown_predicate_and_blank_node_are_refused(store: GraphStore) -> None:
    g = Graph()
    g.add((BAN, URIRef("https://example.org/notInTheOntology"), Literal("x")))
    with pytest.raises(ProjectionError, match="not declared"):
        store.load_case_study(CASE_A, g, "h")
    from rdflib import BNode

    g = Graph()
    g.add((BAN, URIRef(SCP + "country"), BNode()))
    with pytest.raises(ProjectionError, match="blank node"):
        store.load_case_study(CASE_A, g, "h")
    assert store.case_studies() == []


def test_many_case_studies_in_batches(store: GraphStore, policies: Graph) -> None:
    store.batch_size = 7
    items = []
    for i in range(30):
        g = Graph()
        p = URIRef(f"https://w3id.org/scpkg/id/policy/IDN/p-{i}")
        g.add((p, RDF.type, URIRef(SCP + "TaxFeeLevy")))
        g.add((p, URIRef(SCP + "country"), IDN))
        items.append(CaseStudyLoad(f"https://w3id.org/scpkg/id/case-study/c{i}", g, "h"))
    stats = store.load_case_studies(items)
    assert stats.case_studies == 30 and stats.nodes == 30 and stats.relationships == 30
    labels, types = _counts(store)
    assert labels["EconomicInstrument"] == 30 and types["COUNTRY"] == 30
    assert store.load_case_studies(items).skipped == 30


def test_schema_setup_is_idempotent(store: GraphStore) -> None:
    store.init_schema()
    store.init_schema()
    assert store.status().schema_ready


def test_first_load_sets_up_the_iri_index(tmp_path: Path, vocab: Vocabulary, policies: Graph) -> None:
    """Regression: the ingest pipeline loads into stores nobody ran `scpkg store init` on. Without the
    IRI index every MERGE/MATCH on an IRI scanned all nodes and a 1,000-case ingest took minutes."""
    from scpkg.store.falkordb import FalkorDBStore

    with FalkorDBStore(tmp_path / "fresh.db", vocab) as fresh:
        assert not fresh.schema_ready()
        fresh.load_case_study(CASE_A, policies, "h1")
        assert fresh.schema_ready()
