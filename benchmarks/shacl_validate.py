"""Benchmark: milliseconds per `scpkg.shapes.validate.validate` call, fast route against the reference route.

Not a test: a script that prints, per data set, the first call (which builds the caches: parsing
the ontology and shapes, the ontology's RDFS closure) and the steady state (median and p95 over
`--calls` calls) of the fast route, and the same for the reference route (`reference=True`: the
original pySHACL `inference="rdfs"` run, kept for the equivalence test) over fewer calls. The ingest
target is 10,000 case studies end to end in under 5 minutes on 2 cores, so validation needs to stay
around 10-20 ms per case study.

    .venv/bin/python benchmarks/shacl_validate.py
    .venv/bin/python benchmarks/shacl_validate.py --calls 500 --reference-calls 0
    .venv/bin/python benchmarks/shacl_validate.py --many 1000     # + validate_many throughput

`--many N` also times `validate_many` over N synthetic case studies, in-process (1 worker) and on a
process pool (`--workers`, default every core): wall-clock ms per case study, pool start-up included,
and the CPU time the calling process itself spends per case study (shipping graphs and results).

Data sets: a shape fixture with its context (tests/data/shapes), the store's test policies
(tests/data/store/policies.ttl), the bundled ingest examples (ingest/examples/*.yaml, mapped with the
pipeline's own code, each with the context the pipeline gives it) and synthetic case studies
(scpkg.ingest.synthetic), when the ingest package can build them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import RDF, Graph

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DATA = ROOT / "tests" / "data" / "shapes"


def fixture_graph(name: str) -> Graph:
    graph = Graph().parse(SHAPES_DATA / "context.ttl")
    graph.parse(SHAPES_DATA / name)
    return graph


def example_graphs() -> list[Graph]:
    """The bundled YAML examples as the pipeline validates them (case study + context); [] if unavailable."""
    try:
        from scpkg.ingest.mapping import map_case_study
        from scpkg.ingest.pipeline import _context
        from scpkg.ingest.read_structured import read_structured
        from scpkg.ingest.reference import SCP
        from scpkg.ingest.vocab import default_resolver

        resolver = default_resolver()
        mapped = []
        for path in sorted((ROOT / "ingest" / "examples").glob("*.yaml")):
            for unit in read_structured(path, 10_000_000):
                result = map_case_study(unit.record, str(unit.file), resolver)
                if not result.problems:
                    mapped.append(result.graph)
        frameworks = {node for g in mapped for node in g.subjects(RDF.type, SCP.PolicyFramework)}
        return [g + _context(g, frameworks) for g in mapped]
    except Exception as exc:  # the ingest package is another team's: report and carry on without it
        print(f"  (ingest examples unavailable: {exc!r})", file=sys.stderr)
        return []


def synthetic_graphs(n: int) -> list[Graph]:
    try:
        from scpkg.ingest import synthetic
        from scpkg.ingest.pipeline import _context
        from scpkg.ingest.reference import SCP

        graphs = [g for _iri, g in synthetic.iter_graphs(n)]
        frameworks = {node for g in graphs for node in g.subjects(RDF.type, SCP.PolicyFramework)}
        return [g + _context(g, frameworks) for g in graphs]
    except Exception as exc:
        print(f"  (synthetic case studies unavailable: {exc!r})", file=sys.stderr)
        return []


def timings(fn: Callable[[Graph], object], graphs: list[Graph], calls: int) -> tuple[float, list[float]]:
    """First call on graphs[0], then `calls` calls cycling through `graphs`, in ms."""
    start = time.perf_counter()
    fn(graphs[0])
    first = (time.perf_counter() - start) * 1000
    times = []
    for i in range(calls):
        graph = graphs[i % len(graphs)]
        start = time.perf_counter()
        fn(graph)
        times.append((time.perf_counter() - start) * 1000)
    return first, times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="steady-state calls of the fast route")
    parser.add_argument(
        "--reference-calls", type=int, default=20, help="calls of the reference route (0: skip)"
    )
    parser.add_argument("--synthetic", type=int, default=50, help="synthetic case studies (0: skip)")
    parser.add_argument("--many", type=int, default=0, help="validate_many over N synthetic case studies")
    parser.add_argument("--workers", type=int, default=None, help="validate_many workers (default: cores)")
    args = parser.parse_args(argv)

    from scpkg.shapes import validate as v

    sets: list[tuple[str, list[Graph]]] = [
        ("fixture PolicyShape-complete-ban", [fixture_graph("valid/PolicyShape-complete-ban.ttl")]),
        (
            "fixture OutcomeShape-value-without-unit",
            [fixture_graph("invalid/OutcomeShape-value-without-unit.ttl")],
        ),
        (
            "tests/data/store/policies.ttl",
            [Graph().parse(ROOT / "tests" / "data" / "store" / "policies.ttl")],
        ),
    ]
    examples = example_graphs()
    if examples:
        sets.append((f"ingest/examples ({len(examples)} case studies)", examples))
    if args.synthetic:
        synthetic = synthetic_graphs(args.synthetic)
        if synthetic:
            sets.append((f"synthetic ({len(synthetic)} case studies)", synthetic))

    routes: list[tuple[str, Callable[[Graph], object], int]] = [("fast", v.validate, args.calls)]
    if args.reference_calls:
        routes.append(("reference", lambda g: v.validate(g, reference=True), args.reference_calls))
    print(f"{'data set':<44}{'route':<11}{'triples':>8}{'first':>9}{'median':>9}{'p95':>9}  (ms per call)")
    for name, graphs in sets:
        triples = round(statistics.mean(len(g) for g in graphs))
        for route, fn, calls in routes:
            first, times = timings(fn, graphs, calls)
            print(
                f"{name:<44}{route:<11}{triples:>8}{first:>9.1f}{statistics.median(times):>9.1f}{p95(times):>9.1f}"
            )
    if args.many:
        many(v, synthetic_graphs(args.many), args.workers)
    return 0


def many(v, graphs: list[Graph], workers: int | None) -> None:
    """validate_many over `graphs`, in-process and on the pool: wall ms and caller CPU ms per case study."""
    import os

    if not graphs:
        return
    pool = workers if workers is not None else (os.cpu_count() or 1)
    print(f"\nvalidate_many over {len(graphs)} synthetic case studies (ms per case study)")
    print(f"{'workers':<12}{'wall':>9}{'caller cpu':>12}")
    for n in dict.fromkeys((1, pool)):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in v.validate_many(graphs, workers=n):
            pass
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{n:<12}{wall / len(graphs) * 1000:>9.2f}{cpu / len(graphs) * 1000:>12.2f}")


if __name__ == "__main__":
    sys.exit(main())
