"""The /graphql endpoint follows the GraphQL-over-HTTP specification (scpkg.api.http).

The schema here is a test double for the HTTP layer only (one query field, one mutation, one field that
fails): what is under test is the transport, status codes and media types, not the store.
"""

from __future__ import annotations

import json

import pytest
import strawberry
from starlette.testclient import TestClient

from scpkg.api.app import create_app
from scpkg.api.http import GRAPHQL_RESPONSE, JSON, negotiate

GQL_ACCEPT = {"accept": GRAPHQL_RESPONSE}


@strawberry.type
class Query:
    """Test double: the HTTP layer's schema, not the project's."""

    @strawberry.field
    def hello(self, name: str = "world") -> str:
        return f"hello {name}"

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError("this field always fails")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def bump(self) -> int:
        return 1


@pytest.fixture(scope="module")
def client() -> TestClient:
    from scpkg.ontology import load_graph

    app = create_app(strawberry.Schema(Query, Mutation), ontology=load_graph())
    return TestClient(app)


def test_post_with_graphql_response_json_is_answered_in_that_type(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ hello }"}, headers=GQL_ACCEPT)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert r.json() == {"data": {"hello": "hello world"}}


def test_legacy_application_json_is_answered_in_application_json(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ hello }"}, headers={"accept": JSON})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(JSON)


def test_no_accept_header_is_treated_as_application_json(client: TestClient) -> None:
    r = client.post(
        "/graphql",
        content=json.dumps({"query": "{ hello }"}),
        headers={"content-type": "application/json", "accept": ""},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(JSON)


def test_get_runs_a_query_with_variables(client: TestClient) -> None:
    r = client.get(
        "/graphql",
        params={"query": "query Q($n: String!) { hello(name: $n) }", "variables": json.dumps({"n": "GET"})},
        headers=GQL_ACCEPT,
    )
    assert r.status_code == 200
    assert r.json() == {"data": {"hello": "hello GET"}}


def test_mutation_via_get_is_405_with_allow_post(client: TestClient) -> None:
    r = client.get("/graphql", params={"query": "mutation { bump }"}, headers=GQL_ACCEPT)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"


def test_mutation_via_post_runs(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "mutation { bump }"}, headers=GQL_ACCEPT)
    assert r.status_code == 200 and r.json() == {"data": {"bump": 1}}


@pytest.mark.parametrize(
    "request_body",
    [{"query": "{ hello"}, {"query": "{ nope }"}, {"query": "query A { hello }", "operationName": "B"}],
    ids=["syntax", "validation", "unknown-operation"],
)
def test_request_errors_are_400_without_data_in_graphql_response_json(
    client: TestClient, request_body: dict[str, str]
) -> None:
    r = client.post("/graphql", json=request_body, headers=GQL_ACCEPT)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = r.json()
    assert "data" not in body and body["errors"]


def test_request_errors_are_200_in_legacy_application_json(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ nope }"}, headers={"accept": JSON})
    assert r.status_code == 200
    assert r.json()["errors"]


def test_bad_variables_are_a_request_error(client: TestClient) -> None:
    r = client.post(
        "/graphql",
        json={"query": "query Q($n: String!) { hello(name: $n) }", "variables": {"n": 3}},
        headers=GQL_ACCEPT,
    )
    assert r.status_code == 400
    assert "data" not in r.json()


def test_field_errors_are_200_with_partial_data(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ hello broken }"}, headers=GQL_ACCEPT)
    assert r.status_code == 200
    body = r.json()
    assert body["data"] == {"hello": "hello world", "broken": None}
    assert body["errors"][0]["path"] == ["broken"]


def test_unacceptable_accept_is_406(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ hello }"}, headers={"accept": "text/csv"})
    assert r.status_code == 406


@pytest.mark.parametrize(
    "body",
    [{"variables": {}}, {"query": 5}, {"query": "{ hello }", "variables": [1]}, [1, 2]],
    ids=["no-query", "query-not-string", "variables-not-object", "not-an-object"],
)
def test_malformed_requests_are_400(client: TestClient, body: object) -> None:
    r = client.post("/graphql", json=body, headers=GQL_ACCEPT)
    assert r.status_code == 400


def test_body_that_is_not_json_is_400(client: TestClient) -> None:
    r = client.post("/graphql", content="{ hello", headers={"content-type": "application/json", **GQL_ACCEPT})
    assert r.status_code == 400


def test_non_json_content_type_is_415(client: TestClient) -> None:
    r = client.post("/graphql", content="{ hello }", headers={"content-type": "text/plain", **GQL_ACCEPT})
    assert r.status_code == 415


def test_other_methods_are_405(client: TestClient) -> None:
    assert client.put("/graphql", json={"query": "{ hello }"}).status_code == 405


def test_browser_get_without_query_gets_the_explorer(client: TestClient) -> None:
    r = client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "/static/vendor/graphiql.min.js" in r.text
    assert "connect-src 'self'" in r.headers["content-security-policy"]


def test_explorer_page_and_assets_reference_no_other_host(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"}).text
    assert "http://" not in page and "https://" not in page
    for asset in (
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ):
        r = client.get(f"/static/vendor/{asset}")
        assert r.status_code == 200, asset


def test_introspection_switched_off() -> None:
    from scpkg.ontology import load_graph

    app = create_app(
        strawberry.Schema(Query, Mutation), ontology=load_graph(), introspection=False, explorer=False
    )
    c = TestClient(app)
    r = c.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=GQL_ACCEPT)
    assert r.status_code == 400
    assert "introspection" in r.json()["errors"][0]["message"]
    assert c.post("/graphql", json={"query": "{ __typename }"}, headers=GQL_ACCEPT).status_code == 200
    # production: no explorer page and no static assets.
    assert c.get("/graphql", headers={"accept": "text/html"}).status_code != 200
    assert c.get("/static/vendor/graphiql.min.js").status_code == 404


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE};q=0.5", JSON),
        ("text/csv", None),
        (f"{GRAPHQL_RESPONSE};q=0", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, [GRAPHQL_RESPONSE, JSON], wildcard_default=JSON) == expected
