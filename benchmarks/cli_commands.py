"""Wall time of whole CLI commands on a store of the bundled examples, as a user runs them (issue 11).

    .venv/bin/python benchmarks/cli_commands.py [--runs 10] [--smoke]

Builds an embedded store in a temporary folder the way ``scpkg demo`` does (``scpkg store init``, then
``scpkg ingest`` of the bundled example case studies, through the CLI), then runs ``scpkg store
status`` and ``scpkg query run 5 --country GHA`` N times each as subprocesses: interpreter start,
imports, server start, reference-data check, the work, server stop. Prints p50 and max per command
and the figure ``cli-command`` (target: both p50 under 1 s). The machine's load average is printed
beside it: on a busy 2-core machine every figure is slower, so read it against that.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from figures import figure  # benchmarks/ is on the path of a script run from it

TARGET_S = 1.0
SCPKG = str(Path(sys.executable).with_name("scpkg"))
COMMANDS = (["store", "status"], ["query", "run", "5", "--country", "GHA"])


def build_store(folder: Path) -> str:
    """A store holding the reference data and the bundled examples, made through the CLI."""
    url = f"falkordb://{folder / 'graph.db'}"
    examples = Path(str(files("scpkg.ingest") / "examples"))
    subprocess.run([SCPKG, "store", "init", "--store", url], check=True, capture_output=True)
    subprocess.run(
        [SCPKG, "ingest", str(examples), "--store", url, "--report-dir", str(folder / "reports")],
        check=True,
        capture_output=True,
    )
    return url


def time_command(args: list[str], url: str, runs: int) -> list[float]:
    """Wall seconds of each run; the first run is included (nothing is warmed up on purpose)."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([SCPKG, *args, "--store", url], check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="runs per command")
    ap.add_argument("--smoke", action="store_true", help="2 runs each: checks the benchmark works")
    args = ap.parse_args()
    runs = 2 if args.smoke else args.runs
    with tempfile.TemporaryDirectory(prefix="scpkg-cli-bench-") as d:
        url = build_store(Path(d))
        results = {" ".join(c): time_command(c, url, runs) for c in COMMANDS}
    load = os.getloadavg()[0]
    print(f"store of the bundled examples; {runs} runs per command; load average {load:.1f} (2 cores)")
    parts = []
    for name, samples in results.items():
        p50, worst = statistics.median(samples), max(samples)
        print(f"  scpkg {name:<30} p50 {p50 * 1000:6.0f} ms   max {worst * 1000:6.0f} ms")
        parts.append(f"{name.split(' --')[0]} p50 {p50:.2f} s (max {worst:.2f})")
    met = all(statistics.median(s) < TARGET_S for s in results.values())
    figure(
        "cli-command",
        "; ".join(parts) + f"; load {load:.1f}",
        f"< {TARGET_S:.0f} s",
        None if args.smoke else met,
    )


if __name__ == "__main__":
    main()
