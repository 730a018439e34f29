"""Streaming ingest (issue 11): batched SHACL and graphs parked on disk change nothing a run reports.

The pipeline validates independent case studies in one pySHACL run (`scpkg.shapes.batched`) and, for
the CLI (`keep_graphs=False`), keeps no graph once a record is settled. Both must give the verdicts,
statuses, messages and SHACL report files of the one-by-one, all-in-memory run.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import to_isomorphic

from scpkg.ingest import pipeline
from scpkg.shapes.validate import ValidationResult, validate
from scpkg.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
EXAMPLES = ROOT / "ingest" / "examples"
FIXTURES = [ROOT / "tests" / "data" / name for name in ("ingest", "real", "places", "exports")]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile JSON-LD names remote contexts: nothing may be fetched (the run stays in-process)."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("network access during ingest")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _one_by_one(items: Iterable[tuple[Graph, Graph]]) -> Iterator[ValidationResult]:
    for graph, context in items:
        yield validate(graph + context)


def _records(report: pipeline.RunReport) -> list[dict[str, Any]]:
    return [o.as_dict() for o in report.outcomes]


def _shacl_files(folder: Path) -> dict[str, Graph]:
    return {p.name: to_isomorphic(Graph().parse(p)) for p in sorted((folder / "shacl").glob("*.ttl"))}


def test_batched_shacl_changes_no_verdict_on_the_hostile_corpus_examples_and_fixtures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    """Regression guard for the batched route: one pySHACL run over a union of case studies could let
    one case study's triples change another's verdict (a shared node, an inferred type)."""
    paths = [HOSTILE, EXAMPLES, *(p for p in FIXTURES if p.is_dir())]
    batched = pipeline.run(paths, report_dir=tmp_path / "batched", keep_graphs=False)
    monkeypatch.setattr(pipeline, "validate_batched", _one_by_one)
    single = pipeline.run(paths, report_dir=tmp_path / "single", keep_graphs=True)
    assert batched.counts == single.counts
    assert batched.counts["records_read"] > 150
    assert _records(batched) == _records(single)
    assert batched.count(pipeline.QUARANTINED) and batched.count(pipeline.NOT_LOADED)
    files = _shacl_files(tmp_path / "batched")
    assert files and files == _shacl_files(tmp_path / "single")


def test_streamed_load_keeps_no_graph_and_reports_what_the_in_memory_run_reports(
    tmp_path: Path, store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """keep_graphs=False (the CLI) over several load batches: the same statuses, notes, warnings and
    conflicts as keeping every graph, and no outcome holds a graph or a report graph afterwards."""
    from scpkg.ingest.reference import load_reference_data

    monkeypatch.setattr(pipeline, "LOAD_BATCH", 4)
    load_reference_data(store)
    kept = pipeline.run([EXAMPLES], store=store, store_url="test", report_dir=tmp_path / "a")
    store.clear()
    load_reference_data(store)
    streamed = pipeline.run(
        [EXAMPLES], store=store, store_url="test", report_dir=tmp_path / "b", keep_graphs=False
    )
    assert streamed.counts == kept.counts and streamed.counts["loaded"] > 2 * pipeline.LOAD_BATCH
    assert _records(streamed) == _records(kept)
    assert all(o.graph is None and o.shacl_report is None for o in streamed.outcomes)
    assert _shacl_files(tmp_path / "a") == _shacl_files(tmp_path / "b")
    again = pipeline.run([EXAMPLES], store=store, store_url="test", keep_graphs=False)
    assert again.count(pipeline.UNCHANGED) == kept.counts["loaded"]
