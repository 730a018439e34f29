"""Latency of representative GraphQL queries on N synthetic policies, against their raw Cypher.

    .venv/bin/python benchmarks/api_latency.py [--policies 10000] [--runs 30] [--http] [--smoke]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic``) into a temporary
embedded store, then times each query through the schema in-process (``schema.execute`` with a fresh
request context, as the server does) and, as its raw Cypher, the very statements that query sent to
the store (recorded during a warm-up run, then replayed with ``store.run`` one after another), the two
in turns; prints p50 and p99 of each after a warm-up, and the ratio of the p50s, so the ratio is what
GraphQL costs on top of the store. ``--http`` also times the queries through the ASGI app
(Starlette's TestClient: JSON encoding and routing, no network). Figures (issue 11):
``graphql-vs-cypher``, the filtered page of 100 against its raw Cypher (target <= 1.3x), and
``graphql-10k-p99``, a page of 10,000 items x 5 fields (target p99 < 500 ms). ``--smoke``: 300
policies, a page of 300, 5 runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import figure  # benchmarks/ is on the path of a script run from it

from scpkg.api.limits import ApiSettings
from scpkg.api.schema import build_schema, make_context
from scpkg.ingest import synthetic
from scpkg.store import GraphStore, open_store

TARGET_RATIO = 1.3
TARGET_P99_MS = 500.0


class Recording:
    """A store that notes every statement run through it (the rest is the store's own)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.statements: list[tuple[Any, dict[str, Any]]] = []

    def run(self, query: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.statements.append((query, dict(params or {})))
        return self._store.run(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def load(store: GraphStore, policies: int, per_case: int) -> tuple[float, float]:
    """Reference data, then the synthetic corpus; seconds for each."""
    return synthetic.load_into(store, policies, per_case)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds (p99 is the maximum below 100 samples)."""
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[-1] if len(ms) < 100 else statistics.quantiles(ms, n=100)[98]
    return statistics.median(ms), p99


def interleaved(
    a: Callable[[], Any], b: Callable[[], Any], runs: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Samples of ``a`` and ``b`` taken in turns, so both see the same moments of a busy machine
    (a ratio of medians taken minutes apart would say more about the machine than about the code)."""
    for _ in range(warmup):
        a()
        b()
    out_a, out_b = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        a()
        t1 = time.perf_counter()
        b()
        out_a.append(t1 - t0)
        out_b.append(time.perf_counter() - t1)
    return out_a, out_b


def timed(fn: Callable[[], Any], runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=10_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per synthetic case study")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--big", type=int, default=10_000, help="items in the large-page query")
    ap.add_argument(
        "--gap-question",
        default="instrument-mix",
        help="the gap question timed for a country and the world (life-cycle-coverage and waste-to-design "
        "time out for the world at 10,000 policies: see the report)",
    )
    ap.add_argument("--http", action="store_true", help="also time through the ASGI app (TestClient)")
    ap.add_argument("--smoke", action="store_true", help="300 policies, 5 runs: checks the script works")
    args = ap.parse_args()
    if args.smoke:
        args.policies, args.big, args.runs, args.warmup = 300, 300, 5, 1

    with tempfile.TemporaryDirectory(prefix="scpkg-api-bench-") as d:
        store = open_store(f"falkordb://{Path(d) / 'graph.db'}")
        try:
            ref_s, load_s = load(store, args.policies, args.per_case)
            n = store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
            print(f"loaded reference data in {ref_s:.1f} s and {n} synthetic policies in {load_s:.1f} s")
            run(store, args, n)
        finally:
            store.close()


def run(store: GraphStore, args: argparse.Namespace, n_policies: int) -> None:
    settings = ApiSettings(max_page_size=max(args.big, 500), timeout_s=120.0)
    schema = build_schema(settings)
    top = store.run(
        "MATCH (p:Policy)-[:COUNTRY]->(c:Country) RETURN c.iri AS iri, c.iso3 AS iso3, count(p) AS n "
        "ORDER BY n DESC, iri LIMIT 1"
    )[0]
    some = store.run("MATCH (p:Policy) RETURN p.iri AS iri ORDER BY p.iri SKIP 17 LIMIT 1")[0]["iri"]
    iso3 = top["iso3"]
    print(f"country for the scoped queries: {iso3} ({top['n']} policies)")
    print(f"runs {args.runs}, warm-up {args.warmup}")

    gq = args.gap_question
    cases: list[tuple[str, str, bool]] = [
        (
            "look-up by IRI",
            '{ policy(iri: "' + some + '") { iri title adoptionYear identifier instrumentTypes { code } } }',
            False,
        ),
        (
            "filtered page of 100",
            "{ policies(filter: {instrumentType: REGULATORY_INSTRUMENT}, first: 100) "
            "{ edges { cursor node { iri title adoptionYear } } pageInfo { hasNextPage endCursor } } }",
            True,
        ),
        (
            f"facet count, {iso3}",
            '{ policyFacets(filter: {country: "' + iso3 + '"}) '
            "{ byStageAndInstrumentType { key key2 count } } }",
            True,
        ),
        (
            f"gap {gq}, {iso3}",
            f'{{ gap(question: "{gq}", country: "{iso3}") {{ gapCount findings {{ status detail }} }} }}',
            False,
        ),
        (
            f"gap {gq}, world",
            f'{{ gap(question: "{gq}") {{ gapCount findings {{ status detail }} }} }}',
            False,
        ),
        (
            f"page of {args.big} x 5 fields",
            f"{{ policies(first: {args.big}) "
            "{ nodes { iri title adoptionYear identifier isFramework } } }",
            True,
        ),
    ]

    runner = asyncio.Runner()

    def gql(query: str, on: Any = store) -> Callable[[], Any]:
        def go() -> Any:
            result = runner.run(schema.execute(query, context_value=make_context(on, settings)))
            if result.errors:
                raise RuntimeError(result.errors)
            return result.data

        return go

    def raw(query: str) -> Callable[[], Any]:
        """The statements the query sends, run directly, one after another."""
        recording = Recording(store)
        gql(query, recording)()
        statements = recording.statements
        return lambda: [store.run(q, p) for q, p in statements]

    client = None
    if args.http:
        from starlette.testclient import TestClient

        from scpkg.api.app import create_app

        app = create_app(schema, context_getter=lambda _: make_context(store, settings), store=store)
        client = TestClient(app)

    header = f"{'query':34} {'GraphQL p50':>11} {'p99':>8} {'Cypher p50':>11} {'p99':>8} {'ratio':>6}"
    if client:
        header += f" {'HTTP p50':>9} {'p99':>8}"
    print(header + "   (ms)")
    figures: dict[str, tuple[float, float, float, float]] = {}
    for name, query, is_list in cases:
        g_samples, c_samples = interleaved(gql(query), raw(query), args.runs, args.warmup)
        (g50, g99), (c50, c99) = percentiles(g_samples), percentiles(c_samples)
        figures[name] = (g50, g99, c50, c99)
        ratio = g50 / c50
        line = f"{name:34} {g50:11.2f} {g99:8.2f} {c50:11.2f} {c99:8.2f} {ratio:6.2f}"
        if client:

            def post(q: str = query) -> Any:
                r = client.post("/graphql", json={"query": q})
                r.raise_for_status()
                return r.content

            h50, h99 = percentiles(timed(post, args.runs, args.warmup))
            line += f" {h50:9.2f} {h99:8.2f}"
        flags = []
        if is_list and ratio > TARGET_RATIO:
            flags.append(f"over {TARGET_RATIO}x raw Cypher")
        if name.startswith("page of") and g99 > TARGET_P99_MS:
            flags.append(f"p99 over {TARGET_P99_MS:g} ms")
        print(line + ("   <- " + "; ".join(flags) if flags else ""))
    runner.close()
    smoke = bool(getattr(args, "smoke", False))
    g50, g99, c50, c99 = figures["filtered page of 100"]
    figure(
        "graphql-vs-cypher",
        f"{g50 / c50:.2f}x (filtered page of 100, p50 {g50:.1f} vs {c50:.1f} ms, {n_policies} policies)",
        f"<= {TARGET_RATIO}x",
        None if smoke else g50 / c50 <= TARGET_RATIO,
    )
    g50, g99, c50, c99 = figures[f"page of {args.big} x 5 fields"]
    figure(
        "graphql-10k-p99",
        f"p99 {g99:.0f} ms, p50 {g50:.0f} ms ({args.big} items x 5 fields; raw Cypher p99 {c99:.0f} ms)",
        f"p99 < {TARGET_P99_MS:g} ms",
        None if smoke else g99 < TARGET_P99_MS,
    )


if __name__ == "__main__":
    main()
