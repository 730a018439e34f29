"""Start and stop of the embedded store, on their own and inside a whole CLI command (issue 11).

    .venv/bin/python benchmarks/store_lifecycle.py [--runs 10] [--smoke]

Times, over N runs on a store holding the reference data: opening the store (server start), the
first query, closing it (server shutdown), in-process; then the wall time of `scpkg store status` and
`scpkg query run 5 --country GHA` as a user runs them (interpreter start, imports, open, work,
close). Prints mean and p95, and the figure ``store-start-stop`` (mean open + close of the embedded
server, informational target < 0.5 s); the whole-command figure is ``benchmarks/cli_commands.py``'s
``cli-command``. No asserts on times.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/ is on the path of a script run from it

from scpkg.store import open_store

TARGET_COMMAND_S = 1.0
TARGET_START_STOP_S = 0.5
SCPKG = str(Path(sys.executable).with_name("scpkg"))


def summary(samples: list[float]) -> str:
    """Mean and p95 in milliseconds (p95 is the maximum below 20 samples)."""
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[-1] if len(ms) < 20 else statistics.quantiles(ms, n=20)[18]
    return f"mean {statistics.fmean(ms):7.0f} ms   p95 {p95:7.0f} ms"


def in_process(url: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"open": [], "first query": [], "close": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        store = open_store(url)
        t1 = time.perf_counter()
        store.run("MATCH (n:Resource) RETURN count(n) AS n")
        t2 = time.perf_counter()
        store.close()
        t3 = time.perf_counter()
        out["open"].append(t1 - t0)
        out["first query"].append(t2 - t1)
        out["close"].append(t3 - t2)
    return out


def commands(url: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for args in (["store", "status"], ["query", "run", "5", "--country", "GHA"]):
        name = "scpkg " + " ".join(args)
        out[name] = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([SCPKG, *args, "--store", url], check=True, capture_output=True)
            out[name].append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--smoke", action="store_true", help="2 runs: checks the benchmark works, in seconds")
    args = ap.parse_args()
    runs = 2 if args.smoke else args.runs
    with tempfile.TemporaryDirectory(prefix="scpkg-lifecycle-") as d:
        url = f"falkordb://{Path(d) / 'graph.db'}"
        subprocess.run(
            [SCPKG, "store", "init", "--store", url], check=True, capture_output=True
        )  # reference data
        print(f"embedded store, reference data only; {runs} runs each")
        timings = in_process(url, runs)
        for name, samples in timings.items():
            print(f"  {name:<36} {summary(samples)}")
        for name, samples in commands(url, runs).items():
            mean = statistics.fmean(samples)
            verdict = "met" if mean < TARGET_COMMAND_S else "NOT met"
            print(f"  {name:<36} {summary(samples)}   target < {TARGET_COMMAND_S:.0f} s: {verdict}")
    start_stop = statistics.fmean(o + c for o, c in zip(timings["open"], timings["close"], strict=True))
    figure(
        "store-start-stop",
        f"{start_stop * 1000:.0f} ms (open {statistics.fmean(timings['open']) * 1000:.0f}, "
        f"close {statistics.fmean(timings['close']) * 1000:.0f}, mean of {runs})",
        f"< {TARGET_START_STOP_S} s",
        None if args.smoke else start_stop < TARGET_START_STOP_S,
    )


if __name__ == "__main__":
    main()
