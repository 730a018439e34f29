"""The data model of a gap report: the ten catalogue answers for one scope, plus the few aggregates the
report draws as charts (stage × instrument-type matrix, lead-ministry types, shares, the MEA table) and
the case studies cited, so that every renderer (HTML, Markdown, JSON, CSV) prints the same numbers.

The numbers come from Cypher, as in the catalogue: the catalogue's own statements for the answers and
shares, and `queries/report-*.cypher` for the aggregates. Python only fills the matrix's empty cells and
tells 'no instrument' (case studies cover the scope, nothing is there) from 'not stated' (instruments of
that type name no stage), 'repealed only' and 'no data' (no case study covers the scope), using the
universe of question 1 so that the matrix and the life-cycle gap agree.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from scpkg.queries.catalogue import (
    NOT_STATED,
    GapAnswer,
    GapFinding,
    Scope,
    Share,
    questions,
    run,
    statement,
)
from scpkg.queries.report.i18n import FAMILIES

if TYPE_CHECKING:
    from scpkg.store import GraphStore

STAGES = ("extraction", "design", "production", "distribution", "use", "end-of-life")
"""The six life-cycle stages in life-cycle order (the matrix rows); stage groups count for these."""

MATRIX_ROWS = (*STAGES, NOT_STATED)
"""The matrix rows: the six stages, then the instruments that name no stage."""

CELL_STATUSES = ("instrument", "no-instrument", "not-stated", "repealed-only", "no-data")
"""A matrix cell: live instruments found; none although case studies cover the scope; none known, but
instruments of that type name no stage; only repealed instruments; no case study covers the scope."""

SHARE_KEYS = {"framework-embedding": "share_q2", "measurability": "share_q3", "ministerial-silo": "share_q4"}
"""The questions with a share, and the message key naming what the share counts."""

DETAIL_POLICIES = 1000
"""A report over a scope of more policies than this is summarised (issue 11): see DETAIL_LIMIT. A country
with a handful of policies, and the bundled examples' world, stay below it and keep every finding;
``build_report(..., detail=True)`` (``scpkg report --detail``) keeps every finding whatever the size."""

DETAIL_LIMIT = 300
"""In a summarised report, a question with more findings than this is counted per status and country
from every finding, and lists EXAMPLES findings per group and the way to get them all; the matrix is read
without its per-cell evidence lists."""

POLICIES_STATEMENT = "report-policies-in-scope.cypher"

EXAMPLES = 3
"""Findings kept per (status, country) group of a summarised question."""

APPENDIX_LIMIT = 300
"""An evidence appendix citing more case studies than this is grouped by source document."""

BANNER_NAMES = 10
"""Illustrative case studies a banner names; past that it says how many more (a synthetic corpus is all
illustrative, and a world banner naming 10,000 titles says nothing)."""

MATRIX_COUNTS_STATEMENT = "report-coverage-matrix-counts.cypher"
"""The matrix without its per-cell evidence lists: what a summarised report reads (same counts)."""


@dataclass
class MatrixCell:
    """One (stage, instrument family) cell with the policies counted there and their case studies."""

    stage: str
    family: str
    policies: int
    status: str
    evidence: list[str] = field(default_factory=list)
    repealed: int = 0


@dataclass
class CoverageMatrix:
    """Stage × instrument family counts, with a 'not-stated' row (instruments that name no stage) and the
    live instruments per family (``totals``: each once, whatever its stages). ``covered`` is False when no
    case study covers the scope."""

    stages: list[str]
    families: list[str]
    cells: list[MatrixCell]
    covered: bool
    totals: dict[str, int] = field(default_factory=dict)
    repealed_totals: dict[str, int] = field(default_factory=dict)

    def cell(self, stage: str, family: str) -> MatrixCell:
        """The cell of a stage and a family."""
        return next(c for c in self.cells if c.stage == stage and c.family == family)


@dataclass
class MinistryBar:
    """Policies led by a ministry type (``None``: no lead body recorded)."""

    ministry: str | None
    policies: int


@dataclass
class Sdg1211Cell:
    """One (region, 12.1.1 item) cell: countries with at least one instrument, described and reported
    told apart, from the aggregate statement (never per-policy rows in Python)."""

    region: str
    region_name: str
    item: str
    countries: int
    described: int
    reported: int
    reported_only: int
    either: int
    described_countries: list[str] = field(default_factory=list)
    reported_only_countries: list[str] = field(default_factory=list)


SDG1211_STATEMENT = "report-sdg1211-table.cypher"


@dataclass
class CaseStudyRef:
    """A cited case study, as the evidence appendix lists it."""

    iri: str
    title: dict[str, str]
    source: dict[str, str]
    locator: str | None
    illustrative: bool

    @property
    def anchor(self) -> str:
        """The HTML id of its appendix entry: stable, derived from the IRI."""
        return anchor(self.iri)


@dataclass
class Report:
    """Everything a gap report shows, for one scope."""

    scope: Scope
    scope_names: dict[str, dict[str, str]]
    generated: str
    answers: list[GapAnswer]
    matrix: CoverageMatrix
    ministries: list[MinistryBar]
    case_studies: dict[str, CaseStudyRef]
    timings: dict[str, float] = field(default_factory=dict)
    exclude_illustrative: bool = False
    sdg1211: list[Sdg1211Cell] = field(default_factory=list)
    """The SDG 12.1.1 table (empty for a sector scope: reports are national totals)."""
    detail_limit: int | None = None
    """Set when the report is summarised: questions with more findings than this keep examples only."""

    @property
    def summarised(self) -> bool:
        """The report was built summarised (counts still cover every finding)."""
        return self.detail_limit is not None

    @property
    def appendix_grouped(self) -> bool:
        """The appendix cites too many case studies to list one by one: grouped by source document."""
        return len(self.case_studies) > APPENDIX_LIMIT

    @property
    def illustrative(self) -> list[str]:
        """The cited case studies marked illustrative: the report's banner lists them (a summarised answer
        names those of every finding, not only of the examples the report keeps)."""
        found = {iri for iri, cs in self.case_studies.items() if cs.illustrative}
        return sorted(found.union(*(a.illustrative_evidence for a in self.answers)))

    def counts(self) -> dict[str, int]:
        """Findings per status over every answer (the summary's totals row)."""
        out: dict[str, int] = {}
        for a in self.answers:
            for status, n in a.counts().items():
                out[status] = out.get(status, 0) + n
        return out

    def answer(self, question_id: str) -> GapAnswer | None:
        """The answer to a question, if the scope lets it be asked."""
        return next((a for a in self.answers if a.question.id == question_id), None)

    @property
    def shares(self) -> list[tuple[str, Share]]:
        """(question id, share) of the questions with a share, in question order."""
        return [(a.question.id, a.share) for a in self.answers if a.share is not None]

    @property
    def mea(self) -> list[GapFinding]:
        """The MEA transposition findings (party, obligation, status, evidence)."""
        a = self.answer("mea-transposition")
        return a.findings if a else []

    def sdg1211_grid(self) -> tuple[list[tuple[str, str]], list[str], dict[tuple[str, str], Sdg1211Cell]]:
        """The 12.1.1 table as rows (region code, name: the World first), columns (the categories, then
        coordination-mechanism) and cells."""
        from scpkg.ingest.crosswalk import COORDINATION

        last = str(COORDINATION).rsplit("/", 1)[-1]
        regions = sorted({(c.region, c.region_name) for c in self.sdg1211})
        items = sorted({c.item for c in self.sdg1211}, key=lambda i: (i == last, i))
        return regions, items, {(c.region, c.item): c for c in self.sdg1211}

    def slug(self) -> str:
        """A file-name stem for the scope: 'global', 'country-GHA', 'country-GHA-sector-food'."""
        parts = [f"{k}-{v}" for k, v in self.scope.params().items() if v is not None]
        return "-".join(parts) or "global"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: the JSON output, and what the other outputs are checked against."""
        return {
            "scope": asdict(self.scope),
            "scope_names": self.scope_names,
            "generated": self.generated,
            "exclude_illustrative": self.exclude_illustrative,
            "rests_on_illustrative": bool(self.illustrative),
            "illustrative_evidence": self.illustrative,
            "summarised": self.summarised,
            "detail_limit": self.detail_limit,
            "counts": self.counts(),
            "coverage_matrix": {
                "stages": self.matrix.stages,
                "families": self.matrix.families,
                "covered": self.matrix.covered,
                "cells": [asdict(c) for c in self.matrix.cells],
                "totals": self.matrix.totals,
                "repealed_totals": self.matrix.repealed_totals,
            },
            "lead_ministries": [asdict(m) for m in self.ministries],
            "shares": [{"question": q, **asdict(s)} for q, s in self.shares],
            "mea_transposition": [asdict(f) for f in self.mea],
            "sdg_12_1_1": [asdict(c) for c in self.sdg1211],
            "answers": [a.to_dict() for a in self.answers],
            "case_studies": [asdict(c) for c in self.case_studies.values()],
        }


def anchor(iri: str) -> str:
    """An HTML id for a case study: 'cs-' and the IRI's last segment, reduced to safe characters."""
    return "cs-" + re.sub(r"[^A-Za-z0-9_-]+", "-", iri.rstrip("/").rsplit("/", 1)[-1])


def build_report(
    store: GraphStore,
    scope: Scope | None = None,
    exclude_illustrative: bool = False,
    *,
    detail: bool | None = None,
) -> Report:
    """Ask the store everything the report shows for ``scope`` (global when None); time each part, since a
    global report over a large graph is the slow case the benchmark watches. ``exclude_illustrative`` is
    passed to every statement, so the matrix, the bars and the answers leave out the same case studies.

    ``detail``: None summarises the report when the scope holds more than :data:`DETAIL_POLICIES`
    policies; True keeps every finding (and the matrix's evidence) whatever the size; False summarises
    whatever the size (a question past :data:`DETAIL_LIMIT` findings keeps examples only)."""
    scope = scope or Scope()
    timings: dict[str, float] = {}
    params: dict[str, Any] = {**scope.params(), "exclude_illustrative": exclude_illustrative}
    t = time.perf_counter()
    if detail is None:
        policies = int(store.run(statement(POLICIES_STATEMENT), params)[0]["policies"])
        detail = policies <= DETAIL_POLICIES
    limit = None if detail else DETAIL_LIMIT
    summarised = limit is not None
    timings["scope size"] = time.perf_counter() - t

    answers = []
    for q in questions():  # as run_all, timing each question
        if all(k in q.scopes for k in scope.kinds):
            t = time.perf_counter()
            answers.append(
                run(store, q.id, scope, exclude_illustrative, summarise_over=limit, examples=EXAMPLES)
            )
            timings[f"q{q.number} {q.id}"] = time.perf_counter() - t

    t = time.perf_counter()
    rows = store.run(
        statement(MATRIX_COUNTS_STATEMENT if summarised else "report-coverage-matrix.cypher"), params
    )
    q1 = next((a for a in answers if a.question.id == "life-cycle-coverage"), None)
    covered = q1 is not None and any(n for s, n in q1.counts().items() if s != "no-data")
    matrix = _matrix(rows, covered)
    timings["coverage matrix"] = time.perf_counter() - t

    t = time.perf_counter()
    ministries = [
        MinistryBar(r["ministry"], int(r["policies"]))
        for r in store.run(statement("report-lead-ministries.cypher"), params)
    ]
    timings["lead ministries"] = time.perf_counter() - t

    t = time.perf_counter()
    sdg1211 = sdg1211_table(store, scope, exclude_illustrative)
    timings["sdg 12.1.1 table"] = time.perf_counter() - t

    t = time.perf_counter()
    names = _scope_names(store, scope)
    cited = sorted(
        {e for a in answers for e in a.evidence}
        | {e for c in matrix.cells for e in c.evidence}
        | {e for a in answers for e in a.illustrative_evidence[:BANNER_NAMES]}  # the banners name them
    )
    case_studies = _case_studies(store, cited)
    timings["evidence"] = time.perf_counter() - t

    return Report(
        scope,
        names,
        date.today().isoformat(),
        answers,
        matrix,
        ministries,
        case_studies,
        timings,
        exclude_illustrative,
        sdg1211,
        limit,
    )


def sdg1211_table(store: GraphStore, scope: Scope, exclude_illustrative: bool = False) -> list[Sdg1211Cell]:
    """The 12.1.1 table for a scope: one aggregate statement; none for a sector scope, since national
    reports give national totals and a sector's share of them is not known."""
    from scpkg.ingest import countries
    from scpkg.ingest.crosswalk import COORDINATION

    if scope.sector is not None:
        return []
    params: dict[str, Any] = {
        **scope.params(),
        "exclude_illustrative": exclude_illustrative,
        "world": countries.WORLD_M49,
        "coordination": str(COORDINATION),
    }
    cells = []
    for r in store.run(statement(SDG1211_STATEMENT), params):
        cells.append(
            Sdg1211Cell(
                str(r["region"]),
                str(r["region_name"] or r["region"]),
                str(r["item"]),
                int(r["countries"]),
                int(r["described"]),
                int(r["reported"]),
                int(r["reported_only"]),
                int(r["either"]),
                sorted(str(c) for c in r["described_countries"] or []),
                sorted(str(c) for c in r["reported_only_countries"] or []),
            )
        )
    return cells


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [x for item in value for x in _flatten(item)]
    return [str(value)]


def source_groups(report: Report) -> list[tuple[str, list[CaseStudyRef]]]:
    """The cited case studies grouped by source document (English name; '' for none), largest first: the
    appendix of a report that cites too many to list one by one."""
    groups: dict[str, list[CaseStudyRef]] = {}
    for cs in report.case_studies.values():
        groups.setdefault(cs.source.get("en", ""), []).append(cs)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _matrix(rows: list[dict[str, Any]], covered: bool) -> CoverageMatrix:
    from scpkg.store import REFERENCE_CASE

    found = {(r["stage"], r["family"]): r for r in rows}
    unstaged = {f for (stage, f), r in found.items() if stage == NOT_STATED and int(r["policies"]) > 0}
    cells = []
    for stage in MATRIX_ROWS:
        for family in FAMILIES:
            r = found.get((stage, family))
            live = int(r["policies"]) if r else 0
            gone = int(r["repealed"]) if r else 0
            if live:
                status, key = "instrument", "evidence"
            elif not covered:
                status, key = "no-data", ""
            elif gone:
                status, key = "repealed-only", "repealed_evidence"
            elif stage != NOT_STATED and family in unstaged:
                status, key = "not-stated", ""
            else:
                status, key = "no-instrument", ""
            # r.get: the counts-only statement of a summarised report has no evidence columns
            evidence = sorted(set(_flatten(r.get(key))) - {REFERENCE_CASE}) if r and key else []
            cells.append(MatrixCell(stage, family, live, status, evidence, gone))
    totals = {f: int(found[("total", f)]["policies"]) if ("total", f) in found else 0 for f in FAMILIES}
    gone = {f: int(found[("total", f)]["repealed"]) if ("total", f) in found else 0 for f in FAMILIES}
    return CoverageMatrix(list(MATRIX_ROWS), list(FAMILIES), cells, covered, totals, gone)


def _names(props: dict[str, Any] | None) -> dict[str, str]:
    """{language: name} from a reference node's prefLabel_xx / label_en properties."""
    if not props:
        return {}
    out = {k.removeprefix("prefLabel_"): str(v) for k, v in props.items() if k.startswith("prefLabel_")}
    if "en" not in out and props.get("label_en"):
        out["en"] = str(props["label_en"])
    return out


def _scope_names(store: GraphStore, scope: Scope) -> dict[str, dict[str, str]]:
    from scpkg.queries.report.i18n import LANGUAGES, sector_label

    out: dict[str, dict[str, str]] = {}
    if scope.country or scope.region:
        row = store.run(statement("report-scope.cypher"), scope.params())
        if row:
            if scope.country:
                out["country"] = _names(row[0]["country"])
            if scope.region:
                out["region"] = _names(row[0]["region"])
    if scope.sector:
        out["sector"] = {lang: sector_label(scope.sector, lang) for lang in LANGUAGES}
    return out


def _record(title: Any, identifier: Any, publisher: Any) -> str:
    """'Title (Publisher record ID)': a source named with its record identifier, where it has one."""
    values = identifier if isinstance(identifier, list) else [identifier] if identifier else []
    ids = [str(i) for i in values]
    if not ids:
        return str(title)
    who = f"{publisher} " if publisher and str(publisher) not in str(title) else ""
    return f"{title} ({who}record {', '.join(ids)})"


def _source_chain(row: dict[str, Any], lang: str) -> str:
    """The source as the appendix names it, with the record it was derived from: 'A, from B'."""
    text = _record(row[f"source_{lang}"], row.get("source_identifier"), row.get("source_publisher"))
    if row.get("upstream_en"):
        up = _record(row["upstream_en"], row.get("upstream_identifier"), row.get("upstream_publisher"))
        text += ", from " + up
    return text


def _case_studies(store: GraphStore, iris: list[str]) -> dict[str, CaseStudyRef]:
    out: dict[str, CaseStudyRef] = {}
    if not iris:
        return out
    for r in store.run(statement("report-case-studies.cypher"), {"iris": iris}):
        title = {k: str(r[f"title_{k}"]) for k in ("en", "zh") if r.get(f"title_{k}")}
        source = {k: _source_chain(r, k) for k in ("en", "zh") if r.get(f"source_{k}")}
        out[r["iri"]] = CaseStudyRef(r["iri"], title, source, r.get("locator"), bool(r.get("illustrative")))
    for iri in iris:  # cited but not (or no longer) in the store: still listed, so links resolve
        out.setdefault(iri, CaseStudyRef(iri, {}, {}, None, False))
    return dict(sorted(out.items()))
