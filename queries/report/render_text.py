"""The gap report as Markdown (to paste into a document or an issue), JSON (every number and finding,
for programs) and CSV (one table per kind of row, for spreadsheets). They print the numbers of the same
:class:`~scpkg.queries.report.build.Report` as the HTML page, so the outputs cannot disagree.

The Markdown and CSV list every finding; only the HTML caps rows per question. A summarised report
(a question past ``build.DETAIL_LIMIT`` findings) lists in every format the groups and examples it keeps.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape

from scpkg.csv_cells import safe_row
from scpkg.queries.catalogue import STATUSES, GapAnswer
from scpkg.queries.report.build import EXAMPLES, SHARE_KEYS, Report, anchor, source_groups
from scpkg.queries.report.i18n import family_label, item_label, message, ministry_label, stage_label
from scpkg.queries.report.render_html import (
    _case_names,
    _scope_text,
    matrix_marks,
    ordered,
    sdg1211_text,
    share_text,
)
from scpkg.queries.report.summary_text import summary_message

_COLUMNS = ("country", "sector", "stage", "policy", "hotspot")
"""Subject keys with their own CSV column (as `scpkg query run --format csv`); the rest go in `subject`."""


def render_json(report: Report) -> str:
    """Everything, as indented JSON (UTF-8 text, non-ASCII kept)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def _md(text: object) -> str:
    """A value safe inside a Markdown table cell."""
    return escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, lang: str = "en") -> str:
    """The report as GitHub-flavoured Markdown with headings in ``lang``."""
    m = lambda key: message(key, lang)  # noqa: E731 - a short alias keeps the layout readable
    out = [f"# {m('title')} — {_scope_text(report, lang)}", "", f"{m('generated')}: {report.generated}", ""]
    if report.exclude_illustrative:
        out += [f"> {m('illustrative_excluded')}", ""]
    if report.illustrative:
        text = m("illustrative_banner").format(
            n=len(report.illustrative), names=_case_names(report, report.illustrative, lang)
        )
        out += [f"> **{_md(text)}**", ""]

    out += [
        f"## {m('summary')}",
        "",
        m("statuses_note"),
        "",
        "| # | " + m("question") + " | " + " | ".join(m(s) for s in STATUSES) + " |",
    ]
    out.append("|---|---|" + "---|" * len(STATUSES))
    for a in report.answers:
        c = a.counts()
        title = a.question.title.get(lang) or a.question.title["en"]
        out.append(
            f"| {a.question.number} | {_md(title)} | " + " | ".join(str(c[s]) for s in STATUSES) + " |"
        )
    totals = report.counts()
    out.append(
        f"| | **{m('all_questions')}** | " + " | ".join(str(totals.get(s, 0)) for s in STATUSES) + " |"
    )

    mx = report.matrix
    marks = matrix_marks(lang)
    out += ["", f"## {m('coverage_matrix')}", "", m("coverage_matrix_note"), ""]
    out.append(f"| {m('stage')} | " + " | ".join(_md(family_label(f, lang)) for f in mx.families) + " |")
    out.append("|---|" + "---|" * len(mx.families))
    for stage in mx.stages:
        cells = [mx.cell(stage, f) for f in mx.families]
        shown = [str(c.policies) if c.status == "instrument" else f"*{marks[c.status]}*" for c in cells]
        out.append(f"| {_md(stage_label(stage, lang))} | " + " | ".join(shown) + " |")
    out.append(
        f"| **{m('total')}** | "
        + " | ".join(
            str(mx.totals.get(f, 0))
            + (f" (+{mx.repealed_totals[f]} {marks['repealed-only']})" if mx.repealed_totals.get(f) else "")
            for f in mx.families
        )
        + " |"
    )

    out += [
        "",
        f"## {m('lead_ministries')}",
        "",
        f"| {m('lead_ministries')} | {m('policies')} |",
        "|---|---|",
    ]
    out += [f"| {_md(ministry_label(b.ministry, lang))} | {b.policies} |" for b in report.ministries]

    out += ["", f"## {m('shares')}", "", f"| | {m('in_scope')} | {m('document_figure')} |", "|---|---|---|"]
    for qid, sh in report.shares:
        ref = "—" if sh.reference is None else f"{sh.reference:.0%}"
        text = share_text(sh.numerator, sh.denominator, sh.value, lang)
        out.append(
            f"| {_md(m(SHARE_KEYS[qid]) if qid in SHARE_KEYS else qid)} | {text} | "
            f"{ref} ({sh.reference_source}) |"
        )

    out += [
        "",
        f"## {m('mea_transposition')}",
        "",
        f"| {m('party')} | {m('agreement')} | {m('status')} | {m('evidence')} |",
    ]
    out.append("|---|---|---|---|")
    for f in report.mea:
        ob = (
            f.subject.get("mea_label") or f.subject.get("obligation_label") or f.subject.get("obligation", "")
        )
        out.append(
            f"| {f.subject.get('country', '')} | {_md(ob)} | {m(f.status)} | "
            f"{_links(report, f.evidence, lang)} |"
        )

    regions, items, grid = report.sdg1211_grid()
    if regions:
        out += ["", f"## {m('sdg1211_table')}", "", _md(m("sdg1211_note")), ""]
        out.append(
            f"| {m('region')} | {m('countries')} | "
            + " | ".join(_md(item_label(i, lang)) for i in items)
            + " |"
        )
        out.append("|---|---|" + "---|" * len(items))
        for code, name in regions:
            cells = [grid[(code, i)] for i in items if (code, i) in grid]
            n = cells[0].countries if cells else 0
            texts = [sdg1211_text(grid[(code, i)], lang) if (code, i) in grid else "—" for i in items]
            out.append(f"| {_md(name)} ({code}) | {n} | " + " | ".join(_md(t) for t in texts) + " |")

    out += ["", f"## {m('questions')}"]
    for a in report.answers:
        q = a.question
        out += [
            "",
            f"### {q.number}. {q.title.get(lang) or q.title['en']}",
            "",
            f"*{q.question.get(lang) or q.question['en']}*",
            "",
        ]
        out.append(f"{m('source_finding')} ({q.source}): {q.finding}")
        if q.rules:
            out += ["", f"{m('rules')}:", ""] + [f"- {_md(r)}" for r in q.rules]
        if a.rests_on_illustrative:
            text = m("illustrative_banner").format(
                n=len(a.illustrative_evidence), names=_case_names(report, a.illustrative_evidence, lang)
            )
            out += ["", f"> **{_md(text)}**"]
        if a.share is not None:
            out += ["", share_text(a.share.numerator, a.share.denominator, a.share.value, lang)]
        if not a.complete:
            out += _md_groups(report, a, lang)
            continue
        out += ["", f"| {m('status')} | {m('finding')} | {m('evidence')} |", "|---|---|---|"]
        out += [
            f"| {m(f.status)} | {_md(f.detail)} | {_links(report, f.evidence, lang)} |"
            for f in ordered(a.findings)
        ]

    out += ["", f"## {m('evidence_appendix')}", ""]
    if report.appendix_grouped:
        return "\n".join(out + _md_appendix_grouped(report, lang)) + "\n"
    for cs in report.case_studies.values():
        title = cs.title.get(lang) or cs.title.get("en") or cs.iri
        source = cs.source.get(lang) or cs.source.get("en") or "—"
        out.append(
            f'- <a id="{cs.anchor}"></a>**{_md(title)}** — <{cs.iri}> — '
            f"{m('source_document')}: {_md(source)}; "
            f"{m('paragraph')}: {cs.locator or '—'}"
        )
    return "\n".join(out) + "\n"


