"""SDG 12.1.1 national reporting as data (issue 10, docs/decisions/20261202-reported-observations.md):
reported observations load without inventing policies, 12.1.1 categories are instrument types, question 5
tells "reported (N) but not described" from "not reported" and from a reported 0, and coordination
mechanisms are bodies. Each test is named after the failure it guards.

The store holds the reference data, the 12.1.1 fixtures of tests/data/real/ (YAML: Viet Nam 3 regulatory,
1 economic, 0 macro-policy, a coordination mechanism; flag-only Bolivia, Côte d'Ivoire, Korea; Mauritius 2
voluntary. CSV: Thailand 4 regulatory, 0 economic; Ghana voluntary yes, coordination no) and one case study
written here: a Viet Nam ban typed by its class and a Viet Nam levy typed as the 12.1.1 category
``economic-fiscal``, plus Viet Nam's coordination mechanism as a body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scpkg.ingest.pipeline import run as ingest
from scpkg.ingest.reference import load_reference_data
from scpkg.ingest.vocab import default_resolver
from scpkg.queries.catalogue import GapAnswer, GapFinding, Scope, run
from scpkg.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
REPORT_YAML = REAL / "sdg-12-1-1-reported-observations.yaml"
REPORT_CSV = REAL / "sdg-12-1-1-reported-observations.csv"
ONT = "https://w3id.org/scpkg/ont/"
CASE = "https://w3id.org/scpkg/id/case-study/"

DESCRIBED = """
id: fixture-reporting-viet-nam
title: {en: "Fixture: Viet Nam's described instruments"}
illustrative: true
source: {document: {en: scpkg test fixture}, locator: "§1", entered_by: scpkg tests, entered_on: 2026-12-02}
policies:
  - {id: plastic-bag-ban, country: Viet Nam, title: {en: Plastic bag ban}, instrument_type: ban,
     sectors: [plastics], status: adopted}
  - {id: packaging-levy, country: VNM, title: {en: Packaging levy}, instrument_type: economic-fiscal,
     sectors: [plastics], status: adopted}
coordination_mechanisms:
  - name: National SCP steering committee
    country: Viet Nam
    kind: inter-ministerial-committee
    bodies: [{name: Ministry of Natural Resources and Environment, ministry_type: environment}]
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    tmp = tmp_path_factory.mktemp("reported")
    described = tmp / "viet-nam.yaml"
    described.write_text(DESCRIBED, encoding="utf-8")
    s = open_store("falkordb://" + str(tmp / "g.db"))
    s.init_schema()
    load_reference_data(s)
    report = ingest([REPORT_YAML, REPORT_CSV, described], store=s, report_dir=tmp / "r")
    assert report.counts["quarantined"] == 0, [o.problems for o in report.outcomes]
    assert report.counts["loaded"] == 4, report.counts  # YAML report, two CSV sources, the described case
    yield s
    s.close()


def one(answer: GapAnswer, **subject: str) -> GapFinding:
    found = [f for f in answer.findings if all(f.subject.get(k) == v for k, v in subject.items())]
    assert len(found) == 1, (subject, [(f.subject, f.status) for f in answer.findings])
    return found[0]


def test_sdg1211_category_as_instrument_type_is_not_unknown() -> None:
    r = default_resolver()
    assert str(r.resolve("instrument-type", "regulatory-legal")) == f"{ONT}RegulatoryInstrument"
    assert (
        str(r.resolve("instrument-type", "Instruments économiques et fiscaux")) == f"{ONT}EconomicInstrument"
    )
    assert str(r.resolve("instrument-type", "Voluntary instruments")) == f"{ONT}VoluntaryInstrument"
    assert (
        str(r.resolve("instrument-type", "宏观政策工具")) == f"{ONT}PolicyFramework"
    )  # closeMatch macro-policy
    assert (
        str(r.resolve("instrument-type", "voluntary")) == f"{ONT}VoluntaryInstrument"
    )  # the class code wins


def test_flag_only_report_loads_without_inventing_policies(store: GraphStore) -> None:
    rows = store.run(
        "MATCH (o:ReportedObservation) RETURN count(o) AS n, "
        "sum(CASE WHEN o.reportedFlag IS NOT NULL THEN 1 ELSE 0 END) AS flags"
    )
    assert rows[0]["n"] == 15 and rows[0]["flags"] == 9
    invented = store.run(
        "MATCH (p:Policy) WHERE any(a IN p.asserted_by WHERE a STARTS WITH $report) RETURN count(p) AS n",
        {"report": CASE + "sdg-12-1-1-reported"},
    )
    assert invented[0]["n"] == 0


def test_reported_count_without_described_policy_is_reported_not_described_not_no_data(
    store: GraphStore,
) -> None:
    a = run(store, "instrument-mix", Scope(country="MUS"))
    f = one(a, country="MUS", category="voluntary")
    assert f.status == "reported-not-described"
    assert "reported (2)" in f.detail and "2022 questionnaire round" in f.detail
    assert f.evidence == [CASE + "sdg-12-1-1-reported-2022"]
    flag = one(run(store, "instrument-mix", Scope(country="BOL")), category="regulatory-legal")
    assert flag.status == "reported-not-described" and "reported (yes)" in flag.detail


