"""On a fresh store, `scpkg ingest` alone accepts every SDG code, several MEA obligations and the new
sectors, and the GraphQL API shows them (article and annex of an obligation, narrower concepts)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.store import GraphStore, open_store

runner = CliRunner()
SDG = "https://w3id.org/scpkg/vocab/sdg/"
MEA = "https://w3id.org/scpkg/id/mea/"

CASE = """\
id: vocab-breadth-plastics-law
title: {en: A plastics law as a legal database records it}
source:
  document: {en: "Legal-database record (test fixture)"}
  locator: "record 1"
  entered_by: tests
  entered_on: 2026-12-02
policies:
  - id: plastics-and-pops-act
    country: GHA
    jurisdiction_level: national
    title: {en: Plastic waste and persistent organic pollutants act}
    instrument_type: ban-restriction
    life_cycle_stages: [end-of-life]
    sectors: [packaging, tyres]
    mea_obligations: [basel/plastic-wastes, stockholm/pops-elimination]
    sdg: ["14.1", "17.19.2", "12.a.1", "1.1.1"]
    status: adopted
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A fresh store filled by `scpkg ingest` and nothing else (no demo, no store init)."""
    tmp = tmp_path_factory.mktemp("vocab-ingest")
    (tmp / "case.yaml").write_text(CASE, encoding="utf-8")
    url = "falkordb://" + str(tmp / "g.db")
    result = runner.invoke(
        app, ["ingest", str(tmp / "case.yaml"), "--store", url, "--report-dir", str(tmp / "r")]
    )
    assert result.exit_code == 0, result.output
    opened = open_store(url)
    yield opened
    opened.close()


def _targets(store: GraphStore, rel: str) -> set[str]:
    rows = store.run(
        f"MATCH (p {{iri: $policy}})-[:{rel}]->(t) RETURN t.iri AS iri",
        {"policy": "https://w3id.org/scpkg/id/policy/GHA/plastics-and-pops-act"},
    )
    return {row["iri"] for row in rows}


def test_sdg_codes_the_old_vocabulary_refused_ingest_on_a_fresh_store(store: GraphStore) -> None:
    assert _targets(store, "CONTRIBUTES_TO") == {SDG + c for c in ("14.1", "17.19.2", "12.a.1", "1.1.1")}


def test_a_policy_implements_basel_and_stockholm_obligations(store: GraphStore) -> None:
    assert _targets(store, "IMPLEMENTS_OBLIGATION") == {
        MEA + "basel/plastic-wastes",
        MEA + "stockholm/pops-elimination",
    }


def _graphql(store: GraphStore, query: str) -> dict[str, Any]:
    from scpkg.api.schema import build_schema, make_context

    result = asyncio.run(build_schema().execute(query, context_value=make_context(store)))
    assert result.errors is None, [e.message for e in result.errors]
    assert result.data is not None
    return result.data


def test_graphql_gives_an_obligations_article_and_annex(store: GraphStore) -> None:
    data = _graphql(
        store,
        "{ policies(first: 5) { edges { node { obligations { identifier article annex "
        "agreement { identifier } } } } } }",
    )
    (edge,) = data["policies"]["edges"]
    got = {o["identifier"]: o for o in edge["node"]["obligations"]}
    assert got["basel/plastic-wastes"]["annex"] == "Annex II (Y48), Annex VIII (A3210), Annex IX (B3011)"
    assert got["stockholm/pops-elimination"]["article"] == "Article 3"
    assert got["stockholm/pops-elimination"]["agreement"]["identifier"] == "stockholm"


def test_graphql_narrower_of_generated_concepts_comes_from_their_broader(store: GraphStore) -> None:
    """Generated SDG concepts state only skos:broader; `narrower` must still list them."""
    data = _graphql(
        store,
        '{ t: concept(scheme: "sdg", notation: "14.1") { narrower { notation } } '
        's: concept(scheme: "sector", notation: "vehicles") { narrower { notation } broader { notation } } }',
    )
    assert [c["notation"] for c in data["t"]["narrower"]] == ["14.1.1"]
    assert [c["notation"] for c in data["s"]["narrower"]] == ["tyres"]
    assert [c["notation"] for c in data["s"]["broader"]] == ["transport"]


def test_policies_by_a_broader_sector_include_the_narrower_ones(store: GraphStore) -> None:
    data = _graphql(store, '{ policies(filter: {sector: "transport"}) { totalCount } }')
    assert data["policies"]["totalCount"] == 1  # its sector tyres is under vehicles, under transport
