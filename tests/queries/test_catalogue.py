"""The coherence-gap catalogue against the real embedded store, on fixture case studies whose answers are
worked out by hand (tests/data/gaps/, described in tests/data/README.md), plus the reference data
(countries, M49 regions, the MEA party table) the questions join to.

Expected values below are read off the fixture files, not computed by the catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ingest.reference import parties
from scpkg.queries.catalogue import (
    STATUSES,
    GapAnswer,
    GapFinding,
    GapQuestion,
    Scope,
    ScopeNotSupportedError,
    UnknownQuestionError,
    question,
    questions,
    run,
    run_all,
)
from scpkg.store import REFERENCE_CASE, GraphStore

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
BASE = "https://w3id.org/scpkg/id/"


def case(name: str) -> str:
    return f"{BASE}case-study/fixture-gaps-{name}"


def policy(iso3: str, slug: str) -> str:
    return f"{BASE}policy/{iso3}/{slug}"


GHANA, KENYA, FRANCE, CHILE = case("ghana"), case("kenya"), case("france"), case("chile")


@pytest.fixture
def store(gap_store: GraphStore) -> GraphStore:
    """The shared store with reference data and the gap fixtures (tests/conftest.py)."""
    return gap_store


def by(answer: GapAnswer, **subject: str) -> list[GapFinding]:
    return [f for f in answer.findings if all(f.subject.get(k) == v for k, v in subject.items())]


def one(answer: GapAnswer, **subject: str) -> GapFinding:
    found = by(answer, **subject)
    assert len(found) == 1, (subject, [f.subject for f in answer.findings])
    return found[0]


# --- the catalogue's files and metadata ---------------------------------------------------------


def test_catalogue_has_ten_questions_numbered_1_to_10() -> None:
    qs = questions()
    assert [q.number for q in qs] == list(range(1, 11))
    assert len({q.id for q in qs}) == 10


def test_every_yaml_has_its_cypher_and_every_cypher_a_yaml() -> None:
    yamls = sorted(QUERIES.glob("*.yaml"))
    # report-*.cypher are the gap reports' aggregates (scpkg.queries.report) and catalogue-*.cypher the
    # catalogue's own helpers (the illustrative check), not catalogue questions.
    cyphers = {p.name for p in QUERIES.glob("*.cypher") if not p.name.startswith(("report-", "catalogue-"))}
    assert len(yamls) == 10 and cyphers, "a glob matched too little"
    used: set[str] = set()
    for path in yamls:
        meta = yaml.safe_load(path.read_text("utf-8"))
        assert path.name == f"{meta['number']:02d}-{meta['id']}.yaml"
        assert f"{path.stem}.cypher" in meta["statements"]
        for name in meta["statements"]:
            assert name.startswith(path.stem) and name in cyphers, name
        used.update(meta["statements"])
    assert used == cyphers


@pytest.mark.parametrize("q", questions(), ids=lambda q: q.id)
def test_metadata_is_complete(q: GapQuestion) -> None:
    assert q.title["en"] and q.title["zh"] and q.question["en"] and q.question["zh"]
    assert q.finding and q.document in ("S1", "S2") and q.paragraphs
    assert all(p.startswith("§") for p in q.paragraphs)
    assert set(q.scopes) <= {"global", "region", "country", "sector"} and "global" in q.scopes
    assert set(q.parameters) - {"mea"} == {s for s in q.scopes if s != "global"}  # mea: a filter, not a scope
    has_share = any(s.endswith("-share.cypher") for s in q.statements)
    assert has_share == (q.reference_share is not None)


def test_shares_of_the_documents() -> None:
    assert question("framework-embedding").reference_share == 0.14
    assert question("measurability").reference_share == 0.26
    assert question("ministerial-silo").reference_share == 0.10


def test_cypher_files_are_collected_by_the_compat_check() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("cypher_compat", ROOT / "tests/store/test_cypher_compat.py")
    assert spec and spec.loader
    compat = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compat)
    names = {s.name.split("#")[0] for s in compat._queries_dir_statements()}
    assert names == {p.name for p in QUERIES.glob("*.cypher")}


def test_readme_lists_every_question() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for q in questions():
        assert f"`{q.id}`" in readme, q.id


def test_unknown_question_and_scope_codes_fail_with_suggestions() -> None:
    with pytest.raises(UnknownQuestionError, match="measurability"):
        question("measurabilty")
    assert question(3) == question("03") == question("measurability")
    with pytest.raises(ValueError, match="food"):
        Scope(sector="fod")
    with pytest.raises(ValueError, match="country"):
        Scope(country="XYZ")
    with pytest.raises(ValueError, match="unknown region '999'"):
        Scope(region="999")
    assert Scope(region="29").region == "029"  # an intermediate region is a scope (issue 10)
    assert Scope(country="gha", region="2").params() == {"country": "GHA", "region": "002", "sector": None}


def test_a_scope_the_question_does_not_support_is_refused(store: GraphStore) -> None:
    with pytest.raises(ScopeNotSupportedError):
        run(store, "mea-transposition", Scope(sector="food"))


# --- answers on the fixtures ----------------------------------------------------------------------


def test_life_cycle_coverage_per_country_and_sector(store: GraphStore) -> None:
    a = run(store, "life-cycle-coverage", Scope(country="GHA", sector="electronics"))
    assert len(a.findings) == 6
    eol = one(a, stage="end-of-life")
    assert eol.status == "covered" and eol.facts == [policy("GHA", "ewaste-epr")]
    assert eol.evidence == [GHANA]
    for stage in ("extraction", "design", "production", "distribution", "use"):
        f = one(a, stage=stage)
        assert f.status == "gap" and f.evidence == [GHANA] and f.facts == []
    assert a.evidence == [GHANA] and a.share is None


def test_life_cycle_coverage_no_data_for_an_uncovered_country(store: GraphStore) -> None:
    a = run(store, "life-cycle-coverage", Scope(country="BRA"))
    assert [(f.status, f.subject, f.evidence) for f in a.findings] == [("no-data", {"country": "BRA"}, [])]
    # a covered country, but no case study on this sector: no data either
    a = run(store, "life-cycle-coverage", Scope(country="GHA", sector="textiles"))
    assert [f.status for f in a.findings] == ["no-data"]


def test_region_includes_its_sub_regions_countries(store: GraphStore) -> None:
    a = run(store, "life-cycle-coverage", Scope(region="002"))  # Africa: GHA, KEN via Sub-Saharan Africa
    assert {f.subject["country"] for f in a.findings} == {"GHA", "KEN"}
    pairs = {(f.subject["country"], f.subject["sector"]) for f in a.findings}
    assert pairs == {("GHA", "electronics"), ("GHA", "food"), ("GHA", "cross-sectoral"), ("KEN", "food")}
    kenya = [f for f in a.findings if f.subject["country"] == "KEN"]
    covered = {f.subject["stage"] for f in kenya if f.status == "covered"}
    assert covered == {"design", "use", "end-of-life"}
    assert run(store, "life-cycle-coverage", Scope(region="150")).evidence == [FRANCE]  # Europe


def test_framework_embedding(store: GraphStore) -> None:
    a = run(store, "framework-embedding")
    assert one(a, policy=policy("GHA", "ewaste-epr")).status == "gap"
    levy = one(a, policy=policy("GHA", "food-waste-levy"))
    assert levy.status == "covered" and policy("GHA", "national-scp-strategy") in levy.facts
    countries = {f.subject["country"]: f.status for f in a.findings if "policy" not in f.subject}
    assert countries == {"GHA": "covered", "KEN": "gap", "FRA": "gap", "CHL": "gap"}
    assert (a.share.numerator, a.share.denominator) == (1, 8)
    assert a.share.value == pytest.approx(1 / 8) and a.share.reference == 0.14
    assert a.share.reference_source == "S2 §13(b)"


def test_measurability_findings_and_share(store: GraphStore) -> None:
    a = run(store, "measurability")
    status = {f.subject["policy"].rsplit("/", 1)[-1]: f.status for f in a.findings}
    assert status == {
        "ewaste-epr": "gap",
        "national-scp-strategy": "covered",  # quantified target
        "food-waste-levy": "covered",  # measured outcome
        "food-packaging-ban": "gap",  # qualitative target only
        "food-ecolabel": "covered",
        "unattributed-standard": "gap",
        "mercury-products-decree": "gap",
        "announced-scp-programme": "gap",
    }
    assert (a.share.numerator, a.share.denominator, a.share.reference) == (3, 8, 0.26)
    assert a.evidence == sorted([GHANA, KENYA, FRANCE, CHILE])
    africa = run(store, "measurability", Scope(region="002"))
    assert (africa.share.numerator, africa.share.denominator) == (3, 6)
    food = run(store, "measurability", Scope(sector="food"))
    assert (food.share.numerator, food.share.denominator) == (2, 4)


def test_ministerial_silo(store: GraphStore) -> None:
    a = run(store, "ministerial-silo")
    epr = one(a, policy=policy("GHA", "ewaste-epr"))
    assert epr.status == "gap" and "SDG 8 or 9: yes" in epr.detail and epr.evidence == [GHANA]
    ban = one(a, policy=policy("KEN", "food-packaging-ban"))
    assert ban.status == "gap" and "SDG 8 or 9: no" in ban.detail
    assert one(a, policy=policy("GHA", "food-waste-levy")).status == "covered"  # finance takes part
    assert one(a, policy=policy("FRA", "mercury-products-decree")).status == "covered"  # economy takes part
    # no body recorded: not stated, never a gap (and no longer 'no-data': the policy is there)
    assert one(a, policy=policy("KEN", "unattributed-standard")).status == "not-stated"
    assert one(a, policy=policy("CHL", "announced-scp-programme")).status == "gap"
    assert (a.share.numerator, a.share.denominator, a.share.reference) == (2, 8, 0.10)


def test_instrument_mix(store: GraphStore) -> None:
    a = run(store, "instrument-mix")
    got = {(f.subject["country"], f.subject["sector"]): f.status for f in a.findings}
    assert got == {
        ("GHA", "electronics"): "gap",
        ("GHA", "food"): "gap",
        ("GHA", "cross-sectoral"): "gap",  # only the strategy, a framework: no instrument at all
        ("KEN", "food"): "covered",
        ("FRA", "chemicals"): "gap",
        ("CHL", "cross-sectoral"): "gap",  # only the announced programme, a framework
    }
    assert "no live instrument" in one(a, country="CHL").detail
    assert set(one(a, country="KEN").detail.split("(")[1].rstrip(").").split(", ")) == {
        "regulatory",
        "information",
    }


def test_mea_transposition_gap_covered_and_no_data(store: GraphStore) -> None:
    a = run(store, "mea-transposition", Scope(region="002", mea="minamata"))
    ghana = one(a, country="GHA")
    assert ghana.status == "gap" and ghana.evidence == [GHANA] and ghana.facts == []
    nigeria = one(a, country="NGA")  # a party no case study covers
    assert nigeria.status == "no-data" and nigeria.evidence == []
    assert (
        by(a, country="KEN") == []
    )  # signed, never ratified: not a party (question 6 per MEA: tests/queries/test_q6_per_mea.py)
    france = one(run(store, "mea-transposition", Scope(country="FRA", mea="minamata")), country="FRA")
    assert france.status == "covered" and france.facts == [policy("FRA", "mercury-products-decree")]
    assert france.evidence == [FRANCE]
    assert (
        one(run(store, "mea-transposition", Scope(country="CHL", mea="minamata")), country="CHL").status
        == "gap"
    )
    everywhere = run(store, "mea-transposition", Scope(mea="minamata"))
    assert {f.subject["country"] for f in everywhere.findings} == parties("minamata")
    assert REFERENCE_CASE not in everywhere.evidence


def test_value_chain_hotspot(store: GraphStore) -> None:
    a = run(store, "value-chain-hotspot", Scope(country="KEN"))
    status = {f.subject["hotspot"].rsplit("/", 1)[-1]: f.status for f in a.findings}
    assert status == {"food-loss": "gap", "packaging-waste": "covered"}
    covered = next(f for f in a.findings if f.status == "covered")
    assert policy("KEN", "food-packaging-ban") in covered.facts and covered.evidence == [KENYA]
    assert [f.status for f in run(store, "value-chain-hotspot", Scope(country="GHA")).findings] == ["no-data"]


def test_waste_to_design(store: GraphStore) -> None:
    a = run(store, "waste-to-design")
    got = {(f.subject["country"], f.subject["sector"]): f.status for f in a.findings}
    assert got == {
        ("GHA", "electronics"): "gap",
        ("GHA", "food"): "gap",
        ("GHA", "cross-sectoral"): "no-data",  # a framework only: nothing to compare, not 'covered' with 0/0
        ("KEN", "food"): "covered",
        ("FRA", "chemicals"): "covered",  # upstream (design, production), no downstream
        ("CHL", "cross-sectoral"): "no-data",
    }
    kenya = one(a, country="KEN")
    assert set(kenya.facts) == {policy("KEN", "food-packaging-ban"), policy("KEN", "food-ecolabel")}


def test_information(store: GraphStore) -> None:
    a = run(store, "information", Scope(sector="food"))
    got = {f.subject["country"]: f.status for f in a.findings}
    assert got == {"GHA": "gap", "KEN": "covered"}
    assert one(a, country="KEN").facts == [policy("KEN", "food-ecolabel")]
    assert one(a, country="GHA").evidence == [GHANA]


def test_implementation(store: GraphStore) -> None:
    a = run(store, "implementation")
    got = {f.subject["country"]: f.status for f in a.findings}
    assert got == {"GHA": "covered", "KEN": "covered", "FRA": "covered", "CHL": "gap"}
    chile = one(a, country="CHL")
    assert chile.facts == [policy("CHL", "announced-scp-programme")] and chile.evidence == [CHILE]


def test_every_question_returns_only_known_statuses(store: GraphStore) -> None:
    answers = run_all(store)
    assert len(answers) == 10
    for a in answers:
        assert a.findings and all(f.status in STATUSES and f.detail for f in a.findings)
        assert all("?" not in f.detail for f in a.findings), [f.detail for f in a.findings if "?" in f.detail]
        assert a.evidence == sorted({e for f in a.findings for e in f.evidence})
        json.dumps(a.to_dict())
    assert len(run_all(store, Scope(sector="food"))) == 8  # 6 and 10 do not take a sector


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_query_list_json() -> None:
    result = CliRunner().invoke(app, ["query", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [q["id"] for q in json.loads(result.output)] == [q.id for q in questions()]


def test_cli_query_run_json_and_csv(store: GraphStore) -> None:
    url = store.url
    args = ["query", "run", "6", "--country", "GHA", "--format", "json", "--store", url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["findings"][0]["status"] == "gap" and data["evidence"] == [GHANA]
    result = CliRunner().invoke(app, ["query", "run", "measurability", "--format", "csv", "--store", url])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1 + 8
    result = CliRunner().invoke(app, ["query", "run", "nope", "--store", url])
    assert result.exit_code == 2 and "unknown gap question" in result.output
