"""Run every benchmark that prints figures and print the table of issue 11 (figure, measured, target, met).

    .venv/bin/python benchmarks/run_all.py [--smoke] [--only NAME,...] [--timeout S] [--verbose]

Each script of ``benchmarks/`` that prints ``FIGURE`` lines (``benchmarks/figures.py``) runs in a
subprocess of its own (``python <script> [--smoke]``, no other arguments: the issue's full sizes, or
the smoke sizes), one after another so they do not share the two cores. The runner collects the lines
and prints one table in the issue's order, then any other figures. A figure no script printed is
``missing``; a script that exited non-zero, or ran past ``--timeout``, is ``failed`` with the tail of
its stderr. ``--only`` takes figure names or script names (``store_load``). The exit status is 1 when a
script failed, 0 otherwise: a target not met is a figure, never a failure (no timed tests).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "FIGURE"
NOT_BENCHMARKS = frozenset({"figures.py", "run_all.py"})
"""Modules of ``benchmarks/`` that are not benchmarks."""

ISSUE_FIGURES: tuple[tuple[str, str], ...] = (
    ("cli-command", "any CLI command on a store of the bundled examples (wall, incl. start and stop)"),
    ("first-demo", "first `make demo` on a fresh clone, to the explorer line"),
    ("store-load-ratio", "100k-policy load vs plain UNWIND of the same graph, same run"),
    ("ingest-10k-seconds", "10,000 case studies end to end (read, map, SHACL, load): time"),
    ("ingest-10k-peak-rss", "10,000 case studies end to end: peak memory"),
    ("ingest-rss-growth", "10,000 case studies end to end: peak memory at N vs N/4 (flat in N)"),
    ("report-global-100k", "global report, 100k policies (build + HTML)"),
    ("graphql-vs-cypher", "GraphQL filtered page vs raw Cypher"),
    ("graphql-10k-p99", "10,000 items x 5 fields, p99"),
)
"""The figures of issue 11's table, in its order, with what each measures."""

STDERR_TAIL_LINES = 15
DEFAULT_TIMEOUT_S = {True: 300.0, False: 7200.0}
"""Per script: smoke runs take well under a minute; full runs load 100k policies."""


@dataclass(frozen=True)
class Figure:
    """One ``FIGURE`` line, parsed."""

    name: str
    measured: str
    target: str
    verdict: str

    @classmethod
    def parse(cls, line: str) -> Figure | None:
        """The figure of a ``FIGURE <name> | <measured> | target <target> | <verdict>`` line, else None."""
        if not line.startswith(PREFIX + " "):
            return None
        parts = [p.strip() for p in line[len(PREFIX) + 1 :].split(" | ")]
        if len(parts) < 4:
            return None
        name, *measured, target, verdict = parts
        return cls(name, " | ".join(measured), target.removeprefix("target").strip(), verdict)


@dataclass
class ScriptRun:
    """What one benchmark script printed and how it ended."""

    script: Path
    returncode: int | None = None
    timed_out: bool = False
    seconds: float = 0.0
    figures: list[Figure] = field(default_factory=list)
    stderr_tail: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.timed_out or self.returncode != 0


def figure_scripts(folder: Path = HERE) -> list[Path]:
    """The benchmark scripts that print figures (they call ``figure(...)`` of ``figures.py``)."""
    out = []
    for path in sorted(folder.glob("*.py")):
        if path.name in NOT_BENCHMARKS or path.name.startswith("_"):
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"^\s*from figures import|^\s*import figures|benchmarks\.figures", source, re.M):
            out.append(path)
    return out


def named_figures(script: Path, names: Iterable[str]) -> list[str]:
    """Which of ``names`` a script's source mentions as a string: the figures it is expected to print
    (read from the source, so a script that stops printing one is reported, not silently dropped)."""
    source = script.read_text(encoding="utf-8")
    return [n for n in names if re.search(rf"[\"']{re.escape(n)}[\"']", source)]


