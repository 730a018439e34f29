"""Reports with honest statuses (issue 9): on the status fixtures (tests/data/gaps-statuses/, hand-worked
in tests/queries/test_statuses.py), the stage × instrument-type matrix has a 'stage not stated' row and
totals per type, marks repealed-only cells, and the summary counts every status in every format."""

from __future__ import annotations

import csv
import io
import json
import re

from scpkg.queries.catalogue import STATUSES, Scope
from scpkg.queries.report import build_report
from scpkg.queries.report.build import MATRIX_ROWS
from scpkg.queries.report.i18n import FAMILIES, MESSAGES
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_csv, render_json, render_markdown
from scpkg.store import GraphStore

UGANDA = "https://w3id.org/scpkg/id/case-study/fixture-statuses-uganda"


def test_report_matrix_has_not_stated_row(status_store: GraphStore) -> None:
    # Uganda: the plastic-bag ban (regulatory) names no stage; the plan is a framework, not an instrument.
    report = build_report(status_store, Scope(country="UGA"))
    mx = report.matrix
    assert mx.stages == list(MATRIX_ROWS) and mx.stages[-1] == "not-stated" and mx.covered
    unstaged = mx.cell("not-stated", "regulatory")
    assert (unstaged.policies, unstaged.status, unstaged.evidence) == (1, "instrument", [UGANDA])
    # a regulatory instrument with no stage might be at any stage: "not stated", never "no instrument"
    assert {mx.cell(s, "regulatory").status for s in MATRIX_ROWS[:-1]} == {"not-stated"}
    assert {mx.cell(s, "economic").status for s in MATRIX_ROWS[:-1]} == {"no-instrument"}
    assert mx.totals == {f: (1 if f == "regulatory" else 0) for f in FAMILIES}

    html = render_html(report)
    assert 'data-stage="not-stated" data-family="regulatory" data-count="1" data-status="instrument"' in html
    assert html.count('data-family="regulatory" data-count="0" data-status="not-stated"') == 6
    assert MESSAGES["en"]["stage_not_stated"] in html and 'data-family="regulatory" data-total="1"' in html
    md = render_markdown(report)
    row = next(
        line for line in md.splitlines() if line.startswith(f"| {MESSAGES['en']['stage_not_stated']} |")
    )
    assert row.split("|")[2].strip() == "1"
    assert any(line.startswith("| **Total** | 1 |") for line in md.splitlines())
    rows = list(csv.DictReader(io.StringIO(render_csv(report)["matrix"])))
    assert {(r["stage"], r["family"], r["policies"], r["status"]) for r in rows if r["policies"] != "0"} == {
        ("not-stated", "regulatory", "1", "instrument"),
        ("total", "regulatory", "1", "total"),
    }
    data = json.loads(render_json(report))
    assert data["coverage_matrix"]["totals"]["regulatory"] == 1


def test_report_matrix_marks_repealed_only_cells(status_store: GraphStore) -> None:
    report = build_report(status_store, Scope(country="ZMB"))  # one repealed end-of-life ban
    cell = report.matrix.cell("end-of-life", "regulatory")
    assert (cell.policies, cell.repealed, cell.status) == (0, 1, "repealed-only")
    assert report.matrix.totals["regulatory"] == 0 and report.matrix.repealed_totals["regulatory"] == 1
    assert report.matrix.cell("design", "regulatory").status == "no-instrument"
    assert "(+1 repealed only)" in render_html(report)


def test_report_summary_counts_every_status(status_store: GraphStore) -> None:
    report = build_report(status_store, Scope())
    totals = report.counts()
    # the status fixtures hold no national report, so reported-not-described is 0 here (it is counted by
    # tests/queries/test_reported_observations.py and tests/report/test_sdg1211_table.py)
    assert set(totals) == set(STATUSES) and all(
        totals[s] > 0 for s in STATUSES if s != "reported-not-described"
    )
    assert totals == {s: sum(a.counts()[s] for a in report.answers) for s in STATUSES}
    html = render_html(report)
    summary = html.split('<section id="summary"')[1].split("</section>")[0]
    for s in STATUSES:
        assert f"<th>{MESSAGES['en'][s]}</th>" in summary
    foot = re.search(r'<tr data-question="total">(.*?)</tr>', summary)
    assert foot and dict(re.findall(r'data-status="([^"]+)">(\d+)<', foot[1])) == {
        s: str(n) for s, n in totals.items()
    }
    tables = render_csv(report)
    total_row = next(r for r in csv.DictReader(io.StringIO(tables["summary"])) if r["question"] == "total")
    assert {s: int(total_row[s]) for s in STATUSES} == totals
    assert json.loads(render_json(report))["counts"] == totals
