"""`scpkg store status|init|clear` against a temporary embedded store, and their error paths."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scpkg.cli.app import app


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"falkordb://{tmp_path / 'graph.db'}"


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "200"})


def test_status_on_a_new_store_shows_the_reference_data_it_was_given(url: str) -> None:
    result = _run("store", "status", "--store", url)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "answers: yes" in text
    assert "Loaded the reference data" in text and "reference data: scpkg" in text and ", current (" in text
    assert "Nodes per label" in text and "│ Country" in result.output and "CaseStudy" not in text
    again = _run("store", "status", "--store", url)  # current now: nothing loaded again
    assert again.exit_code == 0 and "Loaded the reference data" not in again.output, again.output


def test_init_then_status_says_schema_set_up(url: str) -> None:
    assert _run("store", "init", "--store", url).exit_code == 0
    again = _run("store", "init", "--store", url)  # idempotent
    assert again.exit_code == 0, again.output
    result = _run("store", "status", "--store", url)
    assert result.exit_code == 0, result.output
    assert "schema set up: yes" in result.output


def test_clear_yes_empties_the_store(url: str, policies_path: Path) -> None:
    from rdflib import Graph

    from scpkg.store import open_store

    with open_store(url) as store:
        store.load_case_study("https://w3id.org/scpkg/id/case-study/a", Graph().parse(policies_path), "h")
    status = _run("store", "status", "--store", url)
    assert "RegulatoryInstrument" in status.output and "COUNTRY" in status.output
    refused = _run("store", "clear", "--store", url, input="n\n")
    assert refused.exit_code == 0 and "nothing deleted" in refused.output
    assert _run("store", "clear", "--store", url, "--yes").exit_code == 0
    status = _run("store", "status", "--store", url)
    assert "RegulatoryInstrument" not in status.output and "│ Country" in status.output


def test_store_from_environment_variable(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCPKG_STORE", url)
    result = _run("store", "status")
    assert result.exit_code == 0, result.output
    assert url in result.output


def test_bad_scheme_exits_2_without_traceback() -> None:
    result = _run("store", "status", "--store", "sqlite:///tmp/x.db")
    assert result.exit_code == 2
    assert "unknown store" in result.output and "Traceback" not in result.output


def test_credentials_in_url_are_refused_and_never_printed() -> None:
    result = _run("store", "init", "--store", "neo4j+s://alice:s3cret@db.example.org:7687")
    assert result.exit_code == 2
    assert "s3cret" not in result.output and "Traceback" not in result.output


def test_unreachable_neo4j_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCPKG_NEO4J_USER", "neo4j")
    monkeypatch.setenv("SCPKG_NEO4J_PASSWORD", "not-printed-anywhere")
    result = _run("store", "status", "--store", "bolt://127.0.0.1:9")
    assert result.exit_code == 2, result.output
    assert "does not answer" in result.output
    assert "not-printed-anywhere" not in result.output and "Traceback" not in result.output
