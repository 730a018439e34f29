"""Files holding many case studies: a JSON array, JSON Lines, one CSV with many case ids.

Each record is its own unit with its own label, problems name file, record and field, and the
counts reconcile with one record per case study (on the real embedded store).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scpkg.ingest.pipeline import LOADED, QUARANTINED, RunReport, run
from scpkg.store import GraphStore


def case_study(case_id: str, policy: str = "ban", **policy_fields: Any) -> dict[str, Any]:
    return {
        "id": case_id,
        "title": f"Case study {case_id}",
        "source": {"document": "Multi-record test source", "locator": "§1"},
        "policies": [
            {"id": policy, "country": "Kenya", "title": f"{case_id} {policy}", "instrument_type": "ban"}
            | policy_fields
        ],
    }


def statuses(report: RunReport) -> dict[str, str]:
    return {o.record: o.status for o in report.outcomes}


def test_json_array_of_case_studies_loads_each_with_its_own_label(store: GraphStore, tmp_path: Path) -> None:
    """Before: a top-level array was 'expected one case study (a mapping), found list' for the whole file."""
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps(
            [case_study("multi-a"), case_study("multi-b", sectors=["no-such-sector"]), case_study("multi-c")]
        )
    )
    report = run([path], store=store, report_dir=tmp_path / "r")
    assert statuses(report) == {
        "records[0] (multi-a)": LOADED,
        "records[1] (multi-b)": QUARANTINED,
        "records[2] (multi-c)": LOADED,
    }
    bad = report.outcomes[1].problems
    assert [(p.file, p.record, p.field) for p in bad] == [
        (str(path), "records[1] (multi-b)", "policies[0].sectors")
    ], bad
    assert report.reconciles and report.counts["records_read"] == 3


def test_one_record_with_a_nul_quarantined_every_record_of_a_json_array(
    store: GraphStore, tmp_path: Path
) -> None:
    """Regression: the value checks (NUL, lone surrogates, huge numbers) ran on the whole array, so one bad
    record refused the whole file and its valid records were lost; now only that record is refused."""
    path = tmp_path / "many.json"
    bad = case_study("nul-b")
    bad["policies"][0]["title"] = "Law\u0000 77"
    path.write_text(json.dumps([case_study("nul-a"), bad, case_study("nul-c")]))
    report = run([path], store=store, report_dir=tmp_path / "r")
    assert statuses(report) == {
        "records[0] (nul-a)": LOADED,
        "records[1] (nul-b)": QUARANTINED,
        "records[2] (nul-c)": LOADED,
    }
    problem = report.outcomes[1].problems[0]
    assert problem.field == "policies[0].title" and "NUL" in problem.message, problem
    assert report.reconciles and report.counts["records_read"] == 3


def test_json_lines_bad_line_is_a_problem_of_that_line_and_the_others_load(
    store: GraphStore, tmp_path: Path
) -> None:
    """Before: .jsonl was not a case-study file at all (usage error, nothing loaded)."""
    path = tmp_path / "export.jsonl"
    lines = [json.dumps(case_study("line-a")), "", '{"id": "broken", ', json.dumps(case_study("line-c"))]
    path.write_text("\n".join(lines) + "\n")
    report = run([path], store=store, report_dir=tmp_path / "r")
    assert statuses(report) == {"line 1 (line-a)": LOADED, "line 3": QUARANTINED, "line 4 (line-c)": LOADED}
    problem = report.outcomes[1].problems[0]
    assert problem.record == "line 3" and "not valid JSON" in problem.message
    assert report.reconciles and report.counts["records_read"] == 3  # the blank line is no record


def test_ndjson_suffix_is_read_as_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    path.write_text(json.dumps(case_study("nd-a")) + "\n" + json.dumps(case_study("nd-b")) + "\n")
    report = run([path], store=None, report_dir=tmp_path / "r")
    assert [o.record for o in report.outcomes] == ["line 1 (nd-a)", "line 2 (nd-b)"]
    assert all(not o.problems for o in report.outcomes)


def test_empty_json_array_is_a_file_problem_not_a_silent_success(tmp_path: Path) -> None:
    """An empty export says nothing: reported, never 'all 0 records loaded' with exit 0."""
    path = tmp_path / "empty.json"
    path.write_text("[]")
    report = run([path], store=None, report_dir=tmp_path / "r")
    assert report.counts["quarantined"] == 1 and "empty list" in report.outcomes[0].problems[0].message


def test_one_csv_with_many_case_ids_gives_one_record_per_case_study(
    store: GraphStore, tmp_path: Path
) -> None:
    """Rows group by case_id even when interleaved; a bad row names its row and only its case study fails."""
    header = "case_id,case_title_en,source_document,source_locator,policy_id,country,title_en," + (
        "instrument_type,sectors"
    )
    rows = [
        "csv-a,Case A,Doc A,§1,a-ban,KE,Ban A,ban,plastics",
        "csv-b,Case B,Doc B,§2,b-levy,GH,Levy B,tax-fee-levy,plastics",
        "csv-a,,,,a-std,KE,Standard A,standard,electronics",
        "csv-c,Case C,Doc C,§3,c-ban,RW,Ban C,ban,no-such-sector",
        "csv-b,,,,b-epr,GH,EPR B,epr,electronics",
    ]
    path = tmp_path / "many.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    report = run([path], store=store, report_dir=tmp_path / "r")
    assert statuses(report) == {"csv-a": LOADED, "csv-b": LOADED, "csv-c": QUARANTINED}
    assert [p.field for p in report.outcomes[2].problems] == ["row 5, sectors"]
    graph_b = store.case_study_graph("https://w3id.org/scpkg/id/case-study/csv-b")
    assert graph_b is not None
    titles = {str(o) for o in graph_b.objects(None, None) if str(o) in ("Levy B", "EPR B")}
    assert titles == {"Levy B", "EPR B"}  # rows 3 and 6 in one case study, nothing from csv-a
    assert report.reconciles and report.counts["records_read"] == 3


def test_json_lines_get_the_same_refusals_as_a_json_file(tmp_path: Path) -> None:
    """A duplicate key or NaN on one line is refused for that line (json.loads alone keeps the last key)."""
    path = tmp_path / "export.jsonl"
    good = json.dumps(case_study("same-a"))
    duplicate = good.replace('"id": "same-a"', '"id": "same-b", "id": "same-c"', 1)
    nan = json.dumps(case_study("same-d")).replace('"Multi-record test source"', "NaN")
    path.write_text("\n".join([good, duplicate, nan]) + "\n")
    report = run([path], store=None, report_dir=tmp_path / "r")
    assert [o.record for o in report.outcomes] == ["line 1 (same-a)", "line 2", "line 3"]
    assert "appears twice" in report.outcomes[1].problems[0].message
    assert "NaN" in report.outcomes[2].problems[0].message
    assert not report.outcomes[0].problems