def _md_groups(report: Report, a: GapAnswer, lang: str) -> list[str]:
    """A summarised answer as the HTML shows it: the listed statuses per country with examples."""
    from scpkg.queries.report.render_html import LISTED

    sm = lambda key: summary_message(key, lang)  # noqa: E731
    q = a.question
    limit = report.detail_limit if report.detail_limit is not None else 0
    out = ["", _md(sm("summarised_note").format(limit=limit, examples=EXAMPLES, number=q.number, id=q.id))]
    out += [
        "",
        f"| {message('status', lang)} | {message('country', lang)} | {sm('group_findings')} | "
        f"{sm('group_examples')} |",
        "|---|---|---|---|",
    ]
    for g in a.groups:
        if g.status not in LISTED:
            continue
        shown = [f"{_md(f.detail)} ({_links(report, f.evidence, lang)})" for f in g.examples]
        if g.more > 0:
            shown.append(sm("group_more").format(n=g.more))
        out.append(
            f"| {message(g.status, lang)} | {g.country or sm('group_country_none')} | {g.count} | "
            + "<br>".join(shown)
            + " |"
        )
    for status in STATUSES:
        groups = [g for g in a.groups if g.status == status]
        if status not in LISTED and groups:
            text = sm("status_countries").format(
                status=message(status, lang), n=sum(g.count for g in groups), countries=len(groups)
            )
            out += ["", _md(text)]
    return out


