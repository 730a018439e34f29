"""What real records carry (issue 10): several instrument types, an unstated type, partial and
amendment dates, amends / repeals links, original titles in any language, several URLs and two-level
provenance. Each test is named after the failure it guards; the pipeline runs as `scpkg validate`
(no store) unless the test needs one, and the real-shaped fixture is ingested into a fresh store."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ingest.pipeline import RecordOutcome, run
from scpkg.ontology.namespace import SCP
from scpkg.queries.catalogue import run as run_question
from scpkg.queries.catalogue import statement
from scpkg.store import open_store

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
POLICY = "https://w3id.org/scpkg/id/policy/"

HEAD = """\
id: {id}
title: {{en: Real record}}
source:
  document: {{en: "Legal database"}}
  locator: "record 1"
  entered_by: scpkg tests
  entered_on: 2026-12-02
policies:
"""


def _policy(**fields: str) -> str:
    body = {"id": "law-1", "country": "GHA", "title": "{en: Law 1}", "instrument_type": "ban", **fields}
    lines = [f"  - id: {body.pop('id')}"] + [f"    {k}: {v}" for k, v in body.items() if v != "<omit>"]
    return "\n".join(lines) + "\n"


def _one(tmp_path: Path, *policies: str, head: str = HEAD, name: str = "case.yaml") -> RecordOutcome:
    """Validate one case study (no store): its single outcome."""
    path = tmp_path / name
    path.write_text(head.format(id=path.stem) + "".join(policies), encoding="utf-8")
    (outcome,) = run([path]).outcomes
    return outcome


def _fields(items: list) -> dict[str, str]:
    return {p.field: p.message for p in items}


def _types(outcome: RecordOutcome, policy: str = "GHA/law-1") -> set[URIRef]:
    assert outcome.graph is not None, outcome.problems
    return set(outcome.graph.objects(URIRef(POLICY + policy), RDF.type))


def test_a_law_that_bans_and_levies_keeps_both_types(tmp_path: Path) -> None:
    outcome = _one(tmp_path, _policy(instrument_type="[ban, tax-fee-levy]"))
    assert not outcome.problems, outcome.problems
    assert _types(outcome) == {SCP.BanOrRestriction, SCP.TaxFeeLevy}


def test_missing_empty_or_unspecified_type_is_a_warning_not_a_quarantine(tmp_path: Path) -> None:
    for i, value in enumerate(("<omit>", '""', "unspecified", "[]", "Unspecified")):
        outcome = _one(tmp_path, _policy(instrument_type=value), name=f"case{i}.yaml")
        assert not outcome.problems, (value, outcome.problems)
        assert outcome.status == "not_loaded"  # valid: a validate run loads nothing
        warned = _fields(outcome.warnings)
        assert "instrument type not stated" in warned["policies[0].instrument_type"], (value, warned)
        assert all(w.file.endswith(f"case{i}.yaml") and w.record == f"case{i}" for w in outcome.warnings)
        assert _types(outcome) == {SCP.Policy}, value  # a policy, of no instrument class


def test_framework_together_with_an_instrument_type_is_an_error(tmp_path: Path) -> None:
    outcome = _one(tmp_path, _policy(instrument_type="[policy-framework, ban]"))
    assert (
        "either a policy framework or an instrument"
        in _fields(outcome.problems)["policies[0].instrument_type"]
    )


def test_partial_dates_and_historic_years_give_the_adoption_year(tmp_path: Path) -> None:
    outcome = _one(
        tmp_path,
        _policy(id="a", adopted_on="1831"),
        _policy(id="b", adopted_on="2019-06", amended_on="[2020, 2021-03, 2022-11-30]"),
        _policy(id="c", adopted_on="2019-06-21", adoption_year="2019"),
    )
    assert not outcome.problems, outcome.problems
    g = outcome.graph
    assert g is not None

    def values(slug: str, p: URIRef) -> set[Literal]:
        return set(g.objects(URIRef(POLICY + "GHA/" + slug), p))

    assert values("a", SCP.adoptedOn) == {Literal("1831", datatype=XSD.gYear)}
    assert values("a", SCP.adoptionYear) == {Literal("1831", datatype=XSD.gYear)}
    assert values("b", SCP.adoptedOn) == {Literal("2019-06", datatype=XSD.gYearMonth)}
    assert values("b", SCP.amendedOn) == {
        Literal("2020", datatype=XSD.gYear),
        Literal("2021-03", datatype=XSD.gYearMonth),
        Literal("2022-11-30", datatype=XSD.date),
    }
    assert values("c", SCP.adoptionYear) == {Literal("2019", datatype=XSD.gYear)}


def test_adopted_on_disagreeing_with_adoption_year_is_an_error(tmp_path: Path) -> None:
    outcome = _one(tmp_path, _policy(adopted_on="2019-06-21", adoption_year="2018"))
    assert "disagrees with adopted_on" in _fields(outcome.problems)["policies[0].adoption_year"]


def test_impossible_dates_are_errors_naming_the_field(tmp_path: Path) -> None:
    future = dt.date.today().year + 2
    outcome = _one(
        tmp_path,
        _policy(id="a", adopted_on="2019-13"),
        _policy(id="b", adopted_on="2019-02-30"),
        _policy(id="c", adopted_on=str(future)),
        _policy(id="d", adopted_on="1599"),
        _policy(id="e", amended_on="[2019, June 2020]"),
        _policy(id="f", adoption_year=str(future)),
    )
    problems = _fields(outcome.problems)
    assert "no month 13" in problems["policies[0].adopted_on"]
    assert "no such day" in problems["policies[1].adopted_on"]
    assert "next year" in problems["policies[2].adopted_on"]
    assert "between 1800" in problems["policies[3].adopted_on"]
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in problems["policies[4].amended_on"]
    assert "after next year" in problems["policies[5].adoption_year"]
    assert outcome.status == "quarantined"


def test_amends_and_repeals_resolve_local_ids_iso3_slugs_and_iris(tmp_path: Path) -> None:
    outcome = _one(
        tmp_path,
        _policy(id="old-law"),
        _policy(
            id="new-law",
            amends=f"[old-law, {POLICY}GHA/other-law]",
            repeals="[TGO/togo-law, Ghana/older law]",
        ),
    )
    assert not outcome.problems, outcome.problems
    g = outcome.graph
    assert g is not None
    new = URIRef(POLICY + "GHA/new-law")
    assert set(g.objects(new, SCP.amends)) == {
        URIRef(POLICY + "GHA/old-law"),
        URIRef(POLICY + "GHA/other-law"),
    }
    assert set(g.objects(new, SCP.repeals)) == {
        URIRef(POLICY + "TGO/togo-law"),
        URIRef(POLICY + "GHA/older-law"),
    }


def test_reference_to_an_unknown_policy_warns_and_invents_nothing(tmp_path: Path) -> None:
    outcome = _one(tmp_path, _policy(repeals="[TGO/togo-law]"))
    assert not outcome.problems, outcome.problems
    warned = _fields(outcome.warnings)
    assert "kept as a reference only" in warned["policies[0].repeals"], warned
    assert outcome.graph is not None
    assert not list(outcome.graph.triples((URIRef(POLICY + "TGO/togo-law"), None, None)))


def test_bad_references_are_errors(tmp_path: Path) -> None:
    outcome = _one(
        tmp_path,
        _policy(amends="[law-1]", repeals="[https://w3id.org/scpkg/id/country/GHA, Atlantis/x]"),
    )
    problems = _fields(outcome.problems)
    assert "cannot amend or repeal itself" in problems["policies[0].amends"]
    assert "not a policy IRI" in problems["policies[0].repeals[0]"]
    assert "Atlantis" in problems["policies[0].repeals[1]"]


def test_original_titles_take_any_bcp47_tag_and_refuse_malformed_ones(tmp_path: Path) -> None:
    good = _one(tmp_path, _policy(original_title='{pt-BR: "Lei 1", sw: "Sheria 1", zh-Hant: "法律"}'))
    assert not good.problems, good.problems
    assert good.graph is not None
    titles = set(good.graph.objects(URIRef(POLICY + "GHA/law-1"), SCP.originalTitle))
    assert {(str(t), t.language.lower()) for t in titles} == {
        ("Lei 1", "pt-br"), ("Sheria 1", "sw"), ("法律", "zh-hant"),
    }  # fmt: skip
    bad = _one(tmp_path, _policy(original_title='{"pt_BR": "Lei 1"}'), name="bad.yaml")
    message = _fields(bad.problems)["policies[0].original_title"]
    assert "pt_BR" in message and "language tag" in message
    assert "^" not in message  # words, not the regular expression


def test_urls_must_be_http_and_are_all_kept(tmp_path: Path) -> None:
    head = HEAD.replace(
        '  locator: "record 1"\n',
        '  locator: "record 1"\n  url: https://example.org/a\n  urls: [https://example.org/b, "file:///etc/passwd"]\n',
    )
    outcome = _one(
        tmp_path,
        _policy(urls='[https://example.org/law, "javascript:alert(1)", HTTP://EXAMPLE.ORG/X]'),
        head=head,
    )
    problems = _fields(outcome.problems)
    assert "http(s)" in problems["source.urls"] and "file:///etc/passwd" in problems["source.urls"]
    assert "http(s)" in problems["policies[0].urls"] and "javascript:" in problems["policies[0].urls"]
    clean = head.replace(', "file:///etc/passwd"', "")
    ok = _one(
        tmp_path,
        _policy(urls="[https://example.org/law, http://example.org/law.pdf]"),
        head=clean,
        name="ok.yaml",
    )
    assert not ok.problems, ok.problems
    assert ok.graph is not None
    assert len(set(ok.graph.objects(URIRef(POLICY + "GHA/law-1"), SCP.sourceUrl))) == 2
    case = URIRef("https://w3id.org/scpkg/id/case-study/ok")
    assert {str(u) for u in ok.graph.objects(case, SCP.sourceUrl)} == {
        "https://example.org/a",
        "https://example.org/b",
    }


def test_platform_record_derived_from_a_database_record_is_two_source_documents(tmp_path: Path) -> None:
    head = HEAD.replace(
        '  document: {{en: "Legal database"}}\n',
        "  document: {{en: Law platform}}\n  publisher: Law platform\n  identifier: PLP-7\n"
        "  derived_from: {{publisher: ECOLEX, identifier: LEX-7, url: https://www.ecolex.org/}}\n",
    )
    outcome = _one(tmp_path, _policy(), head=head)
    assert not outcome.problems, outcome.problems
    g = outcome.graph
    assert g is not None
    (source,) = g.objects(None, SCP.caseStudySource)
    (upstream,) = g.objects(source, PROV.wasDerivedFrom)
    assert (upstream, RDF.type, SCP.SourceDocument) in g
    assert {str(i) for i in g.objects(source, DCTERMS.identifier)} == {"PLP-7"}
    assert {str(i) for i in g.objects(upstream, DCTERMS.identifier)} == {"LEX-7"}
    assert str(g.value(upstream, DCTERMS.publisher)) == "ECOLEX"
    assert str(g.value(upstream, DCTERMS.title)) == "ECOLEX record LEX-7"  # named, as the shapes want


def test_two_platform_records_do_not_share_one_source_node(tmp_path: Path) -> None:
    """One platform title for every record: the record identifier keeps their sources apart."""
    sources = set()
    for ident in ("PLP-1", "PLP-2"):
        head = HEAD.replace('  locator: "record 1"\n', f'  locator: "record 1"\n  identifier: {ident}\n')
        outcome = _one(tmp_path, _policy(), head=head, name=f"{ident}.yaml")
        assert outcome.graph is not None
        sources |= set(outcome.graph.objects(None, SCP.caseStudySource))
    assert len(sources) == 2


def test_spreadsheet_carries_the_real_record_columns(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    header = [
        "case_id", "case_title_en", "source_document", "source_locator", "source_identifier",
        "source_publisher", "source_urls",
        "source_derived_from_publisher", "source_derived_from_identifier", "entered_by", "entered_on",
        "policy_id", "country", "title_en", "original_title_pt-BR", "instrument_type", "adopted_on",
        "amended_on", "amends", "repeals", "urls",
    ]  # fmt: skip
    rows = [
        ["sheet-case", "Sheet case", "Law platform", "record 9", "PLP-9", "Law platform",
         "https://example.org/9; https://example.org/9b", "ECOLEX", "LEX-9", "tests", "2026-12-02",
         "lei-9", "BRA", "Law 9", "Lei 9", "ban; tax-fee-levy", "2010-08", "2012; 2015-04-01", "",
         "BRA/lei-1", "https://example.org/lei-9"],
        ["sheet-case", "", "", "", "", "", "", "", "", "", "", "lei-10", "BRA", "Law 10", "", "", "2016", "",
         "lei-9", "", ""],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    (outcome,) = run([path]).outcomes
    assert not outcome.problems, outcome.problems
    g = outcome.graph
    assert g is not None
    nine, ten = URIRef(POLICY + "BRA/lei-9"), URIRef(POLICY + "BRA/lei-10")
    assert set(g.objects(nine, RDF.type)) == {SCP.BanOrRestriction, SCP.TaxFeeLevy}
    assert {(str(t), t.language.lower()) for t in g.objects(nine, SCP.originalTitle)} == {("Lei 9", "pt-br")}
    assert set(g.objects(nine, SCP.adoptedOn)) == {Literal("2010-08", datatype=XSD.gYearMonth)}
    assert len(set(g.objects(nine, SCP.amendedOn))) == 2
    assert set(g.objects(ten, SCP.amends)) == {nine}
    assert set(g.objects(ten, RDF.type)) == {SCP.Policy}  # no type in the row: not stated
    assert any("instrument type not stated" in w.message for w in outcome.warnings), outcome.warnings
    (source,) = g.objects(None, SCP.caseStudySource)
    assert g.value(source, PROV.wasDerivedFrom) is not None


def test_real_records_fixture_answers_on_a_fresh_store(tmp_path: Path) -> None:
    """`scpkg ingest` alone on a fresh store: the law of three families counts once for each in
    question 5 and in the report matrix, and the untyped amending law is 'type not stated' (never a
    family, never dropped)."""
    url = f"falkordb://{tmp_path / 'fresh.db'}"
    path = REAL / "records-circular-economy-france-platform.yaml"
    args = ["ingest", str(path), "--store", url, "--report-dir", str(tmp_path / "reports")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    agec, amending = POLICY + "FRA/loi-2020-105-agec", POLICY + "FRA/loi-2021-1104-climat-resilience"
    with open_store(url) as store:
        answer = run_question(store, 5)
        by_sector = {f.subject["sector"]: f for f in answer.findings if f.subject.get("country") == "FRA"}
        assert by_sector["plastics"].status == "covered", by_sector
        assert by_sector["plastics"].facts == [agec]  # one policy, three families: a mix
        assert by_sector["not-stated"].status == "not-stated"
        assert amending in by_sector["not-stated"].facts
        matrix = store.run(
            statement("report-coverage-matrix.cypher"),
            {"country": "FRA", "region": None, "sector": None, "exclude_illustrative": False},
        )
        totals = {r["family"]: r["policies"] for r in matrix if r["stage"] == "total"}
        assert totals == {"regulatory": 1, "economic": 1, "information": 1, "unspecified": 1}, totals
        graph = store.case_study_graph("https://w3id.org/scpkg/id/case-study/records-france-agec")
        assert isinstance(graph, Graph)
        assert (URIRef(amending), SCP.amends, URIRef(agec)) in graph
    report = json.loads((tmp_path / "reports" / "report.json").read_text("utf-8"))
    (record,) = report["records"]
    assert [w["field"] for w in record["warnings"]].count("policies[1].instrument_type") == 1
