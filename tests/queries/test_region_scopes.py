"""Region scopes as a user runs them (issue 10): `scpkg ingest` of a small fixture on a fresh store, then
`scpkg query run --region` and GraphQL `policies(filter: {region:})` / `gap(region:)`.

Before issue 10, `--region 029` (an intermediate region) and `--region 513` (an SDG grouping) were
refused, and `country: European Union` could not be ingested. The fixture (tests/data/places) puts one
policy in each of JAM, BRA, KEN, FRA, USA, CAN (Quebec), IND and the EU, so each scope has a known answer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scpkg.cli.app import app

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "places" / "regions.yaml"
runner = CliRunner()

EXPECTED = {
    "029": {"JAM"},
    "419": {"JAM", "BRA"},
    "Latin America and the Caribbean": {"JAM", "BRA"},
    "513": {"FRA", "USA", "CAN"},
    "202": {"KEN"},
    "062": {"IND"},
    "001": {"JAM", "BRA", "KEN", "FRA", "USA", "CAN", "IND"},  # the World: M49's countries, not the EU
}


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("regions")
    url = "falkordb://" + str(base / "graph.db")
    result = runner.invoke(
        app, ["ingest", str(FIXTURE), "--store", url, "--report-dir", str(base / "report")]
    )
    assert result.exit_code == 0, result.output
    yield url


def _countries(store_url: str, *scope: str, question: str = "5") -> set[str]:
    result = runner.invoke(app, ["query", "run", question, *scope, "--format", "json", "--store", store_url])
    assert result.exit_code == 0, result.output
    return {f["subject"]["country"] for f in json.loads(result.output)["findings"]}


@pytest.mark.parametrize(("region", "expected"), EXPECTED.items())
def test_cli_region_scope_answers_exactly_its_countries(
    store_url: str, region: str, expected: set[str]
) -> None:
    assert _countries(store_url, "--region", region) == expected


def test_cli_eu_policies_are_in_world_and_eu_scopes_but_no_region(store_url: str) -> None:
    assert "EU" in _countries(store_url)  # global scope
    assert _countries(store_url, "--country", "European Union") == {"EU"}
    assert _countries(store_url, "--country", "CAN") == {"CAN"}  # the Quebec policy counts for Canada


def test_cli_unknown_region_names_the_kind_of_the_suggestion(store_url: str) -> None:
    result = runner.invoke(app, ["query", "run", "5", "--region", "Carribean", "--store", store_url])
    assert result.exit_code != 0
    assert "029 Caribbean (M49 intermediate region)" in " ".join(result.output.split())


def _graphql(store_url: str, query: str) -> Any:
    from scpkg.api.schema import build_schema, make_context
    from scpkg.store import open_store

    store = open_store(store_url)
    try:
        return asyncio.run(build_schema().execute(query, context_value=make_context(store)))
    finally:
        store.close()


def test_graphql_region_scopes_match_the_cli(store_url: str) -> None:
    scopes = " ".join(
        f'r{code}: policies(filter: {{region: "{code}"}}) {{ totalCount }}' for code in ("029", "419", "513")
    )
    query = (
        f"{{ {scopes} "
        'kinds: region(code: "419") { kind kinds countries { iso3 } } '
        'eu: country(code: "EU") { kind iso3 members { iso3 } } }'
    )
    result = _graphql(store_url, query)
    assert result.errors is None, [e.message for e in result.errors]
    data = result.data
    assert [data[f"r{c}"]["totalCount"] for c in ("029", "419", "513")] == [1, 2, 3]
    assert data["kinds"]["kind"] == "sub-region" and data["kinds"]["kinds"] == ["sub-region", "sdg-grouping"]
    lac = [c["iso3"] for c in data["kinds"]["countries"]]
    assert "JAM" in lac and len(lac) == len(set(lac)) == 52  # through 029/013/005, each once
    assert data["eu"]["kind"] == "supranational" and len(data["eu"]["members"]) == 27


def test_graphql_gap_accepts_intermediate_and_sdg_regions(store_url: str) -> None:
    result = _graphql(
        store_url,
        '{ a: gap(question: "5", region: "029") { findings { subject } } '
        'b: gap(question: "5", region: "513") { findings { subject } } }',
    )
    assert result.errors is None, [e.message for e in result.errors]
    found = {k: {f["subject"]["country"] for f in v["findings"]} for k, v in result.data.items()}
    assert found == {"a": {"JAM"}, "b": {"FRA", "USA", "CAN"}}


def test_graphql_quebec_policy_shows_its_subdivision_and_counts_for_canada(store_url: str) -> None:
    result = _graphql(
        store_url,
        '{ policies(filter: {country: "CAN"}) '
        "{ totalCount nodes { subdivision { code country { iso3 } } } } }",
    )
    assert result.errors is None, [e.message for e in result.errors]
    assert result.data["policies"] == {
        "totalCount": 1,
        "nodes": [{"subdivision": {"code": "CA-QC", "country": {"iso3": "CAN"}}}],
    }
