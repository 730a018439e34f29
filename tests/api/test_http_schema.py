"""GraphQL over HTTP with the project's schema on the bundled examples (the app `scpkg serve` runs):
the status codes hold for its limits and switches, not only for the test double in test_http.py."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from scpkg.api.app import app_for_store
from scpkg.api.http import GRAPHQL_RESPONSE
from scpkg.store import GraphStore

GQL = {"accept": GRAPHQL_RESPONSE}


@pytest.fixture(scope="module")
def client(example_store: GraphStore) -> TestClient:
    return TestClient(app_for_store(example_store))


def test_query_by_get_and_post(client: TestClient) -> None:
    query = "{ policies(first: 2) { totalCount edges { node { iri } } } }"
    posted = client.post("/graphql", json={"query": query}, headers=GQL)
    got = client.get("/graphql", params={"query": query}, headers=GQL)
    assert posted.status_code == got.status_code == 200
    assert posted.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert posted.json() == got.json() and posted.json()["data"]["policies"]["totalCount"] > 0


def test_depth_limit_is_a_request_error(client: TestClient) -> None:
    deep = "{ policies(first: 1) { edges { node { " + "country { policies(first: 1) { edges { node { " * 6
    deep += "iri" + " } } } }" * 6 + " } } } }"
    r = client.post("/graphql", json={"query": deep}, headers=GQL)
    assert r.status_code == 400, r.text
    assert "data" not in r.json()


def test_unknown_field_is_400(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ nope }"}, headers=GQL)
    assert r.status_code == 400


def test_production_switches_off_introspection_and_explorer(example_store: GraphStore) -> None:
    c = TestClient(app_for_store(example_store, introspection=False, explorer=False))
    r = c.post("/graphql", json={"query": "{ __schema { queryType { name } } }"}, headers=GQL)
    assert r.status_code == 400
    assert c.get("/graphql", headers={"accept": "text/html"}).status_code == 406
    assert c.get("/static/vendor/graphiql.min.js").status_code == 404


def test_entity_iris_resolve_next_to_the_api(client: TestClient) -> None:
    iri = client.post(
        "/graphql", json={"query": "{ policies(first: 1) { edges { node { iri } } } }"}, headers=GQL
    ).json()["data"]["policies"]["edges"][0]["node"]["iri"]
    r = client.get("/" + iri.removeprefix("https://w3id.org/scpkg/"), headers={"accept": "text/html"})
    assert r.status_code == 200 and iri in r.text
