"""Parse and validate a query text once: later requests with the same text reuse the checked document.

Clients (the explorer, scripts paging through a list) send the same few query texts again and again,
with other variables; parsing and validating one costs milliseconds, as much as a small store call
(issue 11). Validation depends only on the document and the schema (its rules and limits are fixed
when the schema is built), never on variables, so a document that passed once passes again: this
extension keeps, per schema, the documents that parsed and validated *without errors*, keyed by
the query text and the parser's options (token and length limits). A request whose text is cached
skips both steps; the checks that depend on the request (:class:`scpkg.api.limits.RequestLimits`:
variables' strings) still run, before this extension's validation hook. Documents with errors are
never cached, so every refused query is refused by the validators themselves, with their messages.

The cache is bounded (entries and text length), so unique texts from a public endpoint cannot grow
it without limit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

MAX_ENTRIES = 256
MAX_QUERY_CHARS = 20_000
"""Longer texts are parsed and validated every time (they are rare, and large to keep)."""


class DocumentStore:
    """The validated documents of one schema, least recently used first."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_query_chars: int = MAX_QUERY_CHARS) -> None:
        self.max_entries = max_entries
        self.max_query_chars = max_query_chars
        self._documents: OrderedDict[tuple[str, tuple[tuple[str, Any], ...]], DocumentNode] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, tuple[tuple[str, Any], ...]]) -> DocumentNode | None:
        with self._lock:
            document = self._documents.get(key)
            if document is not None:
                self._documents.move_to_end(key)
            return document

    def put(self, key: tuple[str, tuple[tuple[str, Any], ...]], document: DocumentNode) -> None:
        if len(key[0]) > self.max_query_chars:
            return
        with self._lock:
            self._documents[key] = document
            self._documents.move_to_end(key)
            while len(self._documents) > self.max_entries:
                self._documents.popitem(last=False)

    def __len__(self) -> int:
        return len(self._documents)


class DocumentCache(SchemaExtension):
    """Reuses a query text's parsed and validated document (one instance per request)."""

    def __init__(self, documents: DocumentStore) -> None:
        self.documents = documents
        self._key: tuple[str, tuple[tuple[str, Any], ...]] | None = None
        self._hit = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            self._key = (context.query, tuple(sorted(context.parse_options.items())))
            document = self.documents.get(self._key)
            if document is not None:
                context.graphql_document = document
                self._hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self._hit and context.pre_execution_errors is None:
            context.pre_execution_errors = []  # validated when it was cached; nothing to run again
        yield
        if (
            not self._hit
            and self._key is not None
            and context.pre_execution_errors == []
            and context.graphql_document is not None
        ):
            self.documents.put(self._key, context.graphql_document)


def document_cache() -> Callable[[], DocumentCache]:
    """The extension factory for one schema, with that schema's own store of documents."""
    documents = DocumentStore()

    def factory() -> DocumentCache:
        return DocumentCache(documents)

    factory.documents = documents  # type: ignore[attr-defined] - for tests and benchmarks
    return factory
