"""GraphQL Policy fields for what real records carry, and policy IRIs that survive a corrected country
(issue 10): each test is named after the failure it guards. Stores are fresh embedded stores filled by
`scpkg ingest` alone, as a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL
from starlette.testclient import TestClient
from typer.testing import CliRunner

from scpkg.api.app import app_for_store
from scpkg.api.schema import build_schema, make_context
from scpkg.cli.app import app
from scpkg.store import GraphStore, open_store

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
POLICY = "https://w3id.org/scpkg/id/policy/"
ACT = POLICY + "FRA/loi-2020-105-agec"
AMENDMENT = POLICY + "FRA/loi-2021-1104-climat-resilience"
REPEALER = POLICY + "FRA/illustrative-repealing-law"
REPEALING = """\
id: illustrative-repeal
title: {en: Illustrative repeal}
illustrative: true
source: {document: {en: Invented for the tests}, locator: "-", entered_by: tests, entered_on: 2026-12-02}
policies:
  - id: illustrative-repealing-law
    country: FRA
    title: {en: Illustrative law repealing AGEC}
    instrument_type: ban
    repeals: [FRA/loi-2020-105-agec, FRA/not-loaded-law]
"""


def _ingest(url: str, tmp: Path, *files: Path) -> Any:
    args = ["ingest", *map(str, files), "--store", url, "--report-dir", str(tmp / "reports")]
    return CliRunner().invoke(app, args, env={"COLUMNS": "200"})


def execute(store: GraphStore, query: str) -> dict[str, Any]:
    result = asyncio.run(build_schema().execute(query, context_value=make_context(store)))
    assert not result.errors, result.errors
    assert result.data is not None
    return result.data


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    tmp = tmp_path_factory.mktemp("records")
    url = f"falkordb://{tmp / 'fresh.db'}"
    (tmp / "repeal.yaml").write_text(REPEALING, encoding="utf-8")
    result = _ingest(url, tmp, REAL / "records-circular-economy-france-platform.yaml", tmp / "repeal.yaml")
    assert result.exit_code == 0, result.output
    with open_store(url) as s:
        yield s


FIELDS = """
  iri instrumentType { name } instrumentTypes { name } typeStated
  originalTitle { lang text } adoptedOn adoptionYear amendedOn latestAmendment urls
  amends { iri } amendedBy { iri } repeals { iri } repealedBy { iri } unresolvedReferences
