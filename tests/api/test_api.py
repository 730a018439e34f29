"""The GraphQL API on the bundled examples: SDL drift, batching, limits, error codes."""

import asyncio
from typing import Any

import pytest

from scpkg.api.limits import ApiSettings
from scpkg.api.schema import SDL_FILE, build_schema, make_context, sdl
from scpkg.store import GraphStore


class CountingStore:
    """A proxy that counts ``run`` calls (store round trips)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.calls = 0

    def run(self, query: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.calls += 1
        return self._store.run(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def execute(store: Any, query: str, settings: ApiSettings | None = None) -> Any:
    schema = build_schema(settings)
    return asyncio.run(schema.execute(query, context_value=make_context(store, settings)))


def codes(result: Any) -> list[str]:
    return [(e.extensions or {}).get("code") for e in result.errors or []]


def test_committed_sdl_matches_the_code() -> None:
    committed = SDL_FILE.read_text("utf-8").split("\n", 2)[2]
    assert committed == sdl(), "api/schema.graphql is stale: run `python -m scpkg.api.schema`"


def test_instrument_type_enum_comes_from_the_ontology() -> None:
    text = sdl()
    for code in ("BAN_OR_RESTRICTION", "EXTENDED_PRODUCER_RESPONSIBILITY", "POLICY_FRAMEWORK"):
        assert code in text


PAGE = """{ policies(first: %d, sort: TITLE) { edges { node { iri title country { label region { label } }
  stages { label broader { notation } } leadBodies { label ministryTypes { notation } }
  leadBodyLinks { assertedBy { iri } } targets { value } assertedBy { title } } } } }"""


def test_round_trips_do_not_grow_with_the_page(example_store: GraphStore) -> None:
    counts = {}
    for n in (1, 20):
        proxy = CountingStore(example_store)
        result = execute(proxy, PAGE % n)
        assert result.errors is None, result.errors
        assert len(result.data["policies"]["edges"]) == n
        counts[n] = proxy.calls
    assert counts[20] == counts[1], counts


def test_filters_narrow_the_list(example_store: GraphStore) -> None:
    q = """{ a: policies(filter: {instrumentType: REGULATORY_INSTRUMENT}) { totalCount }
      b: policies(filter: {instrumentType: BAN_OR_RESTRICTION}) { totalCount }
      c: policies(filter: {region: "419"}) { totalCount }
      d: policies(filter: {stage: "upstream"}) { totalCount }
      e: policies(filter: {text: "塑料"}) { totalCount }
      f: policies(filter: {hasQuantifiedTarget: true}) { totalCount }
      g: policies(filter: {sdg: "12"}) { totalCount } }"""
    result = execute(example_store, q)
    assert result.errors is None, result.errors
    d = {k: v["totalCount"] for k, v in result.data.items()}
    assert d["a"] > d["b"] > 0
    assert d["c"] > 0 and d["d"] > 0 and d["f"] > 0 and d["g"] > 0


def test_cursor_pagination_walks_every_policy(example_store: GraphStore) -> None:
    seen: list[str] = []
    after = None
    while True:
        arg = f', after: "{after}"' if after else ""
        r = execute(
            example_store,
            f"{{ policies(first: 7{arg}) {{ totalCount "
            "pageInfo { hasNextPage endCursor } edges { node { iri } } } }",
        )
        page = r.data["policies"]
        seen += [e["node"]["iri"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


def test_page_size_cap(example_store: GraphStore) -> None:
    result = execute(example_store, "{ policies(first: 501) { edges { cursor } } }")
    assert codes(result) == ["PAGE_SIZE"]


CIRCULAR = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
DEEP = (
    "query { ...F } fragment F on Query { policies { edges { node { "
    + "frameworks { " * 9
    + "iri"
    + " }" * 9
    + " } } } }"
)
ALIASES = "query { ...F } fragment F on Query { " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (DEEP, "DEPTH_LIMIT"),
        (ALIASES, "ALIAS_LIMIT"),
        ("{ " + "__typename " * 3000 + "}", "TOKEN_LIMIT"),
        ("query A { __typename } query B { __typename }", "OPERATION_LIMIT"),
    ],
)
def test_limits_reject_with_a_code(example_store: GraphStore, query: str, code: str) -> None:
    result = execute(example_store, query)
    assert code in codes(result), result.errors
    assert result.data is None


def test_circular_fragments_are_rejected_not_hung(example_store: GraphStore) -> None:
    result = execute(example_store, CIRCULAR)
    assert result.errors and result.data is None
    assert all(c for c in codes(result))


def test_introspection_can_be_switched_off(example_store: GraphStore) -> None:
    result = execute(example_store, "{ __schema { types { name } } }", ApiSettings(introspection=False))
    assert "INTROSPECTION_DISABLED" in codes(result)


def test_timeout_has_a_code(example_store: GraphStore) -> None:
    result = execute(example_store, "{ policies { edges { node { iri } } } }", ApiSettings(timeout_s=1e-9))
    assert codes(result) == ["TIMEOUT"]


def test_unexpected_errors_are_masked(example_store: GraphStore) -> None:
    class Broken:
        def run(self, *_: Any) -> Any:
            raise RuntimeError("secret internals /etc/passwd")

    result = execute(Broken(), "{ policies { edges { node { iri } } } }")
    assert codes(result) == ["INTERNAL"]
    assert "secret" not in result.errors[0].message
