"""Benchmark: ingest N synthetic case studies end to end into a temporary embedded store.

Not a test: a script that prints, per stage, case studies per second, triples per second and peak
memory, so a change that slows ingest down shows up in numbers. The target on a 2-core machine is
10,000 case studies end to end (read, map, SHACL, load) in under 5 minutes.

    .venv/bin/python benchmarks/ingest.py --case-studies 1000 10000
    .venv/bin/python benchmarks/ingest.py --case-studies 1000 --mode stages

Two modes, both through the project's own code:

- `pipeline` (default): the real `scpkg.ingest.pipeline.run` over the YAML files, exactly what
  `scpkg ingest` does; stage times come from the pipeline's progress callback (read+map, validate,
  load, reports).
- `stages`: each stage as one separate call over the whole corpus (read, map, validate, then the
  store's batched `load_case_studies`), to see where the time goes and what batching buys.

Peak memory is the benchmark process's peak resident set (it only grows, so each stage shows the
peak up to its end) and, where the store reports it, the embedded FalkorDB server's peak.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Stage:
    """One timed stage of one run."""

    name: str
    seconds: float
    cases: int
    triples: int
    peak_rss_mb: float

    def row(self) -> str:
        rate = self.cases / self.seconds if self.seconds else float("inf")
        trate = self.triples / self.seconds if self.seconds else float("inf")
        return (
            f"  {self.name:<14}{self.seconds:>9.1f} s{rate:>12.0f} cs/s{trate:>14.0f} triples/s"
            f"{self.peak_rss_mb:>10.0f} MB"
        )


def peak_rss_mb() -> float:
    """Peak resident set of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, cases: int, fn: Callable[[], Any], triples: Callable[[Any], int]) -> tuple[Stage, Any]:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    return Stage(name, seconds, cases, triples(result), peak_rss_mb()), result


def open_temp_store(folder: Path) -> Any:
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    store = open_store(f"falkordb://{folder / 'graph.db'}")
    load_reference_data(store)
    return store


def run_pipeline(files: list[Path], folder: Path) -> list[Stage]:
    """The real `scpkg ingest` path, stage times taken from its progress callback."""
    from scpkg.ingest import pipeline

    store = open_temp_store(folder)
    marks: dict[str, float] = {}

    def progress(message: str, _i: int, _n: int) -> None:
        phase = message.split(" ", 1)[0]
        if phase not in marks:
            marks[phase] = time.perf_counter()
            rss[phase] = peak_rss_mb()

    rss: dict[str, float] = {}
    start = time.perf_counter()
    report = pipeline.run([folder / "corpus"], store=store, store_url="benchmark", progress=progress)
    end = time.perf_counter()
    n = len(report.outcomes)
    triples = sum(len(o.graph) for o in report.outcomes if o.graph is not None)
    bad = report.count(pipeline.QUARANTINED)
    if bad:
        first = next(o for o in report.outcomes if o.problems)
        print(f"  !! {bad} quarantined; first: {first.problems[0]}", file=sys.stderr)
    order = ["reading", "validating", "loading", "writing"]
    names = {"reading": "read+map", "validating": "SHACL", "loading": "load", "writing": "reports"}
    present = [p for p in order if p in marks]
    stages = []
    for k, phase in enumerate(present):
        stop = marks[present[k + 1]] if k + 1 < len(present) else end
        peak = rss[present[k + 1]] if k + 1 < len(present) else peak_rss_mb()
        stages.append(Stage(names[phase], stop - marks[phase], n, triples, peak))
    stages.append(Stage("end to end", end - start, n, triples, peak_rss_mb()))
    _close(store, stages)
    return stages


def run_stages(files: list[Path], folder: Path, shacl_batch: int = 1) -> list[Stage]:
    """Each stage as one call over the corpus, the store loading in batches.

    `shacl_batch` > 1 validates that many case studies per SHACL call: the per-call cost (copying the
    ontology, RDFS inference) then is paid once per batch, which shows what batching would buy.
    """
    from rdflib import RDF, Graph

    from scpkg.ingest.mapping import case_study_iri, map_case_study
    from scpkg.ingest.pipeline import _context, content_hash
    from scpkg.ingest.read_structured import read_structured
    from scpkg.ingest.reference import SCP
    from scpkg.ingest.vocab import default_resolver
    from scpkg.shapes.validate import validate
    from scpkg.store import CaseStudyLoad

    resolver = default_resolver()
    n = len(files)
    stages: list[Stage] = []

    s, units = timed(
        "read", n, lambda: [u for f in files for u in read_structured(f, 10_000_000)], lambda _: 0
    )
    stages.append(s)
    s, mapped = timed(
        "map",
        n,
        lambda: [(u, map_case_study(u.record, str(u.file), resolver)) for u in units],
        lambda r: sum(len(m.graph) for _, m in r),
    )
    stages.append(s)
    triples = s.triples

    def shacl() -> list[Any]:
        graphs = [m.graph for _, m in mapped]
        frameworks = {node for g in graphs for node in g.subjects(RDF.type, SCP.PolicyFramework)}
        results = []
        for i in range(0, len(graphs), shacl_batch):
            data = Graph()
            for g in graphs[i : i + shacl_batch]:
                data += g
            data += _context(data, frameworks)
            results.append(validate(data))
        return results

    s, results = timed(f"SHACL/{shacl_batch}", n, shacl, lambda _: triples)
    stages.append(s)
    failed = [r for r in results if not r.conforms]
    if failed:
        first = next(p for r in failed for p in r.violations)
        print(f"  !! {len(failed)} SHACL calls found violations; first: {first}", file=sys.stderr)
    store = open_temp_store(folder)
    batch = [
        CaseStudyLoad(str(case_study_iri(u.record.id)), m.graph, content_hash(m.graph)) for u, m in mapped
    ]
    s, _ = timed("load", n, lambda: store.load_case_studies(batch), lambda _: triples)
    stages.append(s)
    total = sum(x.seconds for x in stages)
    stages.append(Stage("sum of stages", total, n, triples, peak_rss_mb()))
    _close(store, stages)
    return stages


def _close(store: Any, stages: list[Stage]) -> None:
    peak = getattr(store, "memory_peak", None)
    value = peak() if callable(peak) else None
    if value:
        print(f"  store server peak memory: {value / 1_048_576:.0f} MB")
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case-studies", type=int, nargs="+", default=[1000], metavar="N")
    parser.add_argument("--per-case", type=int, default=3, help="policies per case study")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("pipeline", "stages"), default="pipeline")
    parser.add_argument("--shacl-batch", type=int, default=1, help="stages mode: case studies per SHACL call")
    args = parser.parse_args(argv)

    from scpkg.ingest import synthetic

    for n in args.case_studies:
        with tempfile.TemporaryDirectory(prefix="scpkg-bench-") as tmp:
            folder = Path(tmp)
            start = time.perf_counter()
            files = synthetic.write_corpus(folder / "corpus", n * args.per_case, args.seed, args.per_case)
            gen = time.perf_counter() - start
            print(
                f"\n{n} case studies ({n * args.per_case} policies, seed {args.seed}), mode {args.mode};"
                f" corpus written in {gen:.1f} s"
            )
            if args.mode == "pipeline":
                stages = run_pipeline(files, folder)
            else:
                stages = run_stages(files, folder, args.shacl_batch)
            print(f"  {'stage':<14}{'time':>11}{'rate':>17}{'':>24}{'peak RSS':>10}")
            for stage in stages:
                print(stage.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