"""


def test_policy_exposes_every_type_and_what_the_record_carries(store: GraphStore) -> None:
    act = execute(store, f'{{ policy(iri: "{ACT}") {{ {FIELDS} }} }}')["policy"]
    types = {"BanOrRestriction", "ExtendedProducerResponsibility", "ProductInformation"}
    assert {t["name"] for t in act["instrumentTypes"]} == types
    assert act["instrumentType"]["name"] in types
    assert act["typeStated"] is True
    (title,) = act["originalTitle"]
    assert title["lang"] == "fr" and title["text"].startswith("Loi n° 2020-105 du 10 février 2020")
    assert (act["adoptedOn"], act["adoptionYear"]) == ("2020-02-10", 2020)
    assert act["amendedOn"] == ["2021-08-22"] and act["latestAmendment"] == "2021-08-22"
    assert act["urls"] == ["https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000041553759"]
    assert act["amendedBy"] == [{"iri": AMENDMENT}]
    assert act["repealedBy"] == [{"iri": REPEALER}]
    assert act["unresolvedReferences"] == []


def test_untyped_policy_says_type_not_stated_instead_of_a_type(store: GraphStore) -> None:
    amendment = execute(store, f'{{ policy(iri: "{AMENDMENT}") {{ {FIELDS} }} }}')["policy"]
    assert amendment["typeStated"] is False
    assert amendment["instrumentType"] is None and amendment["instrumentTypes"] == []
    assert (amendment["adoptedOn"], amendment["adoptionYear"]) == ("2021-08", 2021)
    assert amendment["amends"] == [{"iri": ACT}]
    repealer = execute(store, f'{{ policy(iri: "{REPEALER}") {{ {FIELDS} }} }}')["policy"]
    assert repealer["repeals"] == [{"iri": ACT}]
    assert repealer["unresolvedReferences"] == [POLICY + "FRA/not-loaded-law"]  # kept, nothing made up


def test_year_filters_use_the_year_of_adopted_on(store: GraphStore) -> None:
    q = "{ policies(filter: {adoptionYearFrom: 2021, adoptionYearTo: 2021}) { edges { node { iri } } } }"
    found = {e["node"]["iri"] for e in execute(store, q)["policies"]["edges"]}
    assert found == {AMENDMENT}


def test_case_study_source_names_the_record_it_was_derived_from(store: GraphStore) -> None:
    wanted = "sourceUrls source { identifiers publisher citation derivedFrom { identifier publisher urls } }"
    q = f'{{ policy(iri: "{ACT}") {{ assertedBy {{ {wanted} }} }} }}'
    (case,) = execute(store, q)["policy"]["assertedBy"]
    assert case["sourceUrls"] == [
        "https://www.legifrance.gouv.fr/",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000041553759",
    ]
    source = case["source"]
    assert source["identifiers"] == ["PLP-FRA-0001"]
    assert source["derivedFrom"] == {
        "identifier": "LEX-PLACEHOLDER-0001",
        "publisher": "ECOLEX",
        "urls": ["https://www.ecolex.org/"],
    }
    assert ", from ECOLEX legislation record (record LEX-PLACEHOLDER-0001)" in source["citation"]


def test_corrected_country_keeps_the_old_iri_resolving(tmp_path: Path) -> None:
    """Ingest, correct the country, re-ingest: stderr says so, the old IRI answers 301 to the new one
    over HTTP, GraphQL finds the policy by its old IRI, `scpkg export` holds owl:sameAs, and the
    corrected file re-ingested is unchanged (the link is carried, not lost)."""
    url = f"falkordb://{tmp_path / 'fresh.db'}"
    case = tmp_path / "togo.yaml"
    text = (
        "id: togo-plastics\ntitle: {en: Plastics law}\n"
        "source: {document: {en: Legal database}, locator: record 1, entered_by: tests,\n"
        "         entered_on: 2026-12-02}\n"
        "policies:\n  - id: law-2018-004\n    country: GHA\n    title: {en: Law 2018-004}\n"
        "    instrument_type: ban\n    sectors: [plastics]\n    adopted_on: 2018-05-04\n"
    )
    case.write_text(text, encoding="utf-8")
    assert _ingest(url, tmp_path, case).exit_code == 0
    case.write_text(text.replace("country: GHA", "country: TGO"), encoding="utf-8")
    corrected = _ingest(url, tmp_path, case)
    assert corrected.exit_code == 0, corrected.output
    old, new = POLICY + "GHA/law-2018-004", POLICY + "TGO/law-2018-004"
    assert "moved from GHA to TGO" in corrected.stderr and old in corrected.stderr, corrected.stderr
    again = _ingest(url, tmp_path, case)
    assert "unchanged 1" in " ".join(again.output.split()), again.output

    with open_store(url) as store:
        client = TestClient(app_for_store(store))
        moved = client.get("/id/policy/GHA/law-2018-004?format=ttl", follow_redirects=False)
        assert moved.status_code == 301, moved.text
        assert moved.headers["location"] == "/id/policy/TGO/law-2018-004?format=ttl"
        landed = client.get("/id/policy/GHA/law-2018-004", headers={"accept": "text/turtle"})
        assert landed.status_code == 200 and "law-2018-004" in landed.text
        assert client.get("/id/policy/GHA/no-such-law", follow_redirects=False).status_code == 404
        found = execute(store, f'{{ policy(iri: "{old}") {{ iri formerIris }} }}')["policy"]
        assert found == {"iri": new, "formerIris": [old]}

    out = tmp_path / "export.trig"
    exported = CliRunner().invoke(app, ["export", "--store", url, "--format", "trig", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    ds = Dataset()
    ds.parse(out, format="trig")
    assert (URIRef(old), OWL.sameAs, URIRef(new)) in ds.graph(
        URIRef("https://w3id.org/scpkg/id/case-study/togo-plastics")
    )
