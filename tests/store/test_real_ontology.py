"""The store on the shipped ontology (ontology/scp.ttl): its allow-list, its own vocabularies as
reference data, the ingest reference graph and the round trip on the bundled examples."""

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from scpkg.ontology import load_graph
from scpkg.store import ontology_reference
from scpkg.store.base import CaseStudyLoad
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import NAME_RE, Vocabulary, project

from .conftest import canonical

ROOT = Path(__file__).parents[2]
SCP = "https://w3id.org/scpkg/ont/"
CASE = "https://w3id.org/scpkg/id/case-study/policies"


def _assert_isomorphic(expected: Graph, actual: Graph) -> None:
    expected, actual = canonical(expected), canonical(actual)
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            f"not isomorphic\nmissing: {sorted(only_expected)[:20]}\nextra: {sorted(only_actual)[:20]}"
        )


@pytest.fixture(scope="module")
def real_vocab() -> Vocabulary:
    return Vocabulary.from_ontology(load_graph())


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory, real_vocab: Vocabulary):
    store = FalkorDBStore(tmp_path_factory.mktemp("real") / "graph.db", real_vocab)
    store.init_schema()
    yield store
    store.close()


def _examples() -> dict[str, tuple[Graph, str]]:
    """The bundled example case studies as the ingest pipeline maps them to RDF."""
    examples = ROOT / "ingest" / "examples"
    if not any(examples.glob("*.yaml")):
        pytest.skip("no bundled examples in ingest/examples")
    from scpkg.ingest.pipeline import run

    class Capture:
        def __init__(self) -> None:
            self.graphs: dict[str, tuple[Graph, str]] = {}

        def case_study_origins(self, case_iris: Sequence[str]) -> dict[str, tuple[str, str | None]]:
            return {}

        def load_case_study(self, case_iri: str, graph: Graph, content_hash: str) -> None:
            self.graphs[case_iri] = (graph, content_hash)

        def load_case_studies(self, batch: Iterable[CaseStudyLoad]) -> None:
            for item in batch:
                self.load_case_study(item.case_iri, item.graph, item.content_hash)

    capture = Capture()
    run([examples], store=capture, report_dir=None)
    assert capture.graphs, "the pipeline mapped none of the bundled examples"
    return capture.graphs


def test_allow_list_has_every_class_and_predicate_under_a_plain_unique_name(real_vocab: Vocabulary) -> None:
    labels = list(real_vocab.labels.values())
    assert len(labels) == len(set(labels)) and all(NAME_RE.fullmatch(n) for n in labels)
    assert {"Policy", "RegulatoryInstrument", "BanOrRestriction", "Concept", "Country"} <= set(labels)
    keys = [p.key for p in real_vocab.properties.values()]
    assert len(keys) == len(set(keys)), "two predicates share a property key"
    types = [p.rel_type for p in real_vocab.properties.values()]
    assert len(types) == len(set(types)), "two predicates share a relationship type"
    ontology = load_graph()
    declared = {
        s for t in ("ObjectProperty", "DatatypeProperty") for s in ontology.subjects(RDF.type, URIRef(
            "http://www.w3.org/2002/07/owl#" + t))
    }  # fmt: skip
    assert declared <= set(real_vocab.properties), "an ontology property got no property-graph name"


def test_ontology_vocabularies_load_as_reference(real_store: FalkorDBStore) -> None:
    real_store.clear()
    vocabularies = ontology_reference()
    assert len(vocabularies) > 500
    real_store.load_reference(vocabularies)
    rows = real_store.run("MATCH (c:Concept) WHERE c.notation IS NOT NULL RETURN count(c) AS n")
    assert rows[0]["n"] > 50
    rows = real_store.run(
        "MATCH (c:Concept)-[:IN_SCHEME]->(s:ConceptScheme) WHERE c.prefLabel_zh IS NOT NULL "
        "AND c.prefLabel_ar IS NOT NULL RETURN count(c) AS n"
    )
    assert rows[0]["n"] > 50
    assert real_store.run("MATCH (g:SDGGoal) RETURN count(g) AS n")[0]["n"] >= 17
    assert real_store.run("MATCH (m:MultilateralEnvironmentalAgreement) RETURN count(m) AS n")[0]["n"] >= 4
    _assert_isomorphic(vocabularies, real_store.graph_to_rdf())


def test_ingest_reference_graph_projects_and_loads(real_store: FalkorDBStore) -> None:
    from scpkg.ingest.reference import reference_graph

    real_store.clear()
    reference = reference_graph()
    real_store.load_reference(reference)
    assert real_store.run("MATCH (c:Country) RETURN count(c) AS n")[0]["n"] > 190
    _assert_isomorphic(reference, real_store.graph_to_rdf())


def test_regulatory_instrument_finds_a_ban_and_policies_round_trip(real_store: FalkorDBStore) -> None:
    real_store.clear()
    policies = Graph().parse(ROOT / "tests" / "data" / "store" / "policies.ttl")
    real_store.load_case_study(CASE, policies, "h")
    rows = real_store.run(
        "MATCH (n:RegulatoryInstrument) WHERE $ban IN n.rdf_type RETURN n.iri AS iri",
        {"ban": SCP + "BanOrRestriction"},
    )
    assert rows, "MATCH (:RegulatoryInstrument) did not find the scp:BanOrRestriction policy"
    _assert_isomorphic(policies, real_store.graph_to_rdf())


def test_bundled_examples_round_trip(real_store: FalkorDBStore, real_vocab: Vocabulary) -> None:
    real_store.clear()
    examples = _examples()
    union = Graph()
    for case, (graph, content_hash) in examples.items():
        project(graph, real_vocab)  # each projects on its own
        real_store.load_case_study(case, graph, content_hash)
        union += graph
    _assert_isomorphic(union, real_store.graph_to_rdf())
    for case, (graph, _) in examples.items():
        _assert_isomorphic(graph, real_store.case_study_graph(case))
