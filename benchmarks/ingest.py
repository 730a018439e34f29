"""Benchmark: `scpkg ingest` of N synthetic case-study files into a fresh embedded store (issue 11).

    .venv/bin/python benchmarks/ingest.py                 # 10,000 and 2,500 case studies
    .venv/bin/python benchmarks/ingest.py --smoke         # 200 and 50
    .venv/bin/python benchmarks/ingest.py --case-studies 4000 --per-case 3

Not a test: a script that prints the issue's figures. For N and N/4 it writes N case studies as YAML
files like `ingest/examples` (`scpkg generate`'s corpus, `--per-case` policies each) into a temporary
folder, then runs the real command, `scpkg ingest DIR --store falkordb://... --report-dir ...`, as a
subprocess (read, map, SHACL, load, reports; the reference data loaded into the new store, as on any
first run), so one run's memory never counts in another's. While it runs, the resident set of the
whole process tree (the ingest process, its SHACL workers and the embedded FalkorDB server) is sampled
every 0.1 s; its peak is the memory figure (the tree, not the ingest process alone, which is printed
beside it from `ru_maxrss`).

Figures (`benchmarks/figures.py`):
- `ingest-10k-seconds`: wall time of the command at N (start-up and reference data included);
  target < 60 s;
- `ingest-10k-peak-rss`: peak RSS of the process tree at N; target < 500 MB;
- `ingest-rss-growth`: that peak at N over the peak at N/4; target "flat", <= 1.25x.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from figures import figure  # benchmarks/ is on the path of a script run from it

TARGET_SECONDS = 60.0
TARGET_MB = 500.0
TARGET_GROWTH = 1.25
SCPKG = Path(sys.executable).with_name("scpkg")


@dataclass
class Run:
    """One `scpkg ingest` of n case studies."""

    n: int
    seconds: float
    pipeline_seconds: float
    peak_tree_mb: float
    peak_main_mb: float
    counts: dict[str, int]
    exit_code: int


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += p.memory_info().rss
    return total


def ingest(folder: Path, n: int, per_case: int, seed: int) -> Run:
    """Write the corpus, run `scpkg ingest` on it into a fresh store, and measure it."""
    from scpkg.ingest import synthetic

    corpus = folder / f"corpus-{n}"
    start = time.perf_counter()
    synthetic.write_corpus(corpus, n * per_case, seed, per_case)
    print(
        f"\n{n} case studies ({n * per_case} policies): corpus written in {time.perf_counter() - start:.1f} s"
    )
    reports = folder / f"reports-{n}"
    command = [str(SCPKG), "ingest", str(corpus), "--store", f"falkordb://{folder / f'graph-{n}.db'}"]
    command += ["--report-dir", str(reports)]
    # The child reports its own peak (ru_maxrss) on exit: a wrapper prints it after the command's run.
    wrapper = (
        "import resource, sys\n"
        "from scpkg.cli.app import main\n"
        "sys.argv = ['scpkg'] + sys.argv[1:]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "else:\n"
        "    code = 0\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", wrapper, *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watched = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.NoSuchProcess:
                return
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    main_kb = next((int(line.split()[1]) for line in err.splitlines() if line.startswith("MAXRSS")), 0)
    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    if proc.returncode != 0:
        print(f"  !! exit code {proc.returncode}: {err[-2000:]}", file=sys.stderr)
    run = Run(
        n, seconds, report["seconds"], peak / 1_048_576, main_kb / 1024, report["counts"], proc.returncode
    )
    print(
        f"  wall {run.seconds:.1f} s (pipeline {run.pipeline_seconds:.1f} s,"
        f" {n / run.seconds:.0f} case studies/s);"
        f" peak RSS: process tree {run.peak_tree_mb:.0f} MB, ingest process {run.peak_main_mb:.0f} MB;"
        f" loaded {run.counts.get('loaded', 0)}, quarantined {run.counts.get('quarantined', 0)}"
    )
    del out
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case-studies", type=int, default=10_000, metavar="N")
    parser.add_argument("--per-case", type=int, default=3, help="policies per case study")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smoke", action="store_true", help="200 and 50 case studies: checks it works")
    args = parser.parse_args(argv)
    n = 200 if args.smoke else args.case_studies
    with tempfile.TemporaryDirectory(prefix="scpkg-bench-ingest-") as tmp:
        small = ingest(Path(tmp), max(1, n // 4), args.per_case, args.seed)
        large = ingest(Path(tmp), n, args.per_case, args.seed)
    judged = not args.smoke and n >= 10_000
    ok = large.exit_code == 0 and small.exit_code == 0
    growth = large.peak_tree_mb / small.peak_tree_mb if small.peak_tree_mb else float("inf")
    figure(
        "ingest-10k-seconds",
        f"{large.seconds:.1f} s for {n:,} case studies ({large.n / large.seconds:.0f}/s)",
        "< 60 s",
        (ok and large.seconds < TARGET_SECONDS) if judged else None,
    )
    figure(
        "ingest-10k-peak-rss",
        f"{large.peak_tree_mb:.0f} MB (ingest + SHACL workers + store server;"
        f" ingest alone {large.peak_main_mb:.0f} MB)",
        "< 500 MB",
        (ok and large.peak_tree_mb < TARGET_MB) if judged else None,
    )
    figure(
        "ingest-rss-growth",
        f"{growth:.2f}x ({large.peak_tree_mb:.0f} MB at {large.n:,}"
        f" vs {small.peak_tree_mb:.0f} MB at {small.n:,})",
        "flat: <= 1.25x",
        (ok and growth <= TARGET_GROWTH) if judged else None,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
