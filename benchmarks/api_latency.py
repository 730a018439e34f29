"""Latency of representative GraphQL queries on N synthetic policies, against their raw Cypher.

    .venv/bin/python benchmarks/api_latency.py --policies 10000 [--runs 30] [--http]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic``) into a temporary
embedded store, then times each query through the schema in-process (``schema.execute`` with a fresh
request context, as the server does) and its main Cypher run directly with ``store.run``; prints p50
and p99 of each after a warm-up, and the ratio of the p50s. ``--http`` also times the queries through
the ASGI app (Starlette's TestClient: JSON encoding and routing, no network). Targets: list queries
within 1.5x their raw Cypher; a 10,000-item page of 5 fields in under 1 s.
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

from scpkg.api.limits import ApiSettings
from scpkg.api.policies.loaders import Where, facet_statement, page_statement
from scpkg.api.schema import build_schema, make_context
from scpkg.ingest import synthetic
from scpkg.store import GraphStore, open_store


def load(store: GraphStore, policies: int, per_case: int) -> tuple[float, float]:
    """Reference data, then the synthetic corpus; seconds for each."""
    return synthetic.load_into(store, policies, per_case)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds (p99 is the maximum below 100 samples)."""
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[-1] if len(ms) < 100 else statistics.quantiles(ms, n=100)[98]
    return statistics.median(ms), p99


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
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="scpkg-api-bench-") as d:
        store = open_store(f"falkordb://{Path(d) / 'graph.db'}")
        try:
            ref_s, load_s = load(store, args.policies, args.per_case)
            n = store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
            print(f"loaded reference data in {ref_s:.1f} s and {n} synthetic policies in {load_s:.1f} s")
            run(store, args)
        finally:
            store.close()


def run(store: GraphStore, args: argparse.Namespace) -> None:
    from scpkg.queries import catalogue

    settings = ApiSettings(max_page_size=max(args.big, 500), timeout_s=120.0)
    schema = build_schema(settings)
    top = store.run(
        "MATCH (p:Policy)-[:COUNTRY]->(c:Country) RETURN c.iri AS iri, c.iso3 AS iso3, count(p) AS n "
        "ORDER BY n DESC, iri LIMIT 1"
    )[0]
    some = store.run("MATCH (p:Policy) RETURN p.iri AS iri ORDER BY p.iri SKIP 17 LIMIT 1")[0]["iri"]
    country, iso3 = top["iri"], top["iso3"]
    print(f"country for the scoped queries: {iso3} ({top['n']} policies)")
    print(f"runs {args.runs}, warm-up {args.warmup}")

    def gap_raw(question: str, scope: catalogue.Scope) -> Callable[[], Any]:
        q = catalogue.question(question)
        params = {**scope.params(), "exclude_illustrative": False}
        return lambda: [store.run(catalogue.statement(s), params) for s in q.statements]

    gq = args.gap_question
    where_page = Where(instrument_type="RegulatoryInstrument", stage=None)
    cases: list[tuple[str, str, Callable[[], Any], bool]] = [
        (
            "look-up by IRI",
            '{ policy(iri: "' + some + '") { iri title adoptionYear identifier instrumentTypes { code } } }',
            lambda: store.run(
                "UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) "
                "RETURN n.iri AS iri, properties(n) AS props, labels(n) AS labels",
                {"iris": [some]},
            ),
            False,
        ),
        (
            "filtered page of 100",
            "{ policies(filter: {instrumentType: REGULATORY_INSTRUMENT}, first: 100) "
            "{ edges { cursor node { iri title adoptionYear } } pageInfo { hasNextPage endCursor } } }",
            lambda: store.run(*page_statement(where_page, "IRI", 0, 101)),
            True,
        ),
        (
            f"facet count, {iso3}",
            '{ policyFacets(filter: {country: "' + iso3 + '"}) '
            "{ byStageAndInstrumentType { key key2 count } } }",
            lambda: store.run(*facet_statement(Where(country=country), "stage_instrument_type")),
            True,
        ),
        (
            f"gap {gq}, {iso3}",
            f'{{ gap(question: "{gq}", country: "{iso3}") {{ gapCount findings {{ status detail }} }} }}',
            gap_raw(gq, catalogue.Scope(country=iso3)),
            False,
        ),
        (
            f"gap {gq}, world",
            f'{{ gap(question: "{gq}") {{ gapCount findings {{ status detail }} }} }}',
            gap_raw(gq, catalogue.Scope()),
            False,
        ),
        (
            f"page of {args.big} x 5 fields",
            f"{{ policies(first: {args.big}) "
            "{ nodes { iri title adoptionYear identifier isFramework } } }",
            lambda: store.run(*page_statement(Where(), "IRI", 0, args.big + 1)),
            True,
        ),
    ]

    runner = asyncio.Runner()

    def gql(query: str) -> Callable[[], Any]:
        def go() -> Any:
            result = runner.run(schema.execute(query, context_value=make_context(store, settings)))
            if result.errors:
                raise RuntimeError(result.errors)
            return result.data

        return go

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
    for name, query, raw, is_list in cases:
        g50, g99 = percentiles(timed(gql(query), args.runs, args.warmup))
        c50, c99 = percentiles(timed(raw, args.runs, args.warmup))
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
        if is_list and ratio > 1.5:
            flags.append("over 1.5x raw Cypher")
        if name.startswith("page of") and g50 > 1000:
            flags.append("over 1 s")
        print(line + ("   <- " + "; ".join(flags) if flags else ""))
    runner.close()


if __name__ == "__main__":
    main()
