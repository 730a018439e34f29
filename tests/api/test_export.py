"""`scpkg export` dumps the graph with provenance, and the dump re-imports unchanged through the RDF
ingest path: export → ingest into a fresh store → export again → isomorphic, graph by graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.cli.commands.export import Format, serialize
from scpkg.ingest.pipeline import LOADED, run
from scpkg.ontology import load_graph
from scpkg.store import REFERENCE_CASE, ontology_reference
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import Vocabulary

EXAMPLES = Path(__file__).parents[2] / "ingest" / "examples"
PICKED = ["s1-38-indonesia.yaml", "s1-38-chile.yaml"]


def _store(path: Path) -> FalkorDBStore:
    store = FalkorDBStore(path / "graph.db", Vocabulary.from_ontology(load_graph()))
    store.init_schema()
    return store


def _graphs(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g):
            copy = Graph()
            copy += g
            out[str(g.identifier)] = copy
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    examples = tmp_path_factory.mktemp("examples")
    for name in PICKED:
        (examples / name).write_bytes((EXAMPLES / name).read_bytes())
    store = _store(tmp_path_factory.mktemp("source"))
    store.load_reference(ontology_reference())
    report = run([examples], store=store)
    assert report.count(LOADED) == len(PICKED), [o.as_dict() for o in report.outcomes]
    yield store
    store.close()


def test_dump_reimports_through_the_rdf_ingest_path_unchanged(source: FalkorDBStore, tmp_path: Path) -> None:
    first = Dataset().parse(data=serialize(source, Format.trig), format="trig")
    graphs = _graphs(first)
    assert REFERENCE_CASE in graphs and len(graphs) == len(PICKED) + 1

    # Each case study's named graph is a Turtle file of one scp:CaseStudy: what `scpkg ingest` reads.
    files = tmp_path / "dump"
    files.mkdir()
    for name, g in graphs.items():
        if name != REFERENCE_CASE:
            g.serialize(files / (name.rsplit("/", 1)[-1] + ".ttl"), format="turtle")
    fresh = _store(tmp_path / "fresh")
    try:
        fresh.load_reference(graphs[REFERENCE_CASE])
        report = run([files], store=fresh)
        assert report.count(LOADED) == len(PICKED), [o.as_dict() for o in report.outcomes]
        second = _graphs(Dataset().parse(data=serialize(fresh, Format.trig), format="trig"))
        merged_again = Graph().parse(data=serialize(fresh, Format.nt), format="nt")
    finally:
        fresh.close()
    assert second.keys() == graphs.keys()
    for name in graphs:
        assert isomorphic(graphs[name], second[name]), f"named graph {name} changed on re-import"
    merged = Graph().parse(data=serialize(source, Format.nt), format="nt")
    assert isomorphic(merged, merged_again)


def test_every_format_parses_and_dataset_formats_keep_the_case_studies(source: FalkorDBStore) -> None:
    graphs = _graphs(Dataset().parse(data=serialize(source, Format.trig), format="trig"))
    for fmt, parser in ((Format.nq, "nquads"), (Format.jsonld, "json-ld")):
        again = _graphs(Dataset().parse(data=serialize(source, fmt), format=parser))
        assert again.keys() == graphs.keys(), fmt
        assert all(isomorphic(graphs[k], again[k]) for k in graphs), fmt
    merged = Graph().parse(data=serialize(source, Format.ttl), format="turtle")
    assert len(merged) > 0
    case = URIRef("https://w3id.org/scpkg/id/case-study/s1-38-indonesia")
    assert (case, None, None) in merged


def test_cli_writes_the_file(source: FalkorDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI opens the store by URL; the source store's server is already running on that file.
    out = tmp_path / "dump.nq"
    from scpkg.cli.commands import export as export_cmd

    monkeypatch.setattr(export_cmd, "store_session", _fixed_session(source))
    result = CliRunner().invoke(app, ["export", "--format", "nq", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(Dataset().parse(out, format="nquads")) > 0


def _fixed_session(store: FalkorDBStore):
    from contextlib import contextmanager

    @contextmanager
    def session(_url: str | None):
        yield store

    return session


# -- issue 9, item 6: the documented round trip, as a user runs it --------------------------------------
# A store holding the reference data and every bundled example is exported with `scpkg export`; each
# dataset format is re-imported with `scpkg ingest` alone into a fresh store (which has its own
# reference data), and the two stores must hold the same graph.


def _setup(url: str) -> None:
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    with open_store(url) as s:
        s.init_schema()
        load_reference_data(s)


def _snapshot(url: str) -> tuple[dict[str, int], dict[str, int], dict[str, Graph]]:
    from scpkg.store import open_store

    with open_store(url) as s:
        status = s.status()
        return status.labels, status.rel_types, _graphs(s.provenance_dataset())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Any, ...]]:
    """The exports of a store loaded with `scpkg ingest` of the bundled examples, and its snapshot."""
    tmp = tmp_path_factory.mktemp("round-trip")
    url = "falkordb://" + str(tmp / "source" / "graph.db")
    (tmp / "source").mkdir()
    _setup(url)
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--store", url, "--report-dir", str(tmp / "r")]
    )
    assert result.exit_code == 0, result.output
    for fmt in Format:
        out = tmp / f"dump.{fmt.value}"
        result = CliRunner().invoke(app, ["export", "--format", fmt.value, "--out", str(out), "--store", url])
        assert result.exit_code == 0, result.output
    return tmp, _snapshot(url)


def _reimport(exported: tuple[Path, tuple[Any, ...]], fmt: str, tmp_path: Path) -> dict[str, Any]:
    dumps, (labels, types, graphs) = exported
    url = "falkordb://" + str(tmp_path / "graph.db")
    _setup(url)
    result = CliRunner().invoke(
        app, ["ingest", str(dumps / f"dump.{fmt}"), "--store", url, "--report-dir", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    again_labels, again_types, again = _snapshot(url)
    assert again_labels == labels
    assert again_types == types
    assert again.keys() == graphs.keys()
    for name in graphs:
        assert isomorphic(graphs[name], again[name]), f"named graph {name} changed on re-import"
    # The reference data is recognised as the store's own, said so, and not loaded as a case study.
    (ref,) = [r for r in report["records"] if r["case_study"] == REFERENCE_CASE]
    assert ref["status"] == "unchanged" and "reference data" in ref["note"]
    assert report["counts"]["loaded"] == len(graphs) - 1
    return report


def test_export_jsonld_reimports(exported: tuple[Path, tuple[Any, ...]], tmp_path: Path) -> None:
    _reimport(exported, "jsonld", tmp_path)


def test_export_trig_reimports(exported: tuple[Path, tuple[Any, ...]], tmp_path: Path) -> None:
    _reimport(exported, "trig", tmp_path)


def test_export_nq_reimports(exported: tuple[Path, tuple[Any, ...]], tmp_path: Path) -> None:
    _reimport(exported, "nq", tmp_path)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_merged_export_is_refused_in_one_short_error(
    exported: tuple[Path, tuple[Any, ...]], fmt: str, tmp_path: Path
) -> None:
    """The merged graph has no provenance, so it cannot be split back into case studies: one sentence
    saying so and what to export instead, not every case-study IRI (the issue's 14,543 characters)."""
    dumps, _ = exported
    result = CliRunner().invoke(
        app, ["validate", str(dumps / f"dump.{fmt}"), "--report-dir", str(tmp_path / "r")]
    )
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    (problem,) = report["records"][0]["problems"]
    assert "--format trig, nq or jsonld" in problem["message"]
    assert len(problem["message"]) < 400, problem["message"]
