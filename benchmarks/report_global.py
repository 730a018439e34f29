"""Time a global gap report over N synthetic policies on the embedded store (issue 11).

    .venv/bin/python benchmarks/report_global.py [--policies 100000] [--per-case 10] [--lang en]
        [--store DIR] [--smoke]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic``) into a temporary embedded
store (``--store DIR`` keeps it in DIR and reuses it when DIR already holds one: a 100,000-policy load
takes minutes), then builds the global report, which is summarised at that size (counts over every
finding, findings grouped by country with a few examples each, the evidence appendix grouped by source
document), and renders every format, printing the seconds per section (the scope count, each gap
question, the coverage matrix, the lead ministries, the 12.1.1 table, the evidence appendix, then each
renderer) and the size of each file.

Figure ``report-global-100k``: build + HTML, target under 10 s at 100,000 policies on a 2-core machine.
``--smoke``: 2,000 policies, the same figure line with verdict ``smoke`` (its time says nothing).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/ is on the path of a script run from it

from scpkg.ingest import synthetic
from scpkg.queries.report import build_report, write_report
from scpkg.store import open_store

TARGET_S = 10.0
SMOKE_POLICIES = 2_000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=100_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per synthetic case study")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--store", type=Path, help="keep the loaded store here; reuse it if it exists")
    ap.add_argument("--smoke", action="store_true", help=f"{SMOKE_POLICIES:,} policies, verdict 'smoke'")
    args = ap.parse_args()
    policies = SMOKE_POLICIES if args.smoke else args.policies

    with tempfile.TemporaryDirectory(prefix="scpkg-report-bench-") as d:
        where = args.store or Path(d)
        where.mkdir(parents=True, exist_ok=True)
        reuse = (where / "graph.db").exists()
        store = open_store(f"falkordb://{where / 'graph.db'}")
        try:
            if not reuse:
                ref_s, load_s = synthetic.load_into(store, policies, args.per_case)
                print(
                    f"loaded reference data in {ref_s:.1f} s and {policies} synthetic policies "
                    f"in {load_s:.1f} s"
                )
            n = int(store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"])
            print(f"{n} policies in the store{' (reused)' if reuse else ''}")

            t0 = time.perf_counter()
            report = build_report(store)
            build_s = time.perf_counter() - t0
            print(f"report sections (build, {'summarised' if report.summarised else 'every finding'}):")
            for name, seconds in report.timings.items():
                print(f"  {name:32} {seconds:7.2f} s")
            out = Path(d) / "out"
            render: dict[str, float] = {}
            for fmt in ("html", "md", "json", "csv"):
                t = time.perf_counter()
                paths = write_report(report, out, [fmt], args.lang)
                render[fmt] = time.perf_counter() - t
                size = sum(p.stat().st_size for p in paths) / 1e6
                print(f"  render {fmt:25} {render[fmt]:7.2f} s  {size:8.1f} MB in {len(paths)} file(s)")
            total = build_s + render["html"]
            shown = sum(len(a.findings) for a in report.answers)
            counted = sum(sum(a.counts().values()) for a in report.answers)
            print(
                f"findings counted {counted}, listed {shown}; "
                f"case studies in the appendix {len(report.case_studies)}"
            )
            print(
                f"global report (build + HTML): {total:.1f} s "
                f"(build {build_s:.1f} s, HTML {render['html']:.2f} s)"
            )
            figure(
                "report-global-100k",
                f"{total:.1f} s at {n:,} policies",
                f"< {TARGET_S:.0f} s",
                None if args.smoke else total < TARGET_S,
            )
        finally:
            store.close()


if __name__ == "__main__":
    main()
