"""Neo4j (server or cluster) through the official driver, for production at UNEP.

Writes are managed transactions (``session.execute_write``), so the driver retries transient
failures such as leader switches; each write statement is one transaction.

Timeouts are short (the driver's defaults made an unreachable server take 31-67 s, and one that
accepts and never answers 122 s, to fail): a server is asked whether it answers when the store is
opened, and a lost connection is :class:`~scpkg.store.base.StoreUnavailableError`, never retried
record by record.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, LiteralString

from scpkg.store import cypher
from scpkg.store.base import GraphStore, StoreUnavailableError
from scpkg.store.projection import Vocabulary

CONNECTION_TIMEOUT_S = 5.0
"""TCP connect and Bolt handshake (the driver's default: 30 s)."""

ACQUISITION_TIMEOUT_S = 10.0
"""Waiting for a pooled connection, including opening one (default: 60 s)."""

RETRY_TIME_S = 10.0
"""How long a managed transaction is retried after transient errors, e.g. a leader switch (default: 30 s)."""

DRIVER_CONFIG: dict[str, float] = {
    "connection_timeout": CONNECTION_TIMEOUT_S,
    "connection_acquisition_timeout": ACQUISITION_TIMEOUT_S,
    "max_transaction_retry_time": RETRY_TIME_S,
}


class Neo4jStore(GraphStore):
    """A Neo4j database reached by URI (neo4j://, neo4j+s://, bolt://...)."""

    backend = "neo4j"

    def __init__(
        self, uri: str, user: str, password: str, vocab: Vocabulary, database: str | None = None
    ) -> None:
        import logging

        import neo4j

        # The driver logs each failed routing attempt on stderr (Python's last-resort handler); the
        # command says it once, in one line.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        super().__init__(uri, vocab)  # the URI carries no credentials: they come from the environment
        self.database = database
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), **DRIVER_CONFIG)
        try:
            with self._answering():
                self._driver.verify_connectivity()
        except BaseException:
            self._driver.close()
            raise

    @contextlib.contextmanager
    def _answering(self) -> Iterator[None]:
        """A server that cannot be reached or stops answering is :class:`StoreUnavailableError`."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            yield
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailableError(self.url, exc) from exc

    def _session(self) -> Any:
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params or {})]

        # A managed write transaction for every statement: retried by the driver, routed to the leader.
        with self._answering(), self._session() as session:
            return session.execute_write(work)

    def _write(self, query: LiteralString, params: dict[str, Any]) -> None:
        def work(tx: Any) -> None:
            tx.run(query, params).consume()

        with self._answering(), self._session() as session:
            session.execute_write(work)

    def _setup_schema(self) -> None:
        # Schema commands cannot share a transaction with writes; each is its own auto-commit.
        with self._answering(), self._session() as session:
            session.run(cypher.NEO4J_IRI_CONSTRAINT).consume()
            session.run(cypher.NEO4J_PROVENANCE_CONSTRAINT).consume()
            for label, keys in cypher.index_targets(self.vocab).items():
                for key in keys:
                    if (label, key) != ("Resource", "iri"):  # the constraint's index already covers it
                        session.run(cypher.index_statement(self.vocab, label, key, neo4j=True)).consume()

    def schema_ready(self) -> bool:
        rows = self.run(cypher.NEO4J_SHOW_INDEXES)
        have = {(lb, p) for r in rows for lb in (r["labels"] or []) for p in (r["properties"] or [])}
        want = {(lb, k) for lb, keys in cypher.index_targets(self.vocab).items() for k in keys}
        return ("Provenance", "case_study") in have and want <= have

    def close(self) -> None:
        self._driver.close()
