"""The response-side limits of the HTTP layer, and the fragment count, on a test-double schema.

The schema here is the HTTP layer's test double (as in test_http.py): what is under test is how many
errors and how many bytes one response may carry, which the project's schema on a small store cannot
produce on demand.
"""

from __future__ import annotations

import json
import time

import strawberry
from graphql import parse
from starlette.testclient import TestClient

from scpkg.api.app import create_app
from scpkg.api.errors import ApiError
from scpkg.api.http import GRAPHQL_RESPONSE, cap_errors, json_depth
from scpkg.api.limits import ApiSettings, expanded_fields, extensions

GQL_ACCEPT = {"accept": GRAPHQL_RESPONSE}


@strawberry.type
class Item:
    n: int

    @strawberry.field
    def value(self) -> int | None:
        raise ApiError(f"item {self.n} has no value", "BAD_INPUT")


@strawberry.type
class Query:
    """Test double: many failing items, and a long text."""

    @strawberry.field
    def items(self, count: int) -> list[Item]:
        return [Item(n=i) for i in range(count)]

    @strawberry.field
    def text(self, length: int) -> str:
        return "x" * length


def _client(**limits: object) -> TestClient:
    from scpkg.ontology import load_graph

    settings = ApiSettings(**limits)  # type: ignore[arg-type]
    schema = strawberry.Schema(Query, extensions=extensions(settings))
    return TestClient(create_app(schema, ontology=load_graph(), limits=settings))


def test_response_held_14500_errors() -> None:
    r = _client().post("/graphql", json={"query": "{ items(count: 250) { value } }"}, headers=GQL_ACCEPT)
    errors = r.json()["errors"]
    assert len(errors) == 101, len(errors)
    assert errors[-1]["message"] == "and 150 more errors"
    assert errors[-1]["extensions"] == {"code": "TOO_MANY_ERRORS", "omitted": 150}
    assert len(r.json()["data"]["items"]) == 250  # the data is all there, only the list of errors is cut


def test_response_size_had_no_cap() -> None:
    c = _client(max_response_bytes=10_000)
    r = c.post("/graphql", json={"query": "{ text(length: 20000) }"}, headers=GQL_ACCEPT)
    body = r.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "RESPONSE_TOO_LARGE", body
    assert c.post("/graphql", json={"query": "{ text(length: 100) }"}, headers=GQL_ACCEPT).status_code == 200


def test_lone_surrogate_in_an_echoed_message_was_500() -> None:
    body = json.dumps({"query": '{ text(length: "\ud800") }'}).encode()  # JSON escapes it: ASCII
    headers = {**GQL_ACCEPT, "content-type": "application/json"}
    r = _client().post("/graphql", content=body, headers=headers)
    assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_fan_out_is_counted_without_expanding_it() -> None:
    fan_out = parse(
        "query{...F0} "
        + " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(60))
        + " fragment F60 on Query{__typename}"
    )
    started = time.monotonic()
    assert expanded_fields(fan_out, 10_000) == 10_001  # capped: 2^60 is never computed
    assert time.monotonic() - started < 20  # a hang guard, not a benchmark
    small = parse("query{ a { b c } ...F } fragment F on Query { d ...G ...G } fragment G on Query { e }")
    assert expanded_fields(small, 100) == 6
    cyclic = parse("query{...A} fragment A on Query{x ...B} fragment B on Query{y ...A}")
    assert expanded_fields(cyclic, 100) <= 3


def test_error_and_depth_helpers() -> None:
    assert cap_errors([{"message": "a"}], 1) == [{"message": "a"}]
    assert json_depth({"a": [1, {"b": []}]}) == 4
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == 100_001  # no RecursionError
