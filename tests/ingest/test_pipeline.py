"""The case-study pipeline end to end, against the real embedded store: formats, malformed input,
quarantine, --strict, retraction, idempotent re-ingest and count reconciliation.

Fixture files are under tests/data/ingest/ (tests/data/README.md says what each is for).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from scpkg.ingest.pipeline import (
    EXIT_OK,
    EXIT_QUARANTINED,
    EXIT_STRICT,
    LOADED,
    NOT_LOADED,
    QUARANTINED,
    REPLACED,
    UNCHANGED,
    RunReport,
    UsageError,
    run,
)
from scpkg.iris import ONT, instance
from scpkg.store import GraphStore

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
VALID = DATA / "valid"
MALFORMED = DATA / "malformed"
SHARED = DATA / "shared"
SCP = Namespace(ONT)


def case(case_id: str) -> str:
    return str(instance("case-study", case_id))


def ingest(paths: list[Path], store: GraphStore | None, tmp_path: Path, **kw: object) -> RunReport:
    return run(paths, store=store, report_dir=tmp_path / "report", **kw)  # type: ignore[arg-type]


def by_record(report: RunReport) -> dict[str, str]:
    return {o.record: o.status for o in report.outcomes}


def test_fixture_folders_are_not_empty() -> None:
    """A glob that matches nothing must fail, not let the tests below pass on nothing."""
    assert len(list(VALID.iterdir())) >= 5
    assert len(list(MALFORMED.iterdir())) >= 7


# -- each input format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "cases"),
    [
        ("minimal.yaml", ["fixture-yaml"]),
        ("full.json", ["fixture-json"]),
        ("policies.csv", ["fixture-csv-a", "fixture-csv-b"]),
        ("case.ttl", ["fixture-turtle"]),
        ("case.jsonld", ["fixture-jsonld"]),
    ],
)
def test_each_format_loads(file: str, cases: list[str], store: GraphStore, tmp_path: Path) -> None:
    report = ingest([VALID / file], store, tmp_path)
    assert {o.record: o.problems for o in report.outcomes} == {c: [] for c in cases}
    assert report.count(LOADED) == len(cases)
    for c in cases:
        assert store.case_study_graph(case(c)), f"{c} is not in the store"


def test_yaml_values_resolve_from_labels_in_any_language(store: GraphStore, tmp_path: Path) -> None:
    ingest([VALID / "minimal.yaml"], store, tmp_path)
    graph = store.case_study_graph(case("fixture-yaml"))
    assert graph is not None
    policy = instance("policy", "KEN", "plastic-bag-ban")
    # "  Interdiction " (French alt label, odd spacing) is the ban class.
    assert (policy, RDF.type, SCP.BanOrRestriction) in graph
    stages = set(graph.objects(policy, SCP.targetsStage))
    vocab = "https://w3id.org/scpkg/vocab/"
    # "End of life" (English label, any case) and "产品设计" (Chinese label) are the stage concepts.
    assert stages == {
        URIRef(vocab + "life-cycle-stage/end-of-life"),
        URIRef(vocab + "life-cycle-stage/design"),
    }
    assert (policy, SCP.contributesTo, URIRef(vocab + "sdg/12.5")) in graph
    assert (policy, DCTERMS.title, Literal("Interdiction des sacs plastiques", lang="fr")) in graph
    assert (policy, SCP.country, URIRef(str(instance("country", "KEN")))) in graph  # "KE" → KEN


def test_spreadsheet_groups_rows_into_case_studies(store: GraphStore, tmp_path: Path) -> None:
    ingest([VALID / "policies.csv"], store, tmp_path)
    graph = store.case_study_graph(case("fixture-csv-a"))
    assert graph is not None
    policies = set(graph.subjects(RDF.type, SCP.ExtendedProducerResponsibility)) | set(
        graph.subjects(RDF.type, SCP.BanOrRestriction)
    )
    assert policies == {
        instance("policy", "GHA", "epr-electronics"),
        instance("policy", "GHA", "mercury-lamp-ban"),
    }
    body = instance("body", "GHA", "ministry-of-finance")
    assert (body, SKOS.prefLabel, Literal("Ministry of Finance", lang="en")) in graph


def test_xlsx_from_the_template_loads(store: GraphStore, tmp_path: Path) -> None:
    """Fill the generated template the way an Excel user would (its own header row) and ingest it."""
    import openpyxl

    from scpkg.ingest.read_sheet import COLUMNS
    from scpkg.ingest.template import write_template

    path = tmp_path / "cases.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book["policies"]
    row = dict.fromkeys(COLUMNS)
    row.update(
        case_id="fixture-xlsx",
        case_title_en="Fixture case study in XLSX",
        source_document="Fixture source document",
        source_locator="§6",
        policy_id="deposit-return",
        country="Germany",
        title_en="Deposit return for bottles",
        instrument_type="deposit-refund",
        life_cycle_stages="end-of-life; use",
        sectors="plastics",
        lead_bodies="Federal Environment Ministry (environment)",
        adoption_year=2003,
        target_value=90,
        target_unit="percent returned",
        target_deadline=2030,
    )
    sheet.append([row[c] for c in COLUMNS])
    book.save(path)
    report = ingest([path], store, tmp_path)
    assert by_record(report) == {"fixture-xlsx": LOADED}, report.outcomes[0].problems


def test_template_lists_allowed_values_from_the_ontology(tmp_path: Path) -> None:
    import openpyxl

    from scpkg.ingest.template import write_template
    from scpkg.ingest.vocab import ontology_graph

    path = tmp_path / "t.xlsx"
    write_template(path)
    rows = list(openpyxl.load_workbook(path)["allowed values"].iter_rows(values_only=True))
    codes = {(r[0], r[1]) for r in rows[1:]}
    notations = {str(n) for n in ontology_graph().objects(None, SKOS.notation)}
    instrument_codes = {code for column, code in codes if column == "instrument_type"}
    assert {"ban-restriction", "ecolabel", "spp", "policy-framework"} <= instrument_codes
    assert instrument_codes <= notations
    assert ("sectors", "textiles") in codes
    assert ("mea_obligations", "minamata/mercury-added-products") in codes


# -- malformed input: one clear error for the file, and the run goes on ----------------------------


@pytest.mark.parametrize(
    ("file", "field", "words"),
    [
        ("bad-syntax.yaml", "(file)", "not valid YAML"),
        ("latin1.yaml", "(file)", "not UTF-8"),
        ("empty.yaml", "(file)", "empty"),
        ("binary.json", "(file)", "binary"),
        ("wrong-type.yaml", "policies[0].targets[0].value", "should be a number"),
        ("duplicate-ids.yaml", "policies[1].id", "gives the same IRI as policies[0]"),
        ("unknown-values.yaml", "policies[0].life_cycle_stages", "did you mean 'design'"),
    ],
)
def test_malformed_file_is_reported_and_the_rest_loads(
    file: str, field: str, words: str, store: GraphStore, tmp_path: Path
) -> None:
    report = ingest([MALFORMED / file, VALID / "minimal.yaml"], store, tmp_path)
    bad = [o for o in report.outcomes if o.file.name == file]
    assert len(bad) == 1 and bad[0].status == QUARANTINED
    assert any(p.field == field and words in p.message and p.file.endswith(file) for p in bad[0].problems), [
        p.as_dict() for p in bad[0].problems
    ]
    assert by_record(report)["fixture-yaml"] == LOADED
    assert report.exit_code == EXIT_QUARANTINED


def test_unknown_values_are_all_reported_with_suggestions(tmp_path: Path) -> None:
    report = ingest([MALFORMED / "unknown-values.yaml"], None, tmp_path)
    messages = {p.field: p.message for p in report.outcomes[0].problems}
    assert "Kenya (KEN)" in messages["policies[0].country"]
    assert "ban-restriction" in messages["policies[0].instrument_type"]
    assert "textiles" in messages["policies[0].sectors"]
    assert "environment" in messages["policies[0].lead_bodies[0].ministry_type"]


def test_oversized_file_is_refused_before_reading(store: GraphStore, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:  # sparse: 100 MB on paper, nothing on disk, and never read
        f.truncate(100 * 1024 * 1024)
    report = ingest([big, VALID / "minimal.yaml"], store, tmp_path)
    (outcome,) = [o for o in report.outcomes if o.file == big]
    assert outcome.status == QUARANTINED
    assert "over the 10.0 MB limit" in outcome.problems[0].message
    assert by_record(report)["fixture-yaml"] == LOADED


def test_shacl_violation_is_quarantined_with_its_report(store: GraphStore, tmp_path: Path) -> None:
    """A schema-valid file the shapes refuse: a body with no ministry type is a Violation."""
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8").replace(", ministry_type: Finance", "")
    path = tmp_path / "no-ministry-type.yaml"
    path.write_text(text, encoding="utf-8")
    report = ingest([path], store, tmp_path)
    outcome = report.outcomes[0]
    assert outcome.status == QUARANTINED
    assert any(
        "scp:ministryType" in p.field and "body/KEN/national-treasury" in p.field for p in outcome.problems
    )
    assert store.case_study_graph(case("fixture-yaml")) is None
    quarantine = tmp_path / "report" / "quarantine"
    assert (quarantine / "no-ministry-type.yaml").read_text(encoding="utf-8") == text
    copied = json.loads((quarantine / "no-ministry-type.yaml.report.json").read_text(encoding="utf-8"))
    assert copied["records"][0]["problems"]
    assert (tmp_path / "report" / "shacl" / "fixture-yaml.ttl").is_file()


def test_strict_loads_nothing_when_anything_is_invalid(store: GraphStore, tmp_path: Path) -> None:
    report = ingest([VALID / "minimal.yaml", MALFORMED / "empty.yaml"], store, tmp_path, strict=True)
    assert report.exit_code == EXIT_STRICT
    assert by_record(report) == {"fixture-yaml": NOT_LOADED, "empty.yaml": QUARANTINED}
    assert store.case_study_graph(case("fixture-yaml")) is None
    assert report.reconciles


def test_strict_loads_everything_when_all_is_valid(store: GraphStore, tmp_path: Path) -> None:
    report = ingest([VALID / "minimal.yaml"], store, tmp_path, strict=True)
    assert report.exit_code == EXIT_OK and report.count(LOADED) == 1


def test_duplicate_case_study_across_files_is_refused(store: GraphStore, tmp_path: Path) -> None:
    copy = tmp_path / "again.yaml"
    shutil.copyfile(VALID / "minimal.yaml", copy)
    report = ingest([VALID / "minimal.yaml", copy], store, tmp_path)
    # Which one is right is the author's call, not the file order's: both are refused, each naming the other.
    assert [o.status for o in report.outcomes] == [QUARANTINED, QUARANTINED]
    assert str(copy) in report.outcomes[0].problems[0].message
    assert str(VALID / "minimal.yaml") in report.outcomes[1].problems[0].message


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        run([tmp_path / "nope.yaml"])


# -- provenance and updates -------------------------------------------------------------------------


def test_retraction_keeps_a_shared_fact(store: GraphStore, tmp_path: Path) -> None:
    ingest([SHARED], store, tmp_path)
    ministry = str(instance("body", "GHA", "ministry-of-environment"))
    levy = str(instance("policy", "GHA", "e-waste-levy"))
    ban = str(instance("policy", "GHA", "plastics-ban"))
    before = store.graph_to_rdf()
    assert (URIRef(levy), RDF.type, SCP.TaxFeeLevy) in before

    assert store.retract_case_study(case("fixture-shared-a"))
    after = store.graph_to_rdf()
    subjects = {str(s) for s in after.subjects()}
    assert levy not in subjects, "the retracted case study's own policy must go"
    assert ministry in subjects and ban in subjects, "what the other case study asserts must stay"
    assert (URIRef(ban), SCP.ledBy, URIRef(ministry)) in after
    assert store.case_study_graph(case("fixture-shared-b")) is not None


def test_unchanged_reingest_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    first = ingest([VALID, SHARED], store, tmp_path)
    assert first.count(LOADED) == first.counts["records_read"]
    status = store.status()
    second = ingest([VALID, SHARED], store, tmp_path / "2")
    assert second.count(UNCHANGED) == second.counts["records_read"] and second.count(LOADED) == 0
    assert store.status() == status


def test_changed_file_replaces_only_its_own_assertions(store: GraphStore, tmp_path: Path) -> None:
    work = tmp_path / "cases"
    shutil.copytree(SHARED, work)
    ingest([work], store, tmp_path)
    other = store.case_study_graph(case("fixture-shared-b"))
    a = work / "a.yaml"
    a.write_text(
        a.read_text(encoding="utf-8").replace("title: E-waste levy", "title: Electronic waste levy"), "utf-8"
    )
    report = ingest([work], store, tmp_path / "2")
    assert by_record(report) == {"fixture-shared-a": REPLACED, "fixture-shared-b": UNCHANGED}
    assert "earlier version of this file" in (report.outcomes[0].note or "")
    titles = set(
        store.graph_to_rdf().objects(URIRef(str(instance("policy", "GHA", "e-waste-levy"))), DCTERMS.title)
    )
    assert titles == {Literal("Electronic waste levy", lang="en")}
    after = store.case_study_graph(case("fixture-shared-b"))
    assert other is not None and after is not None and set(after) == set(other)


def test_counts_reconcile_in_the_report(store: GraphStore, tmp_path: Path) -> None:
    ingest([VALID / "minimal.yaml"], store, tmp_path / "first")
    report = ingest([VALID, MALFORMED], store, tmp_path)
    c = report.counts
    assert c[UNCHANGED] == 1 and c[LOADED] == 5 and c[QUARANTINED] == 7
    assert c["records_read"] == c[LOADED] + c[REPLACED] + c[UNCHANGED] + c[NOT_LOADED] + c[QUARANTINED] == 13
    written = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert written["counts"] == c and written["reconciles"] is True
    assert len(written["records"]) == 13


def test_validate_only_loads_nothing(store: GraphStore, tmp_path: Path) -> None:
    report = ingest([VALID], None, tmp_path, command="validate")
    assert report.count(NOT_LOADED) == 6 and report.exit_code == EXIT_OK
    assert store.case_studies() == []


# -- bundled examples -------------------------------------------------------------------------------


def test_bundled_examples_all_load(store: GraphStore, tmp_path: Path) -> None:
    from scpkg.ingest.examples_dir import examples_dir

    with examples_dir() as examples:
        files = sorted(Path(examples).glob("*.yaml"))
        assert len(files) >= 12
        report = ingest([Path(examples)], store, tmp_path)
    assert report.count(LOADED) == len(files), [p.as_dict() for o in report.outcomes for p in o.problems]
    cases = store.case_studies()
    graph = store.graph_to_rdf()
    illustrative = set(graph.subjects(SCP.illustrative, Literal(True)))
    assert len(illustrative) >= 5
    # every fact-based example cites S1 or S2 and a paragraph
    for c in cases:
        if c.endswith(("/reference",)) or URIRef(c) in illustrative:
            continue
        assert graph.value(URIRef(c), SCP.locator) is not None, c


def test_policy_can_sit_under_a_framework_loaded_earlier(store: GraphStore, tmp_path: Path) -> None:
    """part_of_framework may name a framework another file put in the store in an earlier run."""
    framework = tmp_path / "framework.yaml"
    policy = tmp_path / "policy.yaml"
    head = "source: {document: Fixture source document, locator: '§1'}\n"
    framework.write_text(
        "id: fixture-framework\ntitle: Framework\n" + head + "policies:\n"
        "  - {id: plan, country: KEN, title: Plan, instrument_type: policy-framework,\n"
        "     framework_level: overarching}\n",
        encoding="utf-8",
    )
    policy.write_text(
        "id: fixture-under-framework\ntitle: Under\n" + head + "policies:\n"
        "  - {id: levy, country: KEN, title: Levy, instrument_type: tax-fee-levy, part_of_framework: plan}\n",
        encoding="utf-8",
    )
    assert ingest([framework], store, tmp_path / "1").count(LOADED) == 1
    alone = ingest([policy], None, tmp_path / "2", command="validate")
    assert alone.count(QUARANTINED) == 1, "without the store the framework is unknown"
    report = ingest([policy], store, tmp_path / "3")
    assert report.count(LOADED) == 1, [p.as_dict() for o in report.outcomes for p in o.problems]


# -- a batch the store refuses ------------------------------------------------------------------------


def test_store_refusal_quarantines_only_the_record_at_fault(store: GraphStore, tmp_path: Path) -> None:
    """Loads go in batches; when the store refuses a batch, each record is retried alone, so the
    record at fault is quarantined with the store's message and the rest of its batch still loads."""
    refused = DATA / "store-refuses" / "undeclared-predicate.ttl"
    report = ingest([VALID / "minimal.yaml", VALID / "case.ttl", refused], store, tmp_path)
    statuses = {o.case_iri and str(o.case_iri): o for o in report.outcomes}
    bad = statuses[case("fixture-undeclared")]
    assert bad.status == QUARANTINED
    assert [p.field for p in bad.problems] == ["(store)"]
    assert "notDeclaredInTheOntology" in bad.problems[0].message
    assert statuses[case("fixture-yaml")].status == LOADED
    assert statuses[case("fixture-turtle")].status == LOADED
    assert set(store.case_studies()) >= {case("fixture-yaml"), case("fixture-turtle")}
    assert case("fixture-undeclared") not in store.case_studies()
    assert report.reconciles
