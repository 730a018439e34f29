"""Reports built from the shared gap store (tests/conftest.py: reference data and the gap-catalogue
fixtures, whose answers are worked out by hand in tests/data/README.md)."""

from __future__ import annotations

import pytest

from scpkg.queries.catalogue import Scope
from scpkg.queries.report import Report, build_report
from scpkg.store import GraphStore


@pytest.fixture(scope="session")
def store_url(gap_store: GraphStore) -> str:
    """The URL of the same store, for the CLI."""
    return gap_store.url


@pytest.fixture(scope="session")
def global_report(gap_store: GraphStore) -> Report:
    return build_report(gap_store, Scope())


@pytest.fixture(scope="session")
def ghana_report(gap_store: GraphStore) -> Report:
    return build_report(gap_store, Scope(country="GHA"))