def test_reported_zero_is_gap_and_not_reported_is_no_data(store: GraphStore) -> None:
    vnm = run(store, "instrument-mix", Scope(country="VNM"))
    assert one(vnm, category="macro-policy").status == "gap"  # the report's own 0
    voluntary = one(vnm, category="voluntary")  # not reported; VNM's described policies include none
    assert voluntary.status == "gap" and "describe none in this category" in voluntary.detail
    civ = run(store, "instrument-mix", Scope(country="CIV"))  # no policy of CIV described at all
    assert one(civ, category="economic-fiscal").status == "no-data"
    tha = run(store, "instrument-mix", Scope(country="THA"))
    assert one(tha, category="economic-fiscal").status == "gap"
    assert one(tha, category="regulatory-legal").status == "reported-not-described"


def test_described_policy_counts_in_its_category_by_the_ontology_crosswalk(store: GraphStore) -> None:
    vnm = run(store, "instrument-mix", Scope(country="VNM"))
    regulatory = one(vnm, category="regulatory-legal")  # a ban: BanOrRestriction broadMatch regulatory-legal
    assert regulatory.status == "covered" and regulatory.facts == [
        "https://w3id.org/scpkg/id/policy/VNM/plastic-bag-ban"
    ]
    economic = one(vnm, category="economic-fiscal")  # typed by the category itself
    assert economic.status == "covered" and "report counts 1" in economic.detail


def test_sector_scope_has_no_category_findings(store: GraphStore) -> None:
    a = run(store, "instrument-mix", Scope(country="MUS", sector="plastics"))
    assert all("category" not in f.subject for f in a.findings)


def test_coordination_mechanism_is_a_body_not_a_framework(store: GraphStore) -> None:
    rows = store.run(
        "MATCH (b:CoordinationMechanism)-[:COUNTRY]->(:Country {iso3: 'VNM'}) "
        "OPTIONAL MATCH (b)-[:COORDINATION_MEMBER]->(m:GovernmentBody) "
        "RETURN b:GovernmentBody AS body, b:Policy AS policy, count(m) AS members"
    )
    assert rows == [{"body": True, "policy": False, "members": 1}]


def test_bad_observation_rows_name_file_row_and_field_and_other_sources_still_load(tmp_path: Path) -> None:
    bad = tmp_path / "reports.csv"
    bad.write_text(
        "country,year,category,value,source\n"
        "Ghana,2021,regulatory-legal,3,Report A\n"
        "Atlantis,2021,regulatory-legal,3,Report B\n"
        "Ghana,21,regulatory-legal,3,Report B\n"
        "Ghana,2021,regulatory-and-fiscal,3,Report B\n"
        "Ghana,2021,voluntary,-1,Report B\n"
        "Ghana,2021,voluntary,several,Report B\n",
        encoding="utf-8",
    )
    report = ingest([bad], report_dir=tmp_path / "r")
    by_case = {o.record: o for o in report.outcomes}
    good = by_case["reports-report-a"]
    assert good.status == "not_loaded" and not good.problems  # valid: a load would take it
    broken = by_case["reports-report-b"]
    assert broken.status == "quarantined"
    fields = {p.field: p.message for p in broken.problems}
    assert set(fields) == {"row 3, country", "row 4, year", "row 5, category", "row 6, value", "row 7, value"}
    assert all(p.file == str(bad) for p in broken.problems)
    assert "regulatory-legal" in fields["row 5, category"]  # a suggestion
    assert "negative" in fields["row 6, value"]


def test_duplicate_observation_in_one_source_is_an_error_not_a_silent_merge(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        "source: {document: {en: Report C}, locator: p. 3, entered_by: t, entered_on: 2026-12-02}\n"
        "observations:\n"
        "  - {country: GHA, year: 2021, category: voluntary, value: 1}\n"
        "  - {country: Ghana, year: 2021, category: Voluntary instruments, value: 2}\n",
        encoding="utf-8",
    )
    (outcome,) = ingest([dup], report_dir=tmp_path / "r").outcomes
    assert outcome.status == "quarantined"
    assert [p.field for p in outcome.problems] == ["observations[1].category"]


def test_national_report_wording_of_a_category_was_unknown() -> None:
    """Regression: a national report's 'Macro policies' (the indicator's own wording) was quarantined as an
    unknown 12.1.1 category; the four categories now carry the indicator's wording as labels."""
    r = default_resolver()
    for wording, code in [
        ("Macro policies", "macro-policy"),
        ("Regulatory and legal", "regulatory-legal"),
        ("Economic and fiscal", "economic-fiscal"),
        ("Voluntary and self-regulation instruments", "voluntary"),
    ]:
        assert str(r.resolve("sdg-12-1-1", wording)).endswith(f"/sdg-12-1-1/{code}"), wording
