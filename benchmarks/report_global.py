"""Time a global gap report over N synthetic policies on the embedded store.

    .venv/bin/python benchmarks/report_global.py --policies 100000 [--per-case 10] [--lang en]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic``, as
benchmarks/api_latency.py does) into a temporary embedded store, then builds the global report and
renders every format, printing the seconds per section (each gap question, the coverage matrix, the
lead ministries, the evidence appendix, then each renderer) and the size of each file. Target: the whole
global report (build + HTML) under 30 s on a 2-core machine at 100,000 policies.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from scpkg.ingest import synthetic
from scpkg.queries import catalogue
from scpkg.queries.report import build_report, write_report
from scpkg.store import GraphStore, open_store

TARGET_S = 30.0


def load(store: GraphStore, policies: int, per_case: int) -> tuple[float, float]:
    """Reference data, then the synthetic corpus; seconds for each."""
    return synthetic.load_into(store, policies, per_case)


def per_question(store: GraphStore) -> None:
    """Each gap question alone, global scope: which statement dominates."""
    for q in catalogue.questions():
        t = time.perf_counter()
        answer = catalogue.run(store, q.id)
        print(
            f"  {q.number:2}. {q.id:24} {time.perf_counter() - t:7.2f} s  {len(answer.findings):>8} findings"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=100_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per synthetic case study")
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="scpkg-report-bench-") as d:
        store = open_store(f"falkordb://{Path(d) / 'graph.db'}")
        try:
            ref_s, load_s = load(store, args.policies, args.per_case)
            n = store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
            print(f"loaded reference data in {ref_s:.1f} s and {n} synthetic policies in {load_s:.1f} s")
            print("gap questions, one by one (global):")
            per_question(store)

            t0 = time.perf_counter()
            report = build_report(store)
            build_s = time.perf_counter() - t0
            print("report sections (build):")
            for name, seconds in report.timings.items():
                print(f"  {name:28} {seconds:7.2f} s")
            out = Path(d) / "out"
            render: dict[str, float] = {}
            for fmt in ("html", "md", "json", "csv"):
                t = time.perf_counter()
                paths = write_report(report, out, [fmt], args.lang)
                render[fmt] = time.perf_counter() - t
                size = sum(p.stat().st_size for p in paths) / 1e6
                print(f"  render {fmt:21} {render[fmt]:7.2f} s  {size:8.1f} MB in {len(paths)} file(s)")
            total = build_s + render["html"]
            verdict = "within" if total < TARGET_S else "OVER"
            print(f"global report (build + HTML): {total:.1f} s, {verdict} the {TARGET_S:.0f} s target")
            cited = len(report.case_studies)
            print(f"findings {sum(len(a.findings) for a in report.answers)}, case studies cited {cited}")
        finally:
            store.close()


if __name__ == "__main__":
    main()
