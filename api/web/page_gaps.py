"""The gap side of a country (and of a comparison): the stage × instrument-type matrix, the ten questions'
statuses and MEA transposition, as rows a template shows and a download repeats.

Everything comes from one :func:`scpkg.queries.report.build_report` for the country's scope, so a page,
the gap report and ``scpkg query run`` say the same; nothing here counts or judges on its own.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from scpkg.queries.catalogue import STATUSES, Scope
from scpkg.queries.report.build import Report, build_report
from scpkg.queries.report.i18n import family_label, stage_label

CELL_STATUS_CLASS = {
    "instrument": "status-covered",
    "no-instrument": "status-gap",
    "not-stated": "status-not-stated",
    "repealed-only": "status-repealed-only",
    "no-data": "status-no-data",
}
"""A matrix cell's status as the base stylesheet colours it."""


@dataclass
class Cell:
    """One matrix cell as shown: the count, what an empty cell means, and a search link."""

    stage: str
    family: str
    policies: int
    status: str
    href: str | None


@dataclass
class QuestionRow:
    """One gap question for one scope: its findings per status (zero ones left out)."""

    number: int
    id: str
    title: str
    title_lang: str | None
    counts: dict[str, int]
    rests_on_illustrative: bool


@dataclass
class MeaRow:
    """One (party, MEA) finding of question 6."""

    mea: str
    status: str
    detail: str


@dataclass
class GapView:
    """What a country page (or a comparison column) shows of the gap report."""

    iso3: str
    covered: bool
    stages: list[str]
    families: list[str]
    cells: dict[tuple[str, str], Cell]
    totals: dict[str, int]
    questions: list[QuestionRow]
    meas: list[MeaRow]
    counts: dict[str, int]
    illustrative: list[str] = field(default_factory=list)


CACHE_SECONDS = 60.0
"""How long a page reuses a scope's gap answers. The ten questions and the matrix take seconds on a
large store (their statements scan the policies for a country scope), far over what a page may cost;
the page says when its answers were computed, so a reader is never shown old numbers as new ones."""

_CACHE: weakref.WeakKeyDictionary[Any, dict[str, tuple[float, Any]]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 512


def cached(store: Any, key: str, compute: Callable[[], Any]) -> tuple[float, Any]:
    """(computed at, value) of ``compute()`` for ``key`` on this store, reused for
    :data:`CACHE_SECONDS` (synchronous: call it in a worker thread). Per store object, so two stores
    served by one process never share answers."""
    now = time.time()
    with _CACHE_LOCK:
        hit = _CACHE.setdefault(store, {}).get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit
    value = (now, compute())
    with _CACHE_LOCK:
        entries = _CACHE.setdefault(store, {})
        entries[key] = value
        while len(entries) > _CACHE_SIZE:
            entries.pop(min(entries, key=lambda k: entries[k][0]))
    return value


def gap_report(store: Any, iso3: str) -> tuple[float, Report]:
    """(computed at, the country's gap report), from :func:`cached`."""
    return cached(store, f"country:{iso3}", lambda: build_report(store, Scope(country=iso3)))


def region_answers(store: Any, m49: str) -> tuple[float, list[Any]]:
    """(computed at, the ten answers for a region), from :func:`cached`."""
    from scpkg.queries.catalogue import run_all

    return cached(store, f"region:{m49}", lambda: run_all(store, Scope(region=m49)))


def search_href(**params: str) -> str:
    """A link to the search (W1's home page) with facet parameters."""
    return "/?" + urlencode(params)


def gap_view(report: Report, iso3: str, lang: str) -> GapView:
    """The rows of a country's report, in the page's language."""
    m = report.matrix
    cells: dict[tuple[str, str], Cell] = {}
    for c in m.cells:
        href = None
        if c.policies:
            params = {"country": iso3, "type": c.family, "lang": lang}
            if c.stage != "not-stated":
                params["stage"] = c.stage
            href = search_href(**params) if c.family != "unspecified" else None
        cells[(c.stage, c.family)] = Cell(c.stage, c.family, c.policies, c.status, href)
    questions = []
    for a in report.answers:
        title = a.question.title.get(lang)
        questions.append(
            QuestionRow(
                a.question.number,
                a.question.id,
                title or a.question.title.get("en", a.question.id),
                None if title else "en",
                {s: n for s, n in a.counts().items() if n},
                a.rests_on_illustrative,
            )
        )
    meas = [
        MeaRow(str(f.subject.get("mea_label") or f.subject.get("mea", "")), f.status, f.detail)
        for f in report.mea
    ]
    return GapView(
        iso3,
        m.covered,
        list(m.stages),
        list(m.families),
        cells,
        dict(m.totals),
        questions,
        sorted(meas, key=lambda r: r.mea),
        report.counts(),
        report.illustrative,
    )


def stage_name(code: str, lang: str, not_stated: str) -> str:
    """A matrix row's name: the ontology's label, or the page's words for 'stage not stated'."""
    return not_stated if code == "not-stated" else stage_label(code, lang)


def family_name(code: str, lang: str, unspecified: str) -> str:
    """A matrix column's name: the ontology's label, or the page's words for 'type not stated'."""
    return unspecified if code == "unspecified" else family_label(code, lang)


def status_text(t: Any, status: str) -> str:
    """A finding's or a cell's status in the page's words."""
    return t(f"pg_status_{status.replace('-', '_')}")


def counts_text(t: Any, counts: dict[str, int]) -> str:
    """'2 gap; 1 covered' in the page's words, statuses in the catalogue's order."""
    return "; ".join(f"{counts[s]} {status_text(t, s)}" for s in STATUSES if counts.get(s))


def matrix_rows(view: GapView, t: Any, lang: str) -> tuple[list[str], list[list[Any]]]:
    """The matrix as a download: one row per stage, one column per instrument type (count or status)."""
    headers = [t("pg_matrix_stage")] + [family_name(f, lang, t("pg_type_not_stated")) for f in view.families]
    rows: list[list[Any]] = []
    for stage in view.stages:
        row: list[Any] = [stage_name(stage, lang, t("pg_stage_not_stated"))]
        for family in view.families:
            cell = view.cells[(stage, family)]
            row.append(cell.policies if cell.policies else status_text(t, "cell_" + cell.status))
        rows.append(row)
    rows.append([t("pg_matrix_total")] + [view.totals.get(f, 0) for f in view.families])
    return headers, rows


def question_rows(view: GapView, t: Any) -> tuple[list[str], list[list[Any]]]:
    """The ten questions' statuses as a download: one row per question, one column per status."""
    headers = [t("pg_question_number"), t("pg_question"), *[status_text(t, s) for s in STATUSES]]
    rows = [[q.number, q.title, *[q.counts.get(s, 0) for s in STATUSES]] for q in view.questions]
    return headers, rows


def mea_rows(view: GapView, t: Any) -> tuple[list[str], list[list[Any]]]:
    """Question 6 per MEA as a download."""
    return [t("pg_mea"), t("pg_status"), t("pg_finding")], [
        [m.mea, status_text(t, m.status), m.detail] for m in view.meas
    ]
