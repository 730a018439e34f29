"""Time a new user's first `make demo`: a fresh clone, to the line that says where to open the explorer.

    .venv/bin/python benchmarks/first_demo.py [--timeout 600] [--cold-pip] [--smoke]

Clones the committed HEAD of this repository (uncommitted changes are not in it) into a temporary
folder and runs ``make demo`` there (a new ``.venv``, the package and its runtime dependencies, then
``scpkg demo``), stopping it (SIGTERM to its process group) as soon as it prints the explorer line
("Open the query explorer") or the web front's ("Browse and search"). Prints the seconds from the start
of ``make demo`` to that line and the warning lines of its output (the machine's pip notices
"Location ... is ignored" are the machine's, not ours, and are not counted): ``first-demo``, target
``< 90 s, no warnings``.

The demo's data and caches are the run's own (``XDG_DATA_HOME``, ``XDG_CACHE_HOME`` in the temporary
folder: a first run builds its ontology cache and demo store from nothing); pip's download cache is
the user's unless ``--cold-pip`` (then every package is downloaded again), and the figure says which.
The clone itself is not timed. ``--smoke`` skips the clone and the install and times ``scpkg demo`` of
the current venv to its line (same isolation).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from figures import figure

REPO = Path(__file__).resolve().parent.parent
READY = re.compile(r"Open the query explorer|Browse and search")
"""The demo's lines once everything is loaded and reported and the server is about to answer."""
WARNING = re.compile(r"warning:|\w+warning\b|^\s*warn(ing)?\b|deprecat", re.I)
"""A warning as Python, pip, setuptools or a compiler print one (``WARNING:``, ``_Warning:``,
``DeprecationWarning``), not the demo's summary rows that count SHACL warnings in the data."""
MACHINE_NOTICE = re.compile(r"Location .* is ignored")
"""pip's notice about this machine's own configuration (a find-links location), not scpkg's."""
TARGET_S = 90.0


def pip_cache_dir() -> str | None:
    """The user's pip cache (kept when the run's own ``XDG_CACHE_HOME`` would hide it)."""
    found = subprocess.run(
        [sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=False
    )
    return (found.stdout.strip() or None) if found.returncode == 0 else None


def run_to_line(
    command: list[str], cwd: Path, env: dict[str, str], timeout_s: float
) -> tuple[float | None, list[str], int | None]:
    """Run ``command`` in a process group of its own until a line matches :data:`READY`, then stop it.

    Returns the seconds to that line (None if it never came), every line printed (stdout and stderr
    together, as a user sees them) and the exit code if the command ended on its own.
    """
    start = time.monotonic()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    assert proc.stdout is not None
    timer = threading.Timer(timeout_s, lambda: stop(proc))
    timer.start()
    lines: list[str] = []
    seconds = None
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if READY.search(line):
                seconds = time.monotonic() - start
                break
    finally:
        timer.cancel()
        ended = proc.poll()
        stop(proc)
    return seconds, lines, ended


def stop(proc: subprocess.Popen[str]) -> None:
    """SIGTERM to the process group (the demo stops its embedded server), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.stdout is not None:
        proc.stdout.close()


def our_warnings(lines: list[str]) -> list[str]:
    """Warning lines that are scpkg's (or its build's), not the machine's pip notices."""
    return [line for line in lines if WARNING.search(line) and not MACHINE_NOTICE.search(line)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before giving up (default 600)")
    ap.add_argument("--cold-pip", action="store_true", help="no pip cache: download every package again")
    ap.add_argument("--smoke", action="store_true", help="no clone or install: `scpkg demo` of this venv")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scpkg-first-demo-") as d:
        tmp = Path(d)
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("SCPKG_STORE", None)
        env.pop("VIRTUAL_ENV", None)
        if args.smoke:
            what = "`scpkg demo` of the current venv, no clone or install"
            cwd = tmp
            command = [str(Path(sys.executable).with_name("scpkg")), "demo"]
        else:
            cwd = tmp / "scpkg"
            subprocess.run(["git", "clone", "--quiet", str(REPO), str(cwd)], check=True)
            head = subprocess.run(
                ["git", "-C", str(cwd), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
            ).stdout.strip()
            if args.cold_pip:
                env["PIP_NO_CACHE_DIR"] = "1"
                cache = "no pip cache"
            elif (pip_cache := pip_cache_dir()) is not None:
                env["PIP_CACHE_DIR"] = pip_cache
                cache = "pip cache warm"
            else:
                cache = "no pip cache found"
            what = f"fresh clone of {head}, new .venv, {cache}"
            command = ["make", "demo"]
        print(f"running {' '.join(command)} in {cwd} ({what}); timeout {args.timeout:g} s", flush=True)
        seconds, lines, ended = run_to_line(command, cwd, env, args.timeout)
        warnings = our_warnings(lines)
        for line in warnings[:20]:
            print(f"  warning line: {line}")
        if seconds is None:
            how = f"exited with {ended}" if ended is not None else f"ran past {args.timeout:g} s"
            figure("first-demo", f"no explorer line: {how} ({what})", f"< {TARGET_S:g} s, no warnings", False)
            print("\n".join(lines[-30:]), file=sys.stderr)
            return 1 if ended is not None else 0
        measured = f"{seconds:.1f} s to the explorer line, {len(warnings)} warning lines ({what})"
        met = None if args.smoke else seconds < TARGET_S and not warnings
        figure("first-demo", measured, f"< {TARGET_S:g} s, no warnings", met)
    return 0


if __name__ == "__main__":
    sys.exit(main())
