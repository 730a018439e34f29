"""Fixtures shared across test folders."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scpkg.store import GraphStore

# The parsed-ontology cache goes to a folder of this run (commands started by tests inherit it), never
# the user's own cache folder.
os.environ.setdefault("SCPKG_CACHE_DIR", tempfile.mkdtemp(prefix="scpkg-test-cache-"))

GAPS = Path(__file__).resolve().parent / "data" / "gaps"
"""The gap-catalogue fixtures, whose answers are worked out by hand in tests/data/README.md."""

GAP_STATUSES = Path(__file__).resolve().parent / "data" / "gaps-statuses"
"""The gap-status fixtures (not illustrative; stages, sectors left out, repealed policies), whose answers
are worked out by hand in tests/queries/test_statuses.py."""

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium phones home at start-up; this machine's closed network refuses it.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads), headless; the
    tests that need it are skipped, saying what to install, where either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("install playwright (pip install -e '.[dev]') to run the browser tests")
    if not shutil.which(CHROMIUM):
        pytest.skip("install chromium (apt-get install chromium) to run the browser tests")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def gap_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """One embedded store with the reference data and the gap fixtures, shared by the catalogue and
    report tests (opening a store takes seconds); the tests only read it."""
    from scpkg.ingest.pipeline import run as ingest
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    tmp = tmp_path_factory.mktemp("gap-store")
    s = open_store("falkordb://" + str(tmp / "g.db"))
    s.init_schema()
    load_reference_data(s)
    loaded = ingest([GAPS], store=s, report_dir=tmp / "ingest-report")
    assert loaded.counts["loaded"] == 4, loaded.counts
    yield s
    s.close()


@pytest.fixture(scope="session")
def status_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A fresh embedded store with the reference data, the (illustrative) gap fixtures and the
    (non-illustrative) gap-status fixtures, loaded by the real ingest pipeline; the tests only read it."""
    from scpkg.ingest.pipeline import run as ingest
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    tmp = tmp_path_factory.mktemp("status-store")
    s = open_store("falkordb://" + str(tmp / "g.db"))
    s.init_schema()
    load_reference_data(s)
    loaded = ingest([GAPS, GAP_STATUSES], store=s, report_dir=tmp / "ingest-report")
    assert loaded.counts["loaded"] == 8 and loaded.counts["quarantined"] == 0, loaded.counts
    yield s
    s.close()
