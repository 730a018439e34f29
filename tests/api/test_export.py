"""`scpkg export` dumps the graph with provenance, and the dump re-imports unchanged through the RDF
ingest path: export → ingest into a fresh store → export again → isomorphic, graph by graph."""

from __future__ import annotations

from pathlib import Path

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
