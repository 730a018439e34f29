"""Time every coherence-gap statement on N synthetic policies: the world scope and one country.

    .venv/bin/python benchmarks/gap_queries.py --policies 100000 [--per-case 10] [--runs 5]
        [--store DIR] [--statements DIR] [--compare DIR] [--timeout 60]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic``, as
benchmarks/api_latency.py does) into a temporary embedded store, then runs each question's statements
(``queries/NN-*.cypher``: findings, ``-share`` and ``-countries``) with the catalogue's parameters and
prints, per statement, the seconds for the world scope (one run) and the median milliseconds for the
country with the most policies (``--runs`` runs after one warm-up), plus the row counts and the total for
the world. Target: all ten questions for the world, shares included, under 30 s at 100,000 policies on a
2-core machine; a country in milliseconds.

``--store DIR`` keeps the loaded store in DIR and reuses it when DIR already holds one (a 100,000-policy
load takes a few minutes). ``--statements DIR`` reads the statements from DIR instead of the package
(e.g. an older version, for before/after figures); ``--compare DIR`` also runs DIR's statements and
checks that both return the same rows (lists compared as multisets). ``--timeout`` is the server-side
limit per statement in seconds: a statement over it is reported as a timeout, not waited for (the
server may go on with it for a while, slowing what follows, so ``--compare`` runs after the timings).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, LiteralString, cast

from scpkg.ingest import synthetic
from scpkg.queries import catalogue
from scpkg.store import GraphStore, open_store

TARGET_S = 30.0


def load(store: GraphStore, policies: int, per_case: int) -> tuple[float, float]:
    """Reference data, then the synthetic corpus; seconds for each."""
    return synthetic.load_into(store, policies, per_case)


def reader(directory: Path | None) -> Callable[[str], LiteralString]:
    """The statement texts: the package's, or the files of the same names in `directory`."""
    if directory is None:
        return catalogue.statement
    return lambda name: cast(LiteralString, (directory / name).read_text(encoding="utf-8"))


class StatementTimeoutError(Exception):
    """The statement ran longer than the limit (the server may go on working on it for a while)."""


def query(store: GraphStore, text: LiteralString, params: dict[str, Any], timeout_s: float) -> list[Any]:
    """Rows of one statement, with a server-side timeout on FalkorDB (``store.run`` has only the socket's)."""
    graph = getattr(store, "_graph", None)
    if graph is None:
        return store.run(text, params)
    try:
        return graph.query(text, params, timeout=int(timeout_s * 1000)).result_set
    except Exception as exc:
        if "timed out" in str(exc).lower() or "timeout" in str(exc).lower():
            raise StatementTimeoutError(str(exc)) from None
        raise


