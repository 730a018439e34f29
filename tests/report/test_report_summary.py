"""Summarised reports (issue 11): a world-scale report counts every finding and lists them grouped by
country with a few examples. Same questions, same statuses: every count, group, example, share, matrix
cell and illustrative banner of the summarised answers must equal what the per-policy answers
(``catalogue.run`` without summarising) say, on the gap fixtures, the status fixtures (illustrative and
not, with and without ``exclude_illustrative``) and a synthetic corpus of a few hundred policies."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from html import unescape
from pathlib import Path

import pytest

from scpkg.queries import catalogue
from scpkg.queries.catalogue import STATUSES, GapAnswer, Scope
from scpkg.queries.report import build, build_report, write_report
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_csv, render_json, render_markdown
from scpkg.store import GraphStore

SYNTHETIC_POLICIES = 400
"""Above DETAIL_LIMIT (300) for the per-policy questions 2-4, so a summarised report groups them."""


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from scpkg.ingest import synthetic
    from scpkg.store import open_store

    s = open_store("falkordb://" + str(tmp_path_factory.mktemp("synthetic-report") / "s.db"))
    synthetic.load_into(s, SYNTHETIC_POLICIES, per_case=10)
    yield s
    s.close()


def _country(finding: catalogue.GapFinding) -> str:
    return finding.subject.get("country", "")


def assert_summary_agrees(full: GapAnswer, summary: GapAnswer, examples: int) -> None:
    """Everything a summarised answer says, checked against the complete one."""
    assert full.complete
    if summary.complete:  # no row at all: the one no-data finding of the scope, kept as it is
        assert [f.status for f in full.findings] == ["no-data"]
        assert asdict(summary) == asdict(full)
        return
    assert summary.counts() == full.counts()
    per_group = Counter((f.status, _country(f)) for f in full.findings)
    assert {(g.status, g.country): g.count for g in summary.groups} == dict(per_group)
    for g in summary.groups:
        in_order = [f for f in full.findings if (f.status, _country(f)) == (g.status, g.country)]
        assert [asdict(f) for f in g.examples] == [asdict(f) for f in in_order[:examples]]
        assert g.more == g.count - len(g.examples) >= 0
    assert summary.findings == [f for g in summary.groups for f in g.examples]
    assert summary.share == full.share
    assert summary.illustrative_evidence == full.illustrative_evidence


def _stores(request: pytest.FixtureRequest, name: str) -> GraphStore:
    return request.getfixturevalue(name)


@pytest.mark.parametrize("store_name", ["gap_store", "status_store", "synthetic_store"])
@pytest.mark.parametrize("exclude", [False, True])
def test_summarised_answers_agree_with_the_per_policy_answers(
    request: pytest.FixtureRequest, store_name: str, exclude: bool
) -> None:
    store = _stores(request, store_name)
    for q in catalogue.questions():
        full = catalogue.run(store, q.id, Scope(), exclude)
        summary = catalogue.run(store, q.id, Scope(), exclude, summarise_over=0, examples=2)
        assert_summary_agrees(full, summary, 2)


def test_summarised_answers_agree_in_a_country_and_a_sector(synthetic_store: GraphStore) -> None:
    iso3 = synthetic_store.run(
        "MATCH (p:Policy)-[:COUNTRY]->(c:Country) "
        "RETURN c.iso3 AS iso3, count(p) AS n ORDER BY n DESC, iso3 LIMIT 1"
    )[0]["iso3"]
    for scope in (Scope(country=iso3), Scope(sector="food")):
        for q in catalogue.questions():
            if not all(k in q.scopes for k in scope.kinds):
                continue
            full = catalogue.run(synthetic_store, q.id, scope)
            assert_summary_agrees(full, catalogue.run(synthetic_store, q.id, scope, summarise_over=0), 3)


def test_a_small_scope_keeps_every_finding(gap_store: GraphStore) -> None:
    for scope in (Scope(), Scope(country="GHA")):
        report = build_report(gap_store, scope)
        assert not report.summarised and all(a.complete for a in report.answers)
        assert "summarised" not in render_html(report)


@pytest.fixture(scope="module")
def summarised(synthetic_store: GraphStore) -> build.Report:
    return build_report(synthetic_store, Scope(), detail=False)


@pytest.fixture(scope="module")
def detailed(synthetic_store: GraphStore) -> build.Report:
    return build_report(synthetic_store, Scope(), detail=True)


def test_summarised_report_numbers_equal_the_detailed_report(
    summarised: build.Report, detailed: build.Report
) -> None:
    assert summarised.summarised and not detailed.summarised
    long = [a.question.id for a in summarised.answers if not a.complete]
    assert {"framework-embedding", "measurability", "ministerial-silo"} <= set(long)
    assert summarised.counts() == detailed.counts()
    for a, b in zip(summarised.answers, detailed.answers, strict=True):
        assert a.counts() == b.counts() and a.share == b.share
        if not a.complete:
            assert_summary_agrees(b, a, build.EXAMPLES)
    cells = lambda r: [(c.stage, c.family, c.policies, c.repealed, c.status) for c in r.matrix.cells]  # noqa: E731
    assert cells(summarised) == cells(detailed)
    assert summarised.matrix.totals == detailed.matrix.totals
    assert summarised.ministries == detailed.ministries
    assert summarised.sdg1211 == detailed.sdg1211
    assert summarised.illustrative == detailed.illustrative


def test_summarised_json_and_csv_carry_the_same_numbers(summarised: build.Report) -> None:
    data = json.loads(render_json(summarised))
    assert data["summarised"] is True and data["detail_limit"] == build.DETAIL_LIMIT
    tables = render_csv(summarised)
    groups = list(csv.DictReader(io.StringIO(tables["groups"])))
    summary = {r["question"]: r for r in csv.DictReader(io.StringIO(tables["summary"]))}
    for a, d in zip(summarised.answers, data["answers"], strict=True):
        assert d["counts"] == a.counts()
        assert {s: int(summary[a.question.id][s]) for s in STATUSES} == a.counts()
        mine = [g for g in groups if g["question"] == a.question.id]
        if a.complete:
            assert "groups" not in d and not mine
            continue
        assert d["complete"] is False
        assert sum(g["count"] for g in d["groups"]) == sum(a.counts().values())
        by_status = Counter()
        for g in mine:
            by_status[g["status"]] += int(g["findings"])
            assert int(g["findings"]) == int(g["shown"]) + int(g["more"])
        assert {s: by_status.get(s, 0) for s in STATUSES} == a.counts()
    findings = list(csv.DictReader(io.StringIO(tables["findings"])))
    assert len(findings) == sum(len(a["findings"]) for a in data["answers"])


def test_summarised_html_lists_groups_with_the_way_to_every_finding(summarised: build.Report) -> None:
    html = render_html(summarised)
    a = summarised.answer("measurability")
    assert a is not None and not a.complete
    section = html[html.index('id="q-measurability"') :]
    section = unescape(section[: section.index("</section>")])
    assert "scpkg query run 3 --format csv" in section and 'gap(question: "measurability")' in section
    rows = re.findall(r'<tr data-status="([^"]+)" data-country="([^"]*)" data-count="(\d+)">', section)
    listed = {(s, c): int(n) for s, c, n in rows}
    expected = {(g.status, g.country): g.count for g in a.groups if g.status != "covered"}
    assert listed == expected and listed
    more = [g for g in a.groups if g.more > 0 and g.status != "covered"]
    assert more and f"and {more[0].more} more" in section
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert not [h for h in re.findall(r'href="#([^"]+)"', html) if h not in ids]


def test_large_appendix_is_grouped_by_source_and_links_still_resolve(
    summarised: build.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "APPENDIX_LIMIT", 1)
    assert summarised.appendix_grouped
    html = render_html(summarised)
    appendix = html[html.index('<section id="evidence">') :]
    counts = [int(n) for n in re.findall(r'<h3 data-count="(\d+)">', appendix)]
    assert sum(counts) == len(summarised.case_studies) and counts == sorted(counts, reverse=True)
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert not [h for h in re.findall(r'href="#([^"]+)"', html) if h not in ids]
    md = render_markdown(summarised)
    assert all(f'<a id="{cs.anchor}"></a>' in md for cs in summarised.case_studies.values())


def test_illustrative_banner_names_at_most_ten_and_counts_the_rest(summarised: build.Report) -> None:
    assert len(summarised.illustrative) > build.BANNER_NAMES  # the synthetic corpus is all illustrative
    html = render_html(summarised)
    banner = re.search(r'<p class="banner illustrative" role="alert" id="illustrative">(.*?)</p>', html)
    assert banner is not None
    assert f"and {len(summarised.illustrative) - build.BANNER_NAMES} more" in banner.group(1)
    assert banner.group(1).count(";") == build.BANNER_NAMES  # ten names, then the count


def test_write_report_writes_the_groups_table_when_summarised(
    summarised: build.Report, tmp_path: Path
) -> None:
    names = {p.name for p in write_report(summarised, tmp_path, ["csv"])}
    assert "global-groups.csv" in names and "global-findings.csv" in names
