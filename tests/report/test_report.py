"""Gap reports on the gap-catalogue fixtures (tests/data/gaps/): numbers worked out by hand from the
fixture files, the 'no instrument' / 'no data' marking of the matrix, languages, the four output formats
agreeing with one another, and the HTML page needing nothing from the network.

Hand-worked numbers (8 policies: GHA 3, KEN 3, FRA 1, CHL 1; the GHA strategy and the CHL programme are
frameworks, not instruments, so they are not in the matrix):
- matrix, global: end of life × economic 2 (GHA e-waste EPR, GHA food-waste levy), end of life ×
  regulatory 1 (KEN packaging ban), design × information 1 (KEN ecolabel), use × regulatory 1 (KEN
  standard), design × regulatory 1 and production × regulatory 1 (FRA mercury decree).
- lead ministries: environment 5, planning 1, trade-industry 1, no lead body 1.
- shares: overarching 1/8, quantified target or measured outcome 3/8, economic group leads 2/8.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.queries.catalogue import Scope
from scpkg.queries.report import Report, build_report, write_report
from scpkg.queries.report.build import MATRIX_ROWS, CaseStudyRef
from scpkg.queries.report.i18n import FAMILIES, MESSAGES, family_label, stage_label
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_csv, render_json, render_markdown
from scpkg.store import GraphStore

BASE = "https://w3id.org/scpkg/id/case-study/fixture-gaps-"
GLOBAL_MATRIX = {
    ("end-of-life", "economic"): 2,
    ("end-of-life", "regulatory"): 1,
    ("design", "information"): 1,
    ("use", "regulatory"): 1,
    ("design", "regulatory"): 1,
    ("production", "regulatory"): 1,
}


def counts(report: Report) -> dict[tuple[str, str], int]:
    return {(c.stage, c.family): c.policies for c in report.matrix.cells if c.policies}


# --- the data model -------------------------------------------------------------------------------


def test_global_matrix_counts_match_the_fixtures(global_report: Report) -> None:
    mx = global_report.matrix
    assert mx.stages == list(MATRIX_ROWS) and mx.families == list(FAMILIES)
    assert mx.stages[-1] == "not-stated"  # every fixture instrument names its stages: the row stays empty
    assert len(mx.cells) == len(MATRIX_ROWS) * len(FAMILIES)
    assert counts(global_report) == GLOBAL_MATRIX
    # each live instrument once per type: GHA EPR and levy; KEN ban and standard, FRA decree; KEN ecolabel
    assert {f: n for f, n in mx.totals.items() if n} == {"economic": 2, "regulatory": 3, "information": 1}
    assert mx.cell("end-of-life", "economic").evidence == [BASE + "ghana"]
    assert mx.cell("design", "regulatory").evidence == [BASE + "france"]


def test_empty_cells_say_no_instrument_where_case_studies_cover_the_scope(ghana_report: Report) -> None:
    assert counts(ghana_report) == {("end-of-life", "economic"): 2}
    empty = [c for c in ghana_report.matrix.cells if c.policies == 0]
    assert empty and {c.status for c in empty} == {"no-instrument"}
    assert ghana_report.matrix.cell("end-of-life", "economic").status == "instrument"


def test_empty_cells_say_no_data_where_no_case_study_covers_the_scope(gap_store: GraphStore) -> None:
    report = build_report(gap_store, Scope(country="GHA", sector="textiles"))
    assert not report.matrix.covered
    assert {c.status for c in report.matrix.cells} == {"no-data"}
    html = render_html(report)
    assert html.count('data-status="no-data"') >= len(report.matrix.cells)
    assert 'data-status="no-instrument"' not in html


def test_lead_ministries_and_shares(global_report: Report) -> None:
    bars = {b.ministry: b.policies for b in global_report.ministries}
    assert bars == {"environment": 5, "planning": 1, "trade-industry": 1, None: 1}
    shares = {q: (s.numerator, s.denominator, s.reference) for q, s in global_report.shares}
    assert shares == {
        "framework-embedding": (1, 8, 0.14),
        "measurability": (3, 8, 0.26),
        "ministerial-silo": (2, 8, 0.10),
    }


def test_mea_table_and_evidence_appendix(ghana_report: Report) -> None:
    (ghana,) = [
        f
        for f in ghana_report.mea
        if f.subject["country"] == "GHA" and f.subject["mea"].endswith("/minamata")
    ]
    assert ghana.status == "gap" and ghana.evidence == [BASE + "ghana"]
    cs = ghana_report.case_studies[BASE + "ghana"]
    assert cs.title["en"] == "Fixture: Ghana, electronics and food"
    assert cs.source["en"].startswith("scpkg test fixture") and cs.anchor == "cs-fixture-gaps-ghana"


# --- HTML ------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Ids, headings, resource URLs and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.resources: list[str] = []
        self.hrefs: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "object") and (
            a.get("src") or a.get("data")
        ):
            self.resources.append(str(a.get("src") or a.get("data")))
        if tag == "link" and a.get("href"):
            self.resources.append(str(a["href"]))
        if tag in ("image", "use") and (a.get("href") or a.get("xlink:href")):
            self.resources.append(str(a.get("href") or a.get("xlink:href")))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        self._in_heading = tag in ("h1", "h2", "h3")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_heading and data.strip():
            self.headings.append(data.strip())


def section(html: str, section_id: str) -> str:
    """The markup of one section of the page."""
    return html.split(f'<section id="{section_id}"')[1].split("</section>")[0]


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_html_has_every_section_and_every_evidence_link_resolves(global_report: Report) -> None:
    page = parse(render_html(global_report))
    expected = {"summary", "coverage-matrix", "lead-ministries", "shares", "mea-transposition", "evidence"}
    assert expected <= page.ids
    assert {f"q-{a.question.id}" for a in global_report.answers} <= page.ids
    assert len(global_report.answers) == 10
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and not [h for h in internal if h not in page.ids]
    assert {f"cs-fixture-gaps-{n}" for n in ("ghana", "kenya", "france", "chile")} <= page.ids


def test_html_is_self_contained(global_report: Report) -> None:
    html = render_html(global_report)
    page = parse(html)
    assert page.resources == []  # no script, stylesheet, image or frame fetched from anywhere
    assert "<script" not in html and "@import" not in html and "url(http" not in html
    assert not re.search(r"""(src|srcset)\s*=\s*["']?(https?:)?//""", html)


