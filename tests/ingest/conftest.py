"""Keep every ingest test away from the user's default store."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`scpkg validate` reads the store `ingest` would use: here a store that does not exist yet."""
    monkeypatch.setenv("SCPKG_STORE", "falkordb://" + str(tmp_path / "default-store" / "graph.db"))
