"""Neo4j (server or cluster) through the official driver, for production at UNEP.

Writes are managed transactions (``session.execute_write``), so the driver retries transient
failures such as leader switches; each write statement is one transaction.
"""

from __future__ import annotations

from typing import Any, LiteralString

from scpkg.store import cypher
from scpkg.store.base import GraphStore
from scpkg.store.projection import Vocabulary


class Neo4jStore(GraphStore):
    """A Neo4j database reached by URI (neo4j://, neo4j+s://, bolt://...)."""

    backend = "neo4j"

    def __init__(
        self, uri: str, user: str, password: str, vocab: Vocabulary, database: str | None = None
    ) -> None:
        import neo4j

        super().__init__(uri, vocab)  # the URI carries no credentials: they come from the environment
        self.database = database
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))

    def _session(self) -> Any:
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params or {})]

        # A managed write transaction for every statement: retried by the driver, routed to the leader.
        with self._session() as session:
            return session.execute_write(work)

    def _write(self, query: LiteralString, params: dict[str, Any]) -> None:
        def work(tx: Any) -> None:
            tx.run(query, params).consume()

        with self._session() as session:
            session.execute_write(work)

    def _setup_schema(self) -> None:
        # Schema commands cannot share a transaction with writes; each is its own auto-commit.
        with self._session() as session:
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
