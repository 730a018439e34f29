"""The speed-ups of issue 11 answer exactly as before: list plans, the document cache, lean pages.

Every query runs twice on the same store, through the fast schema and through strawberry's own
execution (``build_schema(fast=False)``, full property maps): the JSON must be identical."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry

from scpkg.api.execution import ListExecutor
from scpkg.api.limits import ApiSettings
from scpkg.api.policies import projection
from scpkg.api.policies import queries as policy_queries
from scpkg.api.schema import build_schema, make_context
from scpkg.store import GraphStore

SETTINGS = ApiSettings(max_page_size=500)

QUERIES = {
    "nodes, five fields": (
        "{ policies(first: 200) { nodes { iri title adoptionYear identifier isFramework } } }"
    ),
    "edges, cursors, page info": (
        '{ policies(first: 7, sort: TITLE) { edges { cursor node { iri title(lang: "fr") adoptionYear } } '
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    ),
    "aliases, typename, fragments": (
        'query { policies(first: 50) { nodes { __typename a: iri t: title(lang: "es") ...more '
        "... on Policy { description typeStated } } } } "
        'fragment more on Policy { en: title(lang: "en") launchedOn rdfType }'
    ),
    "enums and nested objects (not planned)": (
        "{ policies(first: 30) { nodes { iri instrumentTypes { code label } instrumentType { code } "
        "country { iri label } stages { iri label } } } }"
    ),
    "fields needing the whole node": (
        "{ policies(first: 30) { nodes { iri label originalTitle { lang text } adoptedOn amendedOn urls "
        "assertedBy { iri title } } } }"
    ),
    "filtered, second page, total": (
        '{ policies(filter: {instrumentType: REGULATORY_INSTRUMENT}, first: 3, after: "b2Zmc2V0OjA=") '
        "{ totalCount nodes { iri title } } }"
    ),
    "lists of other types": "{ countries(first: 40) { nodes { iri label iso3 } } }",
    "variables": (
        "query($n: Int, $l: String!) { policies(first: $n) { nodes { iri title(lang: $l) } } }",
        {"n": 25, "l": "zh"},
    ),
    "an error in a list item": "{ policies(first: 600) { nodes { iri } } }",
    "a validation error": "{ policies(first: 5) { nodes { iri nope } } }",
}


def _execute(schema: Any, store: GraphStore, query: str, variables: dict[str, Any] | None = None) -> str:
    result = asyncio.run(
        schema.execute(query, variable_values=variables, context_value=make_context(store, SETTINGS))
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    return json.dumps(body, ensure_ascii=False)


@pytest.fixture(scope="module")
def schemas() -> tuple[Any, Any]:
    return build_schema(SETTINGS), build_schema(SETTINGS, fast=False)


@pytest.fixture
def full_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Policy pages with whole property maps, as before the lean statement."""
    monkeypatch.setattr(policy_queries, "lean_selection", lambda _info: None)
    yield


@pytest.mark.parametrize("name", list(QUERIES))
def test_fast_execution_answers_differently(
    name: str, example_store: GraphStore, schemas: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, plain = schemas
    query, variables = QUERIES[name] if isinstance(QUERIES[name], tuple) else (QUERIES[name], None)
    got = [_execute(fast, example_store, query, variables) for _ in range(2)]  # the 2nd from the cache
    monkeypatch.setattr(policy_queries, "lean_selection", lambda _info: None)
    want = _execute(plain, example_store, query, variables)
    assert got[0] == want
    assert got[1] == want
    assert '"data": null' not in want or "errors" in want


def test_plain_fields_on_a_page_are_not_fetched_lean(
    example_store: GraphStore, schemas: tuple[Any, Any]
) -> None:
    """A page of plain fields asks the store for those keys only; one needing the node asks for all."""
    fast, _ = schemas
    seen: list[str] = []

    class Spy:
        def run(self, query: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            seen.append(query)
            return example_store.run(query, params)

        def __getattr__(self, name: str) -> Any:
            return getattr(example_store, name)

    spy: Any = Spy()
    _execute(fast, spy, QUERIES["nodes, five fields"])
    assert any("[k IN $keys | p[k]]" in q for q in seen), seen
    seen.clear()
    _execute(fast, spy, QUERIES["fields needing the whole node"])
    assert not any("[k IN $keys" in q for q in seen) and any("properties(p)" in q for q in seen), seen


def test_lean_page_loses_a_title_only_in_another_language(
    example_store: GraphStore, schemas: tuple[Any, Any], full_pages: None
) -> None:
    """A policy titled only in French: `title` falls back to it, which the lean keys cannot see."""
    fast, plain = schemas
    iri = example_store.run("MATCH (p:Policy) RETURN p.iri AS iri ORDER BY p.iri LIMIT 1")[0]["iri"]
    before = example_store.run("MATCH (p:Policy {iri: $iri}) RETURN p.title_en AS t", {"iri": iri})[0]["t"]
    example_store.run(
        "MATCH (p:Policy {iri: $iri}) SET p.title_qq = 'Titre seulement', p.title_en = null", {"iri": iri}
    )
    try:
        query = "{ policies(first: 3) { nodes { iri title } } }"
        want = _execute(plain, example_store, query)
        policy_queries.lean_selection = projection.lean_selection
        got = _execute(fast, example_store, query)
        assert "Titre seulement" in want
        assert got == want
    finally:
        example_store.run(
            "MATCH (p:Policy {iri: $iri}) SET p.title_en = $t, p.title_qq = null", {"iri": iri, "t": before}
        )


def test_cached_document_skips_the_limits(example_store: GraphStore, schemas: tuple[Any, Any]) -> None:
    """A cached query text still has its variables checked, and a refused one is refused every time."""
    fast, _ = schemas
    query = "query($c: String) { policies(filter: {country: $c}, first: 2) { nodes { iri } } }"
    ok = json.loads(_execute(fast, example_store, query, {"c": "GHA"}))
    assert "errors" not in ok and ok["data"]["policies"]["nodes"]
    bad = json.loads(_execute(fast, example_store, query, {"c": "G\x00HA"}))
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    deep = "{ policies { nodes " + "{ parts " * 12 + "{ iri }" + " }" * 12 + " } }"
    for _ in range(2):
        refused = json.loads(_execute(fast, example_store, deep))
        assert refused["errors"][0]["extensions"]["code"] == "DEPTH_LIMIT"


@strawberry.type
class _Item:
    name: str
    size: int | None = None

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


@strawberry.type
class _Query:
    @strawberry.field
    def items(self) -> list[_Item | None]:
        return [_Item(name="a", size=1), _Item(name=None, size=2), None, _Item(name="c")]  # type: ignore[arg-type]

    @strawberry.field
    def sizes(self) -> list[int]:
        return [1, 2**40]


@pytest.mark.parametrize(
    "query", ["{ items { name size __typename } }", "{ items { size shout(times: 2) } }", "{ sizes }"]
)
def test_list_plan_hides_an_error_in_an_item(query: str) -> None:
    """A null where the schema promises a value, or an Int past 32 bits, is the error graphql-core gives."""
    fast = strawberry.Schema(_Query, execution_context_class=ListExecutor).execute_sync(query)
    plain = strawberry.Schema(_Query).execute_sync(query)
    assert plain.errors, "the case must be an error"
    assert fast.data == plain.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in plain.errors]
