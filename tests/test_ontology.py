"""The SCP ontology: it parses, loads in owlready2, reasons clean, passes its checks, and its
generated files match a fresh build. Each check is also shown to fail on a broken graph."""

import io
import shutil

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from scpkg.ontology import UN_LANGUAGES, load_graph, parse_ontology
from scpkg.ontology.build import NAMESPACE_FILE, README_FILE, render_namespace, render_readme
from scpkg.ontology.quality import run_checks, run_query, violation_queries

JAVA_REASON = "install a Java runtime (e.g. apt-get install default-jre-headless)"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason=JAVA_REASON)

SCP = Namespace("https://w3id.org/scpkg/ont/")
QUERIES = violation_queries()


def test_ontology_parses_with_the_header() -> None:
    graph = load_graph()
    ontology = URIRef("https://w3id.org/scpkg/ont")
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert graph.value(ontology, OWL.versionIRI) == URIRef("https://w3id.org/scpkg/ont/0.1.0")


def test_owlready2_loads_the_classes() -> None:
    import owlready2

    world = owlready2.World()
    data = load_graph().serialize(format="nt", encoding="utf-8")
    onto = world.get_ontology("https://w3id.org/scpkg/ont").load(fileobj=io.BytesIO(data), format="ntriples")
    ban = world[str(SCP.BanOrRestriction)]
    assert ban is not None and onto is not None
    assert world[str(SCP.RegulatoryInstrument)] in ban.ancestors()


@pytest.mark.java
@needs_java
def test_hermit_finds_the_ontology_consistent() -> None:
    from scpkg.ontology.reasoner import run_hermit

    result = run_hermit()
    assert result.consistent, result.message
    assert result.unsatisfiable == []


@pytest.mark.java
@needs_java
def test_hermit_reports_a_class_under_two_disjoint_families() -> None:
    """Guards the reasoner wiring: a contradiction must come back as unsatisfiable, not pass."""
    from scpkg.ontology.reasoner import run_hermit

    graph = parse_ontology()
    broken = SCP.BrokenInstrument
    graph.add((broken, RDF.type, OWL.Class))
    graph.add((broken, RDFS.subClassOf, SCP.Ecolabel))
    graph.add((broken, RDFS.subClassOf, SCP.VoluntaryAgreement))
    result = run_hermit(graph)
    assert str(broken) in result.unsatisfiable


def test_there_are_violation_queries() -> None:
    assert len(QUERIES) >= 8, "the checks/*-violation.rq glob matched (almost) nothing"


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_violation_query_returns_no_rows(query) -> None:
    assert query.description, f"{query.name} has no comment header saying what it checks"
    rows = run_query(load_graph(), query)
    assert rows == [], f"{query.name}: {rows[:10]}"


def _query(name: str):
    return next(q for q in QUERIES if q.name == name)


def test_checks_fail_on_a_broken_mini_graph() -> None:
    """A concept with no labels, scheme, notation or definition, and a property with two domains,
    must each be caught: the checks can fail."""
    graph = Graph()
    concept = URIRef("https://w3id.org/scpkg/vocab/sector/broken")
    graph.add((concept, RDF.type, SKOS.Concept))
    prop = SCP.brokenProperty
    graph.add((prop, RDF.type, OWL.ObjectProperty))
    graph.add((prop, RDFS.domain, SCP.Policy))
    graph.add((prop, RDFS.domain, SCP.Programme))
    for name in (
        "missing-english-label",
        "missing-chinese-label",
        "missing-english-definition",
        "concept-outside-scheme",
        "notation-missing",
        "property-missing-label",
        "property-several-domains",
    ):
        assert run_query(graph, _query(name)), f"{name} did not catch the broken graph"
    languages = {row["language"] for row in run_query(graph, _query("concept-missing-un-language"))}
    assert languages == set(UN_LANGUAGES)
    assert {f.check for f in run_checks(graph)} >= {"missing-english-label", "notation-missing"}


def test_duplicate_notation_in_a_scheme_is_caught() -> None:
    graph = parse_ontology()
    clash = URIRef("https://w3id.org/scpkg/vocab/sector/food-again")
    graph.add((clash, RDF.type, SKOS.Concept))
    graph.add((clash, SKOS.inScheme, URIRef("https://w3id.org/scpkg/vocab/sector")))
    graph.add((clash, SKOS.notation, Literal("food")))
    rows = run_query(graph, _query("notation-duplicate"))
    assert [r["notation"] for r in rows] == ["food"]


def test_namespace_module_matches_a_fresh_build() -> None:
    assert NAMESPACE_FILE.read_text(encoding="utf-8") == render_namespace(load_graph()), (
        "ontology/namespace.py is stale: run `scpkg ontology build`"
    )


def test_readme_diagram_matches_a_fresh_build() -> None:
    current = README_FILE.read_text(encoding="utf-8")
    assert current == render_readme(current, load_graph()), (
        "the diagram in ontology/README.md is stale: run `scpkg ontology build`"
    )


def test_namespace_has_every_term_and_fails_on_a_misspelt_one() -> None:
    from scpkg.ontology.namespace import SCP as GENERATED

    assert GENERATED.BanOrRestriction == URIRef("https://w3id.org/scpkg/ont/BanOrRestriction")
    assert GENERATED.ledBy == URIRef("https://w3id.org/scpkg/ont/ledBy")
    with pytest.raises(AttributeError):
        _ = GENERATED.BanOrRestrictoin


def test_every_term_sheet_class_is_in_the_ontology() -> None:
    """The term sheet is what other modules code against: a renamed term must fail here."""
    names = [
        "Policy",
        "PolicyInstrument",
        "RegulatoryInstrument",
        "BanOrRestriction",
        "Standard",
        "MandatoryRequirement",
        "EconomicInstrument",
        "TaxFeeLevy",
        "SubsidyOrIncentive",
        "DepositRefund",
        "ExtendedProducerResponsibility",
        "InformationInstrument",
        "Ecolabel",
        "ProductInformation",
        "AwarenessCampaign",
        "VoluntaryInstrument",
        "VoluntaryAgreement",
        "CleanerProductionProgramme",
        "IndustryInitiative",
        "ProcurementInstrument",
        "SustainablePublicProcurement",
        "PolicyFramework",
        "Country",
        "Region",
        "GovernmentBody",
        "Organization",
        "MultilateralEnvironmentalAgreement",
        "MEAObligation",
        "MEAParticipation",
        "Target",
        "QuantifiedTarget",
        "QualitativeTarget",
        "Outcome",
        "Programme",
        "RegionalRoadmap",
        "ValueChainHotspot",
        "CaseStudy",
        "SourceDocument",
        "FocalPoint",
        "SDGGoal",
        "SDGTarget",
        "SDGIndicator",
    ]
    graph = load_graph()
    missing = [n for n in names if (SCP[n], RDF.type, OWL.Class) not in graph]
    assert missing == []


def test_economic_group_collection_has_the_five_ministry_types() -> None:
    graph = load_graph()
    group = URIRef("https://w3id.org/scpkg/vocab/ministry-type/economic-group")
    members = {str(m).rsplit("/", 1)[1] for m in graph.objects(group, SKOS.member)}
    assert members == {"economy", "finance", "planning", "trade-industry", "high-level-body"}