def run_script(script: Path, smoke: bool, timeout_s: float, verbose: bool = False) -> ScriptRun:
    """Run one script with this interpreter in its own process group; collect its ``FIGURE`` lines.

    At the timeout the whole group is stopped (SIGTERM, then SIGKILL), so no server it started outlives it.
    """
    run = ScriptRun(script)
    command = [sys.executable, str(script), *(["--smoke"] if smoke else [])]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    start = time.monotonic()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as err:
        proc = subprocess.Popen(
            command,
            cwd=script.parent.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        assert proc.stdout is not None
        deadline = start + timeout_s
        timer = _Watchdog(proc, deadline)
        timer.start()
        try:
            for line in proc.stdout:
                line = line.rstrip("\n")
                if verbose:
                    print(f"  {script.stem}: {line}", file=sys.stderr, flush=True)
                found = Figure.parse(line)
                if found is not None:
                    run.figures.append(found)
            run.returncode = proc.wait()
        finally:
            timer.stop()
            if proc.poll() is None:
                _stop_group(proc)
        run.timed_out = timer.fired
        run.seconds = time.monotonic() - start
        err.seek(0)
        run.stderr_tail = err.read().splitlines()[-STDERR_TAIL_LINES:]
    return run


class _Watchdog:
    """Stops a process group at a deadline (a thread: reading its stdout blocks the main one)."""

    def __init__(self, proc: subprocess.Popen[str], deadline: float) -> None:
        import threading

        self.proc = proc
        self.deadline = deadline
        self.fired = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        if not self._done.wait(max(0.0, self.deadline - time.monotonic())) and self.proc.poll() is None:
            self.fired = True
            _stop_group(self.proc)


def _stop_group(proc: subprocess.Popen[str]) -> None:
    for sig, grace in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def select(scripts: Sequence[Path], only: Sequence[str]) -> tuple[list[Path], set[str] | None]:
    """The scripts to run for ``--only`` (figure or script names) and the issue's figures asked for
    (None: all). An unknown name is an error listing the known ones."""
    if not only:
        return list(scripts), None
    known_figures = {n for n, _ in ISSUE_FIGURES}
    chosen: list[Path] = []
    figures: set[str] = set()
    unknown = []
    for name in only:
        by_script = [s for s in scripts if s.stem == name.removesuffix(".py")]
        by_figure = [s for s in scripts if named_figures(s, [name])]
        if by_script:
            chosen += by_script
            figures.update(n for s in by_script for n in named_figures(s, known_figures))
        elif by_figure:
            chosen += by_figure
            figures.add(name)
        elif name in known_figures:
            figures.add(name)  # no script prints it: the table says so
        else:
            unknown.append(name)
    if unknown:
        names = sorted(known_figures | {s.stem for s in scripts})
        raise SystemExit(f"--only: unknown {', '.join(unknown)}; known: {', '.join(names)}")
    return list(dict.fromkeys(chosen)), figures


def table(runs: Sequence[ScriptRun], figures: set[str] | None = None) -> list[str]:
    """The Markdown table: the issue's figures in its order (those in ``figures`` if given), then any
    others the scripts printed."""
    printed: dict[str, tuple[Figure, ScriptRun]] = {}
    for run in runs:
        for f in run.figures:
            printed.setdefault(f.name, (f, run))
    expected = {n: run for run in runs for n in named_figures(run.script, [n for n, _ in ISSUE_FIGURES])}
    names = [n for n, _ in ISSUE_FIGURES if figures is None or n in figures]
    names += [n for n in printed if n not in names]
    rows = ["| figure | measured | target | met | script |", "| --- | --- | --- | --- | --- |"]
    for name in names:
        if name in printed:
            f, run = printed[name]
            rows.append(f"| {name} | {f.measured} | {f.target} | {f.verdict} | {run.script.name} |")
            continue
        run = expected.get(name)
        if run is None:
            rows.append(f"| {name} | missing: no benchmark prints it | | missing | |")
        elif run.failed:
            rows.append(f"| {name} | script failed | | failed | {run.script.name} |")
        else:
            rows.append(f"| {name} | not printed | | missing | {run.script.name} |")
    return rows


def failures(runs: Sequence[ScriptRun]) -> list[str]:
    """One paragraph per failed script: how it ended and the tail of its stderr."""
    out = []
    for run in runs:
        if not run.failed:
            continue
        how = "ran past the timeout" if run.timed_out else f"exited with {run.returncode}"
        out.append(f"{run.script.name} failed: {how} after {run.seconds:.0f} s; stderr ends:")
        out += [f"    {line}" for line in run.stderr_tail or ["(nothing)"]]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="every script at its smoke size (the CI run)")
    ap.add_argument("--only", default="", help="comma-separated figure or script names")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per script (300 smoke, 7200)")
    ap.add_argument("--verbose", action="store_true", help="echo each script's output to stderr")
    ap.add_argument("--dir", type=Path, default=HERE, help=argparse.SUPPRESS)  # the runner's own tests
    args = ap.parse_args(argv)
    timeout_s = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT_S[args.smoke]
    only = [n.strip() for n in args.only.split(",") if n.strip()]
    scripts, figures = select(figure_scripts(args.dir), only)
    runs = []
    for script in scripts:
        print(f"running {script.name}{' --smoke' if args.smoke else ''} ...", file=sys.stderr, flush=True)
        run = run_script(script, args.smoke, timeout_s, args.verbose)
        state = "failed" if run.failed else "done"
        print(f"  {state} in {run.seconds:.0f} s, {len(run.figures)} figures", file=sys.stderr, flush=True)
        runs.append(run)
    print("\n".join(table(runs, figures)))
    if problems := failures(runs):
        print("\n" + "\n".join(problems))
    return 1 if any(r.failed for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
