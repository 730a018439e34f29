"""One embedded store with the reference data and the gap-catalogue fixtures (tests/data/gaps/, whose
answers are worked out by hand in tests/data/README.md), shared by the report tests: opening a store
takes seconds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scpkg.ingest.pipeline import content_hash
from scpkg.ingest.pipeline import run as ingest
from scpkg.ingest.reference import reference_graph
from scpkg.queries.catalogue import Scope
from scpkg.queries.report import Report, build_report
from scpkg.store import GraphStore, ontology_reference, open_store

GAPS = Path(__file__).resolve().parents[1] / "data" / "gaps"


@pytest.fixture(scope="session")
def gap_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    tmp = tmp_path_factory.mktemp("report-store")
    s = open_store("falkordb://" + str(tmp / "g.db"))
    s.clear()
    s.init_schema()
    ref = ontology_reference() + reference_graph()
    s.load_reference(ref, content_hash(ref))
    loaded = ingest([GAPS], store=s, report_dir=tmp / "ingest-report")
    assert loaded.counts["loaded"] == 4, loaded.counts
    yield s
    s.close()


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
