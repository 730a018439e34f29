"""Question 6 for each MEA (issue 10): one finding per (party, MEA), through scp:obligationOf, so a policy
implementing Basel and Stockholm obligations counts for both; an MEA without party rows (Montreal in the
bundled table) is no-data, never a gap; an unknown MEA is an error with suggestions; an EU instrument covers
its member states "via EU". Each test is named after the failure it guards.

Fixtures written here, invented (illustrative): Ghana (party to Minamata, Basel, Rotterdam and Stockholm in
the bundled table) has one law implementing basel/plastic-wastes and stockholm/pops-restriction, and
nothing else; the EU has a regulation implementing minamata/mercury-added-products, France none of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from scpkg.ingest.pipeline import run as ingest
from scpkg.ingest.reference import load_reference_data
from scpkg.queries.catalogue import GapAnswer, GapFinding, Scope, UnknownMEAError, run
from scpkg.store import GraphStore, open_store

MEA = "https://w3id.org/scpkg/id/mea/"
POLICY = "https://w3id.org/scpkg/id/policy/"

GHANA = """
id: fixture-q6-ghana
title: {en: "Fixture: Ghana's hazardous-waste law"}
illustrative: true
source: {document: {en: scpkg test fixture}, locator: "§1", entered_by: tests, entered_on: 2026-12-02}
policies:
  - {id: hazardous-waste-act, country: Ghana, title: {en: Hazardous and plastic waste act},
     instrument_type: ban, sectors: [plastics], status: adopted,
     mea_obligations: [basel/plastic-wastes, stockholm/pops-restriction]}
"""

EU = """
id: fixture-q6-eu
title: {en: "Fixture: an EU mercury regulation"}
illustrative: true
source: {document: {en: scpkg test fixture}, locator: "§2", entered_by: tests, entered_on: 2026-12-02}
policies:
  - {id: mercury-regulation, country: EU, title: {en: Mercury regulation}, instrument_type: ban,
     sectors: [chemicals], status: adopted, mea_obligations: [minamata/mercury-added-products]}
  - {id: french-textiles-label, country: France, title: {en: Textile label}, instrument_type: ecolabel,
     sectors: [textiles], status: adopted}
"""


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("q6")
    (tmp / "ghana.yaml").write_text(GHANA, encoding="utf-8")
    (tmp / "eu.yaml").write_text(EU, encoding="utf-8")
    url = "falkordb://" + str(tmp / "g.db")
    s = open_store(url)
    s.init_schema()
    load_reference_data(s)
    report = ingest([tmp / "ghana.yaml", tmp / "eu.yaml"], store=s, report_dir=tmp / "r")
    assert report.counts["quarantined"] == 0, [o.problems for o in report.outcomes]
    s.close()
    yield url


@pytest.fixture(scope="module")
def store(store_url: str) -> Iterator[GraphStore]:
    s = open_store(store_url)
    yield s
    s.close()


def one(answer: GapAnswer, **subject: str) -> GapFinding:
    found = [f for f in answer.findings if all(f.subject.get(k) == v for k, v in subject.items())]
    assert len(found) == 1, (subject, [(f.subject, f.status) for f in answer.findings])
    return found[0]


def test_policy_implementing_basel_and_stockholm_shows_up_for_both(store: GraphStore) -> None:
    a = run(store, "mea-transposition", Scope(country="GHA"))
    status = {f.subject["mea"].removeprefix(MEA): f.status for f in a.findings}
    assert status == {
        "basel": "covered",
        "stockholm": "covered",
        "minamata": "gap",
        "rotterdam": "gap",
        "montreal": "no-data",  # no party rows: party status unknown, never a gap
    }
    basel = one(a, mea=MEA + "basel")
    assert basel.facts == [POLICY + "GHA/hazardous-waste-act"]
    assert "basel/plastic-wastes" in basel.detail and "stockholm" not in basel.detail


def test_mea_filter_answers_for_that_mea_only(store: GraphStore) -> None:
    a = run(store, "mea-transposition", Scope(mea="Basel"))
    assert {f.subject["mea"] for f in a.findings} == {MEA + "basel"}
    assert one(a, country="GHA").status == "covered"


def test_montreal_without_party_rows_is_no_data_never_gap(store: GraphStore) -> None:
    a = run(store, "mea-transposition", Scope(mea="montreal"))
    assert a.findings and {f.status for f in a.findings} == {"no-data"}
    ghana = one(a, country="GHA")  # covered by a case study, yet its party status is unknown
    assert "party table lists no parties" in ghana.detail


def test_unknown_mea_is_an_error_with_suggestions(store_url: str) -> None:
    with pytest.raises(UnknownMEAError, match="did you mean basel") as exc:
        Scope(mea="basle")
    assert exc.value.suggestions == ["basel"]
    from scpkg.cli.app import app

    result = CliRunner().invoke(app, ["query", "run", "6", "--mea", "basle", "--store", store_url])
    assert result.exit_code != 0 and "basel" in result.output


def test_mea_filter_on_a_question_without_it_is_refused(store: GraphStore) -> None:
    from scpkg.queries.catalogue import ScopeNotSupportedError

    with pytest.raises(ScopeNotSupportedError, match="mea"):
        run(store, "measurability", Scope(mea="basel"))


def test_eu_instrument_covers_a_member_state_via_eu(store: GraphStore) -> None:
    a = run(store, "mea-transposition", Scope(country="FRA", mea="minamata"))
    france = one(a, country="FRA")
    assert france.status == "covered" and "via EU" in france.detail
    assert france.facts == [POLICY + "EU/mercury-regulation"]


def test_cli_query_run_takes_the_mea(store_url: str) -> None:
    import json

    from scpkg.cli.app import app

    result = CliRunner().invoke(
        app,
        [
            "query",
            "run",
            "6",
            "--mea",
            "stockholm",
            "--country",
            "GHA",
            "--format",
            "json",
            "--store",
            store_url,
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert [(f["subject"]["mea"], f["status"]) for f in data["findings"]] == [(MEA + "stockholm", "covered")]


def test_graphql_gap_takes_the_mea_and_refuses_an_unknown_one(store_url: str) -> None:
    import asyncio

    from scpkg.api.schema import build_schema, make_context

    own = open_store(store_url)  # its own server: an in-process CLI run may have stopped the module's

    def execute(query: str) -> object:
        return asyncio.run(build_schema().execute(query, context_value=make_context(own)))

    ok = execute('{ gap(question: "6", country: "GHA", mea: "basel") { findings { subject status } } }')
    assert ok.errors is None, ok.errors  # type: ignore[attr-defined]
    findings = ok.data["gap"]["findings"]  # type: ignore[attr-defined]
    assert [(f["subject"]["mea"], f["status"]) for f in findings] == [(MEA + "basel", "COVERED")]
    bad = execute('{ gap(question: "6", mea: "stockholme") { gapCount } }')
    (error,) = bad.errors  # type: ignore[attr-defined]
    assert error.extensions["code"] == "BAD_INPUT" and error.extensions["suggestions"] == ["stockholm"]
    own.close()