def test_html_numbers_agree_with_json_csv_and_markdown(global_report: Report) -> None:
    html = render_html(global_report)
    cells = {
        (m[0], m[1]): int(m[2])
        for m in re.findall(r'data-stage="([^"]+)" data-family="([^"]+)" data-count="(\d+)"', html)
    }
    data = json.loads(render_json(global_report))
    from_json = {(c["stage"], c["family"]): c["policies"] for c in data["coverage_matrix"]["cells"]}
    tables = render_csv(global_report)
    rows = list(csv.DictReader(io.StringIO(tables["matrix"])))
    from_csv = {(r["stage"], r["family"]): int(r["policies"]) for r in rows if r["stage"] != "total"}
    assert cells == from_json == from_csv and len(cells) == 7 * 6  # six stages and 'not stated'
    assert {r["family"]: int(r["policies"]) for r in rows if r["stage"] == "total"} == data[
        "coverage_matrix"
    ]["totals"]
    assert {k: v for k, v in cells.items() if v} == GLOBAL_MATRIX

    bars = {k: int(v) for k, v in re.findall(r'class="bar" data-key="([^"]+)" data-value="(\d+)"', html)}
    assert bars == {(b["ministry"] or "none"): b["policies"] for b in data["lead_ministries"]}
    assert bars == {
        (r["ministry_type"] or "none"): int(r["policies"])
        for r in csv.DictReader(io.StringIO(tables["ministries"]))
    }

    shares = {
        k: float(v) for k, v in re.findall(r'class="share" data-key="([^"]+)" data-value="([^"]+)"', html)
    }
    assert shares == {s["question"]: s["value"] for s in data["shares"]}
    assert shares == pytest.approx(
        {"framework-embedding": 1 / 8, "measurability": 3 / 8, "ministerial-silo": 2 / 8}
    )
    refs = dict(
        re.findall(r'class="share" data-key="([^"]+)" data-value="[^"]*" data-reference="([^"]+)"', html)
    )
    assert refs == {"framework-embedding": "0.14", "measurability": "0.26", "ministerial-silo": "0.1"}

    summary = {
        q: dict(re.findall(r'<td data-status="([^"]+)">(\d+)</td>', row))
        for q, row in re.findall(r'<tr data-question="([^"]+)">(.*?)</tr>', section(html, "summary"))
    }
    expected = {a["question"]["id"]: {k: str(v) for k, v in a["counts"].items()} for a in data["answers"]}
    assert summary == {**expected, "total": {k: str(v) for k, v in data["counts"].items()}}
    assert set(data["counts"]) == {
        "gap",
        "not-stated",
        "repealed-only",
        "covered",
        "reported-not-described",
        "no-data",
    }
    from_csv_summary = {r["question"]: r for r in csv.DictReader(io.StringIO(tables["summary"]))}
    assert {q: {k: r[k] for k in data["counts"]} for q, r in from_csv_summary.items()} == summary
    findings = list(csv.DictReader(io.StringIO(tables["findings"])))
    assert len(findings) == sum(len(a["findings"]) for a in data["answers"])

    md = render_markdown(global_report)
    eol = next(line for line in md.splitlines() if line.startswith(f"| {stage_label('end-of-life', 'en')} |"))
    assert eol.split("|")[1 + 1 + FAMILIES.index("economic")].strip() == "2"
    assert "| 1/8 = 12% | 14% (S2 §13(b)) |" in md