def _md_appendix_grouped(report: Report, lang: str) -> list[str]:
    sm = lambda key: summary_message(key, lang)  # noqa: E731
    out = [_md(sm("appendix_grouped").format(n=len(report.case_studies))), ""]
    for source, cases in source_groups(report):
        out += [f"### {_md(source or sm('no_source'))} ({sm('case_studies_n').format(n=len(cases))})", ""]
        out += [
            f'- <a id="{cs.anchor}"></a>{_md(cs.title.get(lang) or cs.title.get("en") or cs.iri)}'
            f" — {message('paragraph', lang)}: {cs.locator or '—'}"
            for cs in cases
        ]
        out.append("")
    return out


def _links(report: Report, iris: list[str], lang: str) -> str:
    if not iris:
        return "—"
    out = []
    for iri in iris:
        cs = report.case_studies.get(iri)
        title = (cs.title.get(lang) or cs.title.get("en")) if cs else None
        out.append(f"[{_md(title or iri.rsplit('/', 1)[-1])}](#{anchor(iri)})")
    return "; ".join(out)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(safe_row(header))
    w.writerows(safe_row(row) for row in rows)  # a title "=cmd|..." is text, never a formula
    return buf.getvalue()


def render_csv(report: Report) -> dict[str, str]:
    """One CSV text per table, keyed by the file-name suffix: summary (findings per status), findings,
    matrix (with a 'not-stated' stage row and a 'total' row), ministries, shares, case studies. Codes, not
    labels, so the files join with other data. A summarised report's findings table holds the examples
    it keeps, and a 'groups' table counts every finding per (question, status, country)."""
    findings = [
        [
            a.question.id,
            f.status,
            *(f.subject.get(c, "") for c in _COLUMNS),
            f.detail,
            " ".join(f.evidence),
            " ".join(f.facts),
            json.dumps({k: v for k, v in f.subject.items() if k not in _COLUMNS}, ensure_ascii=False),
        ]
        for a in report.answers
        for f in a.findings
    ]
    matrix = [
        [c.stage, c.family, c.policies, c.repealed, c.status, " ".join(c.evidence)]
        for c in report.matrix.cells
    ]
    matrix += [
        ["total", f, report.matrix.totals.get(f, 0), report.matrix.repealed_totals.get(f, 0), "total", ""]
        for f in report.matrix.families
    ]
    summary = [
        [a.question.id, *(a.counts()[s] for s in STATUSES), a.rests_on_illustrative] for a in report.answers
    ]
    totals = report.counts()
    summary.append(["total", *(totals.get(s, 0) for s in STATUSES), bool(report.illustrative)])
    ministries = [[b.ministry or "", b.policies] for b in report.ministries]
    shares = [
        [q, s.numerator, s.denominator, "" if s.value is None else s.value, s.reference, s.reference_source]
        for q, s in report.shares
    ]
    cases = [
        [cs.iri, cs.title.get("en", ""), cs.source.get("en", ""), cs.locator or "", cs.illustrative]
        for cs in report.case_studies.values()
    ]
    groups = [
        [a.question.id, g.status, g.country, g.count, len(g.examples), g.more]
        for a in report.answers
        for g in a.groups
    ]
    extra = (
        {"groups": _csv(["question", "status", "country", "findings", "shown", "more"], groups)}
        if report.summarised
        else {}
    )
    return {
        **extra,
        "summary": _csv(["question", *STATUSES, "rests_on_illustrative"], summary),
        "findings": _csv(
            ["question", "status", *_COLUMNS, "detail", "evidence", "facts", "subject"], findings
        ),
        "matrix": _csv(["stage", "family", "policies", "repealed", "status", "evidence"], matrix),
        "ministries": _csv(["ministry_type", "policies"], ministries),
        "shares": _csv(
            ["question", "numerator", "denominator", "value", "reference", "reference_source"], shares
        ),
        "case-studies": _csv(["iri", "title", "source_document", "paragraph", "illustrative"], cases),
        "sdg-12-1-1": _csv(
            [
                "region",
                "region_name",
                "item",
                "countries",
                "described",
                "reported",
                "reported_only",
                "at_least_one",
                "described_countries",
                "reported_only_countries",
            ],
            [
                [
                    c.region,
                    c.region_name,
                    c.item,
                    c.countries,
                    c.described,
                    c.reported,
                    c.reported_only,
                    c.either,
                    " ".join(c.described_countries),
                    " ".join(c.reported_only_countries),
                ]
                for c in report.sdg1211
            ],
        ),
    }
