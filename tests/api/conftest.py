"""One embedded store per test module, loaded with the reference data and the bundled examples."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, LiteralString

import pytest

from scpkg.store import GraphStore, open_store


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from scpkg.ingest.examples_dir import examples_dir
    from scpkg.ingest.pipeline import run
    from scpkg.ingest.reference import load_reference_data

    store = open_store(f"falkordb://{tmp_path_factory.mktemp('api') / 'graph.db'}")
    store.init_schema()
    load_reference_data(store)
    with examples_dir() as examples:
        report = run([Path(examples)], store=store)
    assert all(o.status == "loaded" for o in report.outcomes), [o.problems for o in report.outcomes]
    yield store
    store.close()


class CountingStore:
    """A proxy that counts ``run`` calls (store round trips)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.calls = 0

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.calls += 1
        return self._store.run(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