def test_chinese_report_uses_chinese_headings_and_ontology_labels(global_report: Report) -> None:
    page = parse(render_html(global_report, "zh"))
    zh = MESSAGES["zh"]
    for key in ("title", "summary", "coverage_matrix", "lead_ministries", "shares", "mea_transposition"):
        assert zh[key] in page.headings, key
    assert zh["evidence_appendix"] in page.headings
    assert "1. 生命周期覆盖缺口" in page.headings  # the catalogue's zh title
    html = render_html(global_report, "zh")
    assert stage_label("end-of-life", "zh") == "寿命终止" and "寿命终止" in html
    assert family_label("regulatory", "zh") == "监管工具" and "监管工具" in html
    assert "环境" in html  # ministry type label from the ontology
    assert "Coherence-gap report" not in html and '<html lang="zh">' in html
    md = render_markdown(global_report, "zh")
    assert md.startswith("# " + zh["title"]) and f"## {zh['coverage_matrix']}" in md


def test_user_text_is_escaped(global_report: Report) -> None:
    evil = '<script>alert(1)</script> & "quoted"'
    iri = BASE + "ghana"
    cases = dict(global_report.case_studies)
    cases[iri] = CaseStudyRef(iri, {"en": evil}, {"en": evil}, "<b>§1</b>", True)
    html = render_html(replace(global_report, case_studies=cases))
    assert "<script" not in html and "<b>§1" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in html
    md = render_markdown(replace(global_report, case_studies=cases))
    assert "<script" not in md


# --- writing files and the CLI --------------------------------------------------------------------


def test_write_report_writes_every_format(ghana_report: Report, tmp_path: Path) -> None:
    paths = write_report(ghana_report, tmp_path, ["html", "md", "json", "csv"])
    names = sorted(p.name for p in paths)
    assert names == sorted(
        ["country-GHA.html", "country-GHA.md", "country-GHA.json"]
        + [
            f"country-GHA-{t}.csv"
            for t in ("summary", "findings", "matrix", "ministries", "shares", "case-studies", "sdg-12-1-1")
        ]
    )
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert json.loads((tmp_path / "country-GHA.json").read_text("utf-8"))["scope"]["country"] == "GHA"
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(ghana_report, tmp_path, ["pdf"])


def test_cli_report_prints_the_paths_it_writes(store_url: str, tmp_path: Path) -> None:
    args = [
        "report",
        "--country",
        "gha",
        "--format",
        "html,json",
        "--out",
        str(tmp_path),
        "--store",
        store_url,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = [Path(line) for line in result.stdout.split()]
    assert printed == [tmp_path / "country-GHA.html", tmp_path / "country-GHA.json"]
    assert "marked illustrative" in result.stderr  # the fixtures are all illustrative
    assert all(p.is_file() for p in printed)
    result = CliRunner().invoke(
        app, ["report", "--global", "--lang", "zh", "-o", str(tmp_path), "--store", store_url]
    )
    assert result.exit_code == 0, result.output
    assert "政策一致性缺口报告" in (tmp_path / "global.zh.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --country, --region, --sector or --global"),
        (["--global", "--country", "GHA"], "cannot be combined"),
        (["--country", "XXX"], "unknown country"),
        (["--global", "--format", "pdf"], "unknown format"),
    ],
)
def test_cli_report_refuses_bad_options(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", *args, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