def normal(value: Any) -> Any:
    """A value with every list sorted (collect order is not part of a statement's answer)."""
    if isinstance(value, dict):
        return tuple(sorted((k, normal(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(sorted((normal(v) for v in value), key=repr))
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=10_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per synthetic case study")
    ap.add_argument("--runs", type=int, default=5, help="runs of each country-scoped statement (median)")
    ap.add_argument("--country", help="ISO3 of the country scope (default: the one with most policies)")
    ap.add_argument("--store", type=Path, help="keep the loaded store here; reuse it if it exists")
    ap.add_argument("--statements", type=Path, help="read the statements from this directory")
    ap.add_argument(
        "--compare", type=Path, help="check that this directory's statements return the same rows"
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per statement before giving up")
    ap.add_argument("--only", help="comma-separated question numbers or ids to run (default: all)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="scpkg-gap-bench-") as d:
        where = args.store or Path(d)
        reuse = (where / "graph.db").exists()
        store = open_store(f"falkordb://{where / 'graph.db'}")
        try:
            if not reuse:
                ref_s, load_s = load(store, args.policies, args.per_case)
                print(f"loaded reference data in {ref_s:.1f} s and the synthetic corpus in {load_s:.1f} s")
            n = store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
            print(f"{n} policies in the store{' (reused)' if reuse else ''}")
            bench(store, args)
        finally:
            store.close()


def bench(store: GraphStore, args: argparse.Namespace) -> None:
    if args.country:
        iso3 = catalogue.Scope(country=args.country).country
    else:
        iso3 = store.run(
            "MATCH (p:Policy)-[:COUNTRY]->(c:Country) RETURN c.iso3 AS iso3, count(p) AS n "
            "ORDER BY n DESC, iso3 LIMIT 1"
        )[0]["iso3"]
    world, country = catalogue.Scope(), catalogue.Scope(country=iso3)
    text = reader(args.statements)
    other = reader(args.compare) if args.compare else None
    wanted = set(args.only.split(",")) if args.only else None
    print(f"country scope: {iso3}; country runs: {args.runs} (median); timeout {args.timeout:.0f} s")
    print(f"{'statement':42} {'world s':>9} {'rows':>7} {'country ms':>11} {'rows':>6}")
    total = 0.0
    timeouts = 0
    for q in catalogue.questions():
        if wanted and not ({q.id, str(q.number)} & wanted):
            continue
        for name in q.statements:
            world_s, world_rows, cell = _world(
                store, text(name), {**world.params(), "exclude_illustrative": False}, args.timeout
            )
            total += world_s
            timeouts += world_rows is None
            country_rows: list[Any] | None = None
            samples = []
            for _ in range(args.runs + 1):
                t0 = time.perf_counter()
                try:
                    country_rows = query(
                        store, text(name), {**country.params(), "exclude_illustrative": False}, args.timeout
                    )
                except StatementTimeoutError:
                    country_rows = None
                    break
                samples.append(time.perf_counter() - t0)
            ms = (
                f"{statistics.median(samples[1:] or samples) * 1000:11.1f}"
                if country_rows is not None
                else "    timeout"
            )
            crows = len(country_rows) if country_rows is not None else "-"
            print(
                f"{name:42} {cell:>9} {len(world_rows) if world_rows is not None else '-':>7} {ms} {crows:>6}"
            )
    verdict = "within" if total < TARGET_S and not timeouts else "OVER"
    extra = f", {timeouts} timed out (counted at the limit)" if timeouts else ""
    print(f"world, all statements: {total:.1f} s{extra} ({verdict} the {TARGET_S:.0f} s target)")
    if other is None:
        return
    # After the timings: a statement that timed out may keep the server busy for a while.
    print(f"same rows as {args.compare} (world and {iso3}):")
    for q in catalogue.questions():
        if wanted and not ({q.id, str(q.number)} & wanted):
            continue
        for name in q.statements:
            same = _same(
                store,
                text(name),
                other(name),
                [
                    {**world.params(), "exclude_illustrative": False},
                    {**country.params(), "exclude_illustrative": False},
                ],
                args.timeout,
            )
            print(f"  {name:42} {same}")


def _world(
    store: GraphStore, text: LiteralString, params: dict[str, Any], timeout_s: float
) -> tuple[float, list[Any] | None, str]:
    t0 = time.perf_counter()
    try:
        rows = query(store, text, params, timeout_s)
    except StatementTimeoutError:
        return timeout_s, None, "timeout"
    took = time.perf_counter() - t0
    return took, rows, f"{took:9.2f}"


def _same(
    store: GraphStore,
    mine: LiteralString,
    theirs: LiteralString,
    scopes: list[dict[str, Any]],
    timeout_s: float,
) -> str:
    for params in scopes:
        try:
            a = query(store, mine, params, timeout_s)
            b = query(store, theirs, params, timeout_s)
        except StatementTimeoutError:
            return "timeout"
        if sorted(map(normal, a), key=repr) != sorted(map(normal, b), key=repr):
            return "DIFFERENT"
    return "yes"


if __name__ == "__main__":
    main()
