"""Every IRI under https://w3id.org/scpkg/ resolves on the server by content negotiation.

The store is the embedded FalkorDB on the shipped ontology, holding the ontology's vocabularies as
reference data and tests/data/store/policies.ttl as one case study.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from starlette.testclient import TestClient

from scpkg.api.app import create_app
from scpkg.ontology import load_graph
from scpkg.store import ontology_reference
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import Vocabulary

POLICIES = Path(__file__).parents[1] / "data" / "store" / "policies.ttl"
CASE = "https://w3id.org/scpkg/id/case-study/policies"
POLICY = "https://w3id.org/scpkg/id/policy/IDN/presidential-regulation-21-2019"
COUNTRY = "https://w3id.org/scpkg/id/country/IDN"
STAGE = "https://w3id.org/scpkg/vocab/life-cycle-stage/production"
SCP = "https://w3id.org/scpkg/ont/"


def _path(iri: str) -> str:
    return "/" + iri.removeprefix("https://w3id.org/scpkg/")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorDBStore]:
    ontology = load_graph()
    s = FalkorDBStore(tmp_path_factory.mktemp("ld") / "graph.db", Vocabulary.from_ontology(ontology))
    s.init_schema()
    s.load_reference(ontology_reference(ontology))
    s.load_case_study(CASE, Graph().parse(POLICIES), "h")
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: FalkorDBStore) -> TestClient:
    return TestClient(create_app(None, store=store, ontology=load_graph()))


def test_instance_iri_as_turtle_has_properties_and_links_both_ways(client: TestClient) -> None:
    r = client.get(_path(POLICY), headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept"
    g = Graph().parse(data=r.text, format="turtle")
    policy = URIRef(POLICY)
    assert (policy, RDF.type, URIRef(SCP + "BanOrRestriction")) in g
    assert (policy, URIRef(SCP + "country"), URIRef(COUNTRY)) in g
    # what points at an IRI is part of its description too
    country = Graph().parse(data=client.get(_path(COUNTRY), headers={"accept": "text/turtle"}).text)
    assert (policy, URIRef(SCP + "country"), URIRef(COUNTRY)) in country


def test_same_iri_as_json_ld_parses_to_the_same_graph(client: TestClient) -> None:
    ttl = Graph().parse(
        data=client.get(_path(POLICY), headers={"accept": "text/turtle"}).text, format="turtle"
    )
    r = client.get(_path(POLICY), headers={"accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert "@context" in r.json()
    jsonld = Graph().parse(data=r.text, format="json-ld")
    assert len(jsonld) == len(ttl) and set(jsonld) == set(ttl)


def test_html_view_lists_properties_with_links(client: TestClient) -> None:
    r = client.get(_path(POLICY), headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "National Action Plan on the Reduction and Elimination of Mercury" in r.text
    # A policy's HTML is its page of the web front, which links our own IRIs to this server.
    assert f'href="{_path(COUNTRY)}' in r.text
    # An IRI without a page of its own keeps the generic view, which links the ontology's properties too.
    g = client.get(_path(STAGE), headers={"accept": "text/html"})
    assert g.status_code == 200 and 'href="/ont/' in g.text


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    r = client.get(_path(POLICY) + "?format=nt", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    assert client.get(_path(POLICY) + "?format=xml").status_code == 400


def test_anything_goes_gets_turtle(client: TestClient) -> None:
    r = client.get(_path(POLICY), headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_vocabulary_concept_resolves_from_the_store(client: TestClient) -> None:
    r = client.get(_path(STAGE), headers={"accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert any(lit.language == "zh" for lit in g.objects(URIRef(STAGE), None) if isinstance(lit, Literal))


def test_ontology_term_resolves_from_the_ontology(client: TestClient) -> None:
    r = client.get("/ont/BanOrRestriction", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(SCP + "BanOrRestriction"), RDFS.label, None) in g
    html = client.get("/ont/BanOrRestriction", headers={"accept": "text/html"}).text
    assert "rdfs:subClassOf" in html


def test_the_ontology_itself_resolves(client: TestClient) -> None:
    assert client.get("/ont", headers={"accept": "text/turtle"}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/id/policy/XXX/no-such-policy", "/vocab/no-such-scheme/x", "/ont/NoSuchTerm", "/id/"]
)
def test_unknown_iris_are_404(client: TestClient, path: str) -> None:
    assert client.get(path, headers={"accept": "text/turtle"}).status_code == 404


def test_unacceptable_accept_is_406(client: TestClient) -> None:
    assert client.get(_path(POLICY), headers={"accept": "image/png"}).status_code == 406


def test_context_is_published_and_expands_the_data(client: TestClient) -> None:
    r = client.get("/context.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    context = r.json()["@context"]
    assert context["scp"] == SCP
    assert context["country"] == {"@id": SCP + "country", "@type": "@id"}
    assert context["BanOrRestriction"] == SCP + "BanOrRestriction"
    # a partner's document written with the context means what the ontology says
    doc = {"@context": context, "@id": POLICY, "@type": "BanOrRestriction", "country": COUNTRY}
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert (URIRef(POLICY), URIRef(SCP + "country"), URIRef(COUNTRY)) in g
    assert (URIRef(POLICY), RDF.type, URIRef(SCP + "BanOrRestriction")) in g
