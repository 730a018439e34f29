"""Keep every ingest test away from the user's default store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scpkg.store import GraphStore, open_store


@pytest.fixture(autouse=True)
def _no_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`scpkg validate` reads the store `ingest` would use: here a store that does not exist yet."""
    monkeypatch.setenv("SCPKG_STORE", "falkordb://" + str(tmp_path / "default-store" / "graph.db"))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """One embedded FalkorDB for the module: stopping one takes seconds, so tests share it and clear it."""
    s = open_store("falkordb://" + str(tmp_path_factory.mktemp("store") / "g.db"))
    yield s
    s.close()


@pytest.fixture
def store(embedded: GraphStore) -> GraphStore:
    """The real embedded store, empty."""
    embedded.clear()
    return embedded
