"""`scpkg ontology stats` counts what the graphs hold, and the per-user parse cache never serves a
graph other than the ontology's own parse."""

from __future__ import annotations

import csv
import json
import os
import pickle
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ontology import load_graph, make_sdg, read_ontology_text
from scpkg.ontology.cache import cache_key, parse_cached
from scpkg.ontology.namespace import SCP

runner = CliRunner()


def test_stats_json_gives_vocabulary_sizes_counted_in_the_graphs() -> None:
    from scpkg.ingest.reference import reference_graph

    result = runner.invoke(app, ["ontology", "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    sizes = json.loads(result.output)["vocabularies"]
    with make_sdg.CSV_FILE.open(encoding="utf-8", newline="") as f:
        kinds = [row["kind"] for row in csv.DictReader(f)]
    assert sizes["SDG goals"] == kinds.count("goal") == 17
    assert sizes["SDG targets"] == kinds.count("target") == 169
    assert sizes["SDG indicators"] == kinds.count("indicator")
    graph, reference = load_graph(), reference_graph()
    scheme = URIRef("https://w3id.org/scpkg/vocab/sector")
    assert sizes["sectors"] == len(set(graph.subjects(SKOS.inScheme, scheme)))
    assert sizes["MEA obligations"] == len(set(graph.subjects(RDF.type, SCP.MEAObligation)))
    assert sizes["MEAs"] == len(set(graph.subjects(RDF.type, SCP.MultilateralEnvironmentalAgreement)))
    assert sizes["regions"] == len(set(reference.subjects(RDF.type, SCP.Region)))
    assert sizes["countries"] == len(set(reference.subjects(RDF.type, SCP.Country)))
    assert sizes["MEAs with party data"] < sizes["MEAs"]  # Montreal: no party table rows


def test_stats_table_lists_the_vocabularies() -> None:
    result = runner.invoke(app, ["ontology", "stats"])
    assert result.exit_code == 0, result.output
    assert "SDG indicators" in result.output and "MEA obligations" in result.output


def test_generator_check_passes_on_the_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert make_sdg.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cached_ontology_is_the_same_graph_as_a_fresh_parse(tmp_path: Path) -> None:
    text = read_ontology_text()
    first = parse_cached(text, tmp_path)
    assert (tmp_path / f"{cache_key(text)}.pickle").is_file()
    second = parse_cached(text, tmp_path)  # from the file this time
    fresh = Graph().parse(data=text, format="turtle")
    assert set(second) == set(first)  # the very parse, blank nodes included
    assert isomorphic(second, fresh)


def test_edited_ontology_text_is_never_served_the_old_cache(tmp_path: Path) -> None:
    parse_cached("<urn:a> <urn:b> <urn:c> .", tmp_path)
    edited = parse_cached("<urn:a> <urn:b> <urn:d> .", tmp_path)
    assert set(edited.objects()) == {URIRef("urn:d")}


def test_corrupt_cache_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    text = "<urn:a> <urn:b> <urn:c> ."
    path = tmp_path / f"{cache_key(text)}.pickle"
    path.write_bytes(b"not a pickle")
    path.chmod(0o600)
    assert len(parse_cached(text, tmp_path)) == 1
    assert len(pickle.loads(path.read_bytes())) == 1  # noqa: S301 - written by parse_cached just above


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_cache_file_others_can_write_is_not_read(tmp_path: Path) -> None:
    """A pickle is code: one that someone else could have written must not be loaded."""
    text = "<urn:a> <urn:b> <urn:c> ."
    planted = Graph()
    planted.add((URIRef("urn:x"), URIRef("urn:y"), URIRef("urn:planted")))
    path = tmp_path / f"{cache_key(text)}.pickle"
    path.write_bytes(pickle.dumps(planted))
    path.chmod(0o666)
    assert set(parse_cached(text, tmp_path).objects()) == {URIRef("urn:c")}


def test_no_cache_folder_means_parse_only(tmp_path: Path) -> None:
    assert len(parse_cached("<urn:a> <urn:b> <urn:c> .", None)) == 1
    assert not any(tmp_path.iterdir())
