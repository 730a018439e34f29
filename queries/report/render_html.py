"""The gap report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, no font
and no image fetched from anywhere, so it can be mailed, archived or opened offline.

Every value that reaches the page goes through ``html.escape`` (case-study titles and policy names are
user data). Every claim links to its evidence: finding rows and matrix cells cite case studies by title,
linking to the "Evidence" appendix, which gives each one's source document and paragraph.
"""

from __future__ import annotations

from html import escape

from scpkg.queries.catalogue import STATUSES, GapAnswer, GapFinding
from scpkg.queries.report.build import (
    BANNER_NAMES,
    EXAMPLES,
    SHARE_KEYS,
    CaseStudyRef,
    Report,
    Sdg1211Cell,
    source_groups,
)
from scpkg.queries.report.charts import bar_svg, matrix_svg, share_svg
from scpkg.queries.report.i18n import (
    direction,
    family_label,
    item_label,
    label_iri,
    message,
    ministry_label,
    sector_label,
    stage_label,
)
from scpkg.queries.report.summary_text import summary_message

MAX_ROWS = 300
"""Findings shown per question; a global report over a large graph has one per policy, and the full
list is in the JSON and CSV outputs. Gaps are shown first."""

SECTION_IDS = ("summary", "coverage-matrix", "lead-ministries", "shares", "mea-transposition", "questions")
"""The ids of the fixed sections (then one ``q-<id>`` per question and ``evidence``)."""

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;margin:0;
color:#1d1d1f;background:#fafafa;line-height:1.45}
header{background:#0b2545;color:#fff;padding:1.2rem 2rem}header h1{margin:0 0 .3rem;font-size:1.6rem}
header p{margin:.1rem 0;opacity:.9}main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
nav ol{columns:2;font-size:.95rem}section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;
padding:.6rem 1.2rem 1rem;margin:1rem 0}h2{font-size:1.25rem;border-bottom:2px solid #0b2545;
padding-bottom:.2rem}h3{font-size:1.08rem;margin-top:1.4rem}table{border-collapse:collapse;width:100%;
font-size:.9rem}th,td{border-bottom:1px solid #e6e6e6;padding:.3rem .45rem;text-align:start;
vertical-align:top}th{background:#f1f4f8}.note{color:#555;font-size:.9rem}.status{font-weight:600;
white-space:nowrap;border-radius:3px;padding:0 .35rem}.st-gap{background:#fde2e1;color:#8a1c1c}
.st-covered{background:#dff3e4;color:#1c5e2d}.st-reported-not-described{background:#e0f0fa;color:#1d4f6e}.st-no-data{background:#eeeeee;color:#555}
.st-not-stated{background:#fff4cc;color:#6b5200}.st-repealed-only{background:#e8e0f5;color:#4b2c7f}
.banner{background:#fff4cc;border:2px solid #f0b429;border-radius:6px;padding:.7rem 1.2rem;margin:1rem 0;
font-weight:600}.banner.excluded{background:#eef6ff;border-color:#7aa7d9}tfoot td{font-weight:600}
.chart{max-width:100%;height:auto;direction:ltr}.legend span{display:inline-block;margin-inline-end:1rem;
font-size:.85rem}
.sw{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle;margin-inline-end:.3rem;
border:1px solid #ccc}.ev a{white-space:nowrap}dl.cs dt{font-weight:600;margin-top:.6rem}
dl.cs dd{margin-inline-start:1rem;font-size:.9rem}.iri{font-family:ui-monospace,monospace;font-size:.8rem;
color:#555;word-break:break-all}:target{outline:3px solid #f0b429}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def render_html(report: Report, lang: str = "en") -> str:
    """The whole page for ``report`` with headings and labels in ``lang``."""
    m = lambda key: message(key, lang)  # noqa: E731 - a short alias keeps the markup readable
    scope = _scope_text(report, lang)
    rtl = ' dir="rtl"' if direction(lang) == "rtl" else ""  # Arabic; left to right is the default
    parts = [
        f'<!DOCTYPE html><html lang="{_e(lang)}"{rtl}><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{_e(m('title'))} — {_e(scope)}</title><style>{_CSS}</style></head><body>",
        f'<header><h1 id="top">{_e(m("title"))}</h1><p>{_e(m("scope"))}: <strong>{_e(scope)}</strong></p>',
        f"<p>{_e(m('generated'))}: {_e(report.generated)}</p></header><main>",
        _banner(report, lang),
        _contents(report, lang),
        _summary(report, lang),
        _matrix(report, lang),
        _ministries(report, lang),
        _shares(report, lang),
        _mea(report, lang),
        _sdg1211(report, lang),
        f'<section id="questions"><h2>{_e(m("questions"))}</h2>',
        *(_question(report, a, lang) for a in report.answers),
        "</section>",
        _appendix(report, lang),
        "</main></body></html>",
    ]
    return "\n".join(parts)


def _scope_text(report: Report, lang: str) -> str:
    s = report.scope
    if not any(s.params().values()):
        return message("global", lang)
    out = []
    for kind in ("country", "region", "sector"):
        code = getattr(s, kind)
        if code is None:
            continue
        names = report.scope_names.get(kind, {})
        name = names.get(lang) or names.get("en") or code
        out.append(
            f"{message(kind, lang)} {name} ({code})" if name != code else f"{message(kind, lang)} {code}"
        )
    return ", ".join(out)


def _banner(report: Report, lang: str) -> str:
    """The illustrative-evidence warning, at the top where nobody misses it (or the note that such case
    studies were left out)."""
    out = []
    if report.exclude_illustrative:
        out.append(f'<p class="banner excluded" role="note">{_e(message("illustrative_excluded", lang))}</p>')
    if report.illustrative:
        text = message("illustrative_banner", lang).format(
            n=len(report.illustrative), names=_case_names(report, report.illustrative, lang)
        )
        out.append(f'<p class="banner illustrative" role="alert" id="illustrative">{_e(text)}</p>')
    return "".join(out)


def _case_names(report: Report, iris: list[str], lang: str) -> str:
    """The case studies' titles, the first BANNER_NAMES of them, then how many more."""
    names = []
    more = len(iris) - BANNER_NAMES
    iris = iris[:BANNER_NAMES]
    for iri in iris:
        cs = report.case_studies.get(iri)
        names.append(
            (cs.title.get(lang) or cs.title.get("en")) if cs and cs.title else iri.rsplit("/", 1)[-1]
        )
    if more > 0:
        names.append(summary_message("banner_more", lang).format(n=more))
    return "; ".join(names)


def _contents(report: Report, lang: str) -> str:
    items = [
        ("summary", message("summary", lang)),
        ("coverage-matrix", message("coverage_matrix", lang)),
        ("lead-ministries", message("lead_ministries", lang)),
        ("shares", message("shares", lang)),
        ("mea-transposition", message("mea_transposition", lang)),
        *((("sdg-12-1-1", message("sdg1211_table", lang)),) if report.sdg1211 else ()),
        *((f"q-{a.question.id}", f"{a.question.number}. {_title(a, lang)}") for a in report.answers),
        ("evidence", message("evidence_appendix", lang)),
    ]
    links = "".join(f'<li><a href="#{_e(i)}">{_e(t)}</a></li>' for i, t in items)
    heading = _e(message("contents", lang))
    return f'<nav aria-label="{heading}"><h2>{heading}</h2><ol>{links}</ol></nav>'


def _title(a: GapAnswer, lang: str) -> str:
    return a.question.title.get(lang) or a.question.title["en"]


def _summary(report: Report, lang: str) -> str:
    head = "".join(f"<th>{_e(message(s, lang))}</th>" for s in STATUSES)
    rows = []
    for a in report.answers:
        counts = a.counts()
        cells = "".join(f'<td data-status="{_e(s)}">{counts[s]}</td>' for s in STATUSES)
        rows.append(
            f'<tr data-question="{_e(a.question.id)}"><td>{a.question.number}</td>'
            f'<td><a href="#q-{_e(a.question.id)}">{_e(_title(a, lang))}</a></td>{cells}</tr>'
        )
    totals = report.counts()
    foot = "".join(f'<td data-status="{_e(s)}">{totals.get(s, 0)}</td>' for s in STATUSES)
    return (
        f'<section id="summary"><h2>{_e(message("summary", lang))}</h2>'
        f'<p class="note">{_e(message("statuses_note", lang))}</p><table><thead><tr><th>#</th>'
        f"<th>{_e(message('question', lang))}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr data-question="total"><td></td><td>{_e(message("all_questions", lang))}</td>{foot}</tr>'
        "</tfoot></table></section>"
    )


def _matrix(report: Report, lang: str) -> str:
    mx = report.matrix
    marks = matrix_marks(lang)
    svg = matrix_svg(
        mx,
        {s: stage_label(s, lang) for s in mx.stages},
        {f: family_label(f, lang) for f in mx.families},
        marks,
        message("coverage_matrix", lang),
    )
    cited = sorted({e for c in mx.cells for e in c.evidence})
    legend = (
        '<p class="legend"><span><i class="sw" style="background:hsl(210,70%,60%)"></i>'
        f"{_e(message('policies', lang))}</span>"
        f'<span><i class="sw" style="background:#fde2e1"></i>{_e(marks["no-instrument"])}</span>'
        f'<span><i class="sw" style="background:#fff4cc"></i>{_e(marks["not-stated"])}</span>'
        f'<span><i class="sw" style="background:#e8e0f5"></i>{_e(marks["repealed-only"])}</span>'
        f'<span><i class="sw" style="background:#eeeeee"></i>{_e(marks["no-data"])}</span></p>'
    )
    head = "".join(f"<th>{_e(family_label(f, lang))}</th>" for f in mx.families)
    totals = "".join(
        f'<td data-family="{_e(f)}" data-total="{mx.totals.get(f, 0)}">{mx.totals.get(f, 0)}'
        + (f" (+{mx.repealed_totals[f]} {_e(marks['repealed-only'])})" if mx.repealed_totals.get(f) else "")
        + "</td>"
        for f in mx.families
    )
    table = (
        f'<table class="totals"><thead><tr><th>{_e(message("instrument_type", lang))}</th>{head}</tr></thead>'
        f"<tbody><tr><td>{_e(message('total', lang))}</td>{totals}</tr></tbody></table>"
    )
    return (
        f'<section id="coverage-matrix"><h2>{_e(message("coverage_matrix", lang))}</h2>'
        f'<p class="note">{_e(message("coverage_matrix_note", lang))}</p>{svg}{legend}{table}'
        + (  # a summarised report reads the counts without the per-cell lists of case studies
            ""
            if report.summarised
            else f'<p class="ev">{_e(message("evidence", lang))}: {_evidence(report, cited, lang)}</p>'
        )
        + "</section>"
    )


def matrix_marks(lang: str) -> dict[str, str]:
    """The words an empty matrix cell shows, by cell status (shared with the Markdown output)."""
    return {
        "no-instrument": message("no_instrument", lang),
        "not-stated": message("not_stated", lang),
        "repealed-only": message("repealed_only", lang),
        "no-data": message("no_data", lang),
    }


def _ministries(report: Report, lang: str) -> str:
    bars = [(b.ministry or "none", ministry_label(b.ministry, lang), b.policies) for b in report.ministries]
    body = (
        bar_svg(bars, message("lead_ministries", lang), message("policies", lang))
        if bars
        else f'<p class="note">{_e(message("no_policy", lang))}</p>'
    )
    return (
        f'<section id="lead-ministries"><h2>{_e(message("lead_ministries", lang))}</h2>'
        f'<p class="note">{_e(message("lead_ministries_note", lang))}</p>{body}</section>'
    )


def share_text(numerator: int, denominator: int, value: float | None, lang: str) -> str:
    """'3/8 = 38%' or the words for 'no policy in scope' (shared with the Markdown output)."""
    if value is None:
        return message("no_policy", lang)
    return f"{numerator}/{denominator} = {value:.0%}"


def _shares(report: Report, lang: str) -> str:
    rows = []
    table = []
    for qid, sh in report.shares:
        label = message(SHARE_KEYS.get(qid, qid), lang) if qid in SHARE_KEYS else qid
        text = share_text(sh.numerator, sh.denominator, sh.value, lang)
        rows.append((qid, label, sh.value, sh.reference, text))
        ref = "—" if sh.reference is None else f"{sh.reference:.0%}"
        table.append(
            f'<tr data-question="{_e(qid)}"><td><a href="#q-{_e(qid)}">{_e(label)}</a></td>'
            f"<td>{_e(text)}</td><td>{_e(ref)} ({_e(sh.reference_source)})</td></tr>"
        )
    svg = share_svg(rows, message("shares", lang), message("document_figure", lang)) if rows else ""
    return (
        f'<section id="shares"><h2>{_e(message("shares", lang))}</h2>'
        f'<p class="note">{_e(message("shares_note", lang))}</p>{svg}'
        f"<table><thead><tr><th></th><th>{_e(message('in_scope', lang))}</th>"
        f"<th>{_e(message('document_figure', lang))}</th></tr></thead><tbody>{''.join(table)}</tbody>"
        "</table></section>"
    )


def _status(status: str, lang: str) -> str:
    return f'<span class="status st-{_e(status)}">{_e(message(status, lang))}</span>'


def _mea(report: Report, lang: str) -> str:
    rows = []
    for f in report.mea:
        obligation = (
            (label_iri(f.subject["mea"], lang) if f.subject.get("mea") else None)
            or f.subject.get("obligation_label")
            or label_iri(f.subject.get("obligation", ""), lang)
        )
        rows.append(
            f'<tr data-country="{_e(f.subject.get("country", ""))}" data-status="{_e(f.status)}">'
            f"<td>{_e(f.subject.get('country', ''))}</td><td>{_e(obligation)}</td>"
            f"<td>{_status(f.status, lang)}</td>"
            f"<td class='ev'>{_evidence(report, f.evidence, lang)}</td></tr>"
        )
    return (
        f'<section id="mea-transposition"><h2>{_e(message("mea_transposition", lang))}</h2>'
        f"<table><thead><tr><th>{_e(message('party', lang))}</th><th>{_e(message('agreement', lang))}</th>"
        f"<th>{_e(message('status', lang))}</th><th>{_e(message('evidence', lang))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def sdg1211_text(cell: Sdg1211Cell, lang: str) -> str:
    """'3 (described 2, reported, not described 1)': countries with at least one, and how they are known."""
    return (
        f"{cell.either} ({message('described', lang)} {cell.described}, "
        f"{message('reported_only', lang)} {cell.reported_only})"
    )


def _sdg1211(report: Report, lang: str) -> str:
    """The 12.1.1 table: a row per region, a column per category and coordination mechanism."""
    regions, items, grid = report.sdg1211_grid()
    if not regions:
        return ""
    m = lambda key: message(key, lang)  # noqa: E731
    head = "".join(f"<th>{_e(item_label(i, lang))}</th>" for i in items)
    rows = []
    for code, name in regions:
        cells = []
        n = 0
        for i in items:
            c = grid.get((code, i))
            if c is None:
                cells.append("<td>—</td>")
                continue
            n = c.countries
            title = " ".join(c.described_countries + c.reported_only_countries)
            cells.append(
                f'<td data-item="{_e(i)}" data-either="{c.either}" data-described="{c.described}" '
                f'data-reported-only="{c.reported_only}" title="{_e(title)}">{_e(sdg1211_text(c, lang))}</td>'
            )
        rows.append(
            f'<tr data-region="{_e(code)}"><th>{_e(name)} ({_e(code)})</th><td>{n}</td>{"".join(cells)}</tr>'
        )
    return (
        f'<section id="sdg-12-1-1"><h2>{_e(m("sdg1211_table"))}</h2>'
        f'<p class="note">{_e(m("sdg1211_note"))}</p>'
        f"<table><thead><tr><th>{_e(m('region'))}</th><th>{_e(m('countries'))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def ordered(findings: list[GapFinding]) -> list[GapFinding]:
    """Gaps first, then not stated, repealed only, no data, covered (the order of interest), stable
    otherwise."""
    rank = {"gap": 0, "not-stated": 1, "repealed-only": 2, "no-data": 3, "covered": 4}
    return sorted(findings, key=lambda f: rank.get(f.status, 5))


def _question(report: Report, a: GapAnswer, lang: str) -> str:
    q = a.question
    counts = a.counts()
    summary = ", ".join(f"{counts[s]} {message(s if s != 'gap' else 'gaps', lang)}" for s in STATUSES)
    share = ""
    if a.share is not None:
        text = share_text(a.share.numerator, a.share.denominator, a.share.value, lang)
        ref = (
            ""
            if a.share.reference is None
            else f" — {message('document_figure', lang)} {a.share.reference:.0%}"
        )
        share = f'<p class="share">{_e(text)}{_e(ref)} ({_e(a.share.reference_source)})</p>'
    if not a.complete:
        return _question_head(report, a, lang, summary, share) + _groups(report, a, lang) + "</section>"
    shown = ordered(a.findings)[:MAX_ROWS]
    rows = "".join(
        f'<tr data-status="{_e(f.status)}"><td>{_status(f.status, lang)}</td><td>{_e(_detail(f, lang))}</td>'
        f"<td class='ev'>{_evidence(report, f.evidence, lang)}</td></tr>"
        for f in shown
    )
    more = len(a.findings) - len(shown)
    more_text = f'<p class="note">{_e(message("more_rows", lang).format(n=more))}</p>' if more > 0 else ""
    return (
        f'<section id="q-{_e(q.id)}" class="question" data-question="{_e(q.id)}">'
        f"<h3>{q.number}. {_e(_title(a, lang))}</h3>"
        f"<p><em>{_e(q.question.get(lang) or q.question['en'])}</em></p>"
        f'<p class="note">{_e(message("source_finding", lang))} ({_e(q.source)}): {_e(q.finding)}</p>'
        f"{_rules(q.rules, lang)}{_answer_banner(report, a, lang)}"
        f"<p>{_e(summary)}</p>{share}"
        f"<table><thead><tr><th>{_e(message('status', lang))}</th><th>{_e(message('finding', lang))}</th>"
        f"<th>{_e(message('evidence', lang))}</th></tr></thead><tbody>{rows}</tbody></table>"
        f"{more_text}</section>"
    )


def _question_head(report: Report, a: GapAnswer, lang: str, summary: str, share: str) -> str:
    q = a.question
    return (
        f'<section id="q-{_e(q.id)}" class="question" data-question="{_e(q.id)}">'
        f"<h3>{q.number}. {_e(_title(a, lang))}</h3>"
        f"<p><em>{_e(q.question.get(lang) or q.question['en'])}</em></p>"
        f'<p class="note">{_e(message("source_finding", lang))} ({_e(q.source)}): {_e(q.finding)}</p>'
        f"{_rules(q.rules, lang)}{_answer_banner(report, a, lang)}"
        f"<p>{_e(summary)}</p>{share}"
    )


LISTED = ("gap", "not-stated", "repealed-only", "reported-not-described")
"""The statuses a summarised question lists per country with examples; covered and no-data are counted."""


def _groups(report: Report, a: GapAnswer, lang: str) -> str:
    """A summarised answer: a row per (status, country) group of the listed statuses with its count and
    examples, a line per other status, and where to get every finding."""
    q = a.question
    sm = lambda key: summary_message(key, lang)  # noqa: E731
    limit = report.detail_limit if report.detail_limit is not None else 0
    note = sm("summarised_note").format(limit=limit, examples=EXAMPLES, number=q.number, id=q.id)
    rows = []
    for g in a.groups:
        if g.status not in LISTED:
            continue
        examples = "".join(
            f"<li>{_e(_detail(f, lang))} <span class='ev'>({_evidence(report, f.evidence, lang)})</span></li>"
            for f in g.examples
        )
        more = f"<li class='note'>{_e(sm('group_more').format(n=g.more))}</li>" if g.more > 0 else ""
        rows.append(
            f'<tr data-status="{_e(g.status)}" data-country="{_e(g.country)}" data-count="{g.count}">'
            f"<td>{_status(g.status, lang)}</td><td>{_e(g.country or sm('group_country_none'))}</td>"
            f"<td>{g.count}</td><td><ul>{examples}{more}</ul></td></tr>"
        )
    counted = []
    for status in STATUSES:
        if status in LISTED:
            continue
        groups = [g for g in a.groups if g.status == status]
        if groups:
            text = sm("status_countries").format(
                status=message(status, lang), n=sum(g.count for g in groups), countries=len(groups)
            )
            counted.append(f'<p class="note" data-status="{_e(status)}">{_e(text)}</p>')
    table = (
        f"<table class='groups'><thead><tr><th>{_e(message('status', lang))}</th>"
        f"<th>{_e(message('country', lang))}</th><th>{_e(sm('group_findings'))}</th>"
        f"<th>{_e(sm('group_examples'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else ""
    )
    return f'<p class="note summarised">{_e(note)}</p>{table}{"".join(counted)}'


def _rules(rules: list[str], lang: str) -> str:
    if not rules:
        return ""
    items = "".join(f"<li>{_e(r)}</li>" for r in rules)
    return f'<details class="rules"><summary>{_e(message("rules", lang))}</summary><ul>{items}</ul></details>'


def _answer_banner(report: Report, a: GapAnswer, lang: str) -> str:
    if not a.rests_on_illustrative:
        return ""
    text = message("illustrative_banner", lang).format(
        n=len(a.illustrative_evidence), names=_case_names(report, a.illustrative_evidence, lang)
    )
    return f'<p class="banner illustrative" data-illustrative="{len(a.illustrative_evidence)}">{_e(text)}</p>'


def _detail(f: GapFinding, lang: str) -> str:
    """The finding's sentence; the catalogue writes it in English, so other languages get the subject's
    vocabulary labels in front of it."""
    if lang == "en":
        return f.detail
    bits = []
    if "sector" in f.subject:
        bits.append(sector_label(f.subject["sector"], lang))
    if "stage" in f.subject:
        bits.append(stage_label(f.subject["stage"], lang))
    return (" · ".join(bits) + " — " if bits else "") + f.detail


def _evidence(report: Report, iris: list[str], lang: str) -> str:
    if not iris:
        return f'<span class="note">{_e(message("none", lang))}</span>'
    links = []
    for iri in iris:
        cs = report.case_studies.get(iri)
        title = (cs.title.get(lang) or cs.title.get("en")) if cs else None
        anchor = cs.anchor if cs else ""
        links.append(
            f'<a href="#{_e(anchor)}" data-iri="{_e(iri)}">{_e(title or iri.rsplit("/", 1)[-1])}</a>'
        )
    return "; ".join(links)


def _appendix(report: Report, lang: str) -> str:
    if report.appendix_grouped:
        return _appendix_grouped(report, lang)
    items = []
    for cs in report.case_studies.values():
        title = cs.title.get(lang) or cs.title.get("en") or cs.iri.rsplit("/", 1)[-1]
        source = cs.source.get(lang) or cs.source.get("en") or "—"
        items.append(
            f'<dt id="{_e(cs.anchor)}">{_e(title)}</dt>'
            f'<dd><a class="iri" href="{_e(cs.iri)}">{_e(cs.iri)}</a></dd>'
            f"<dd>{_e(message('source_document', lang))}: {_e(source)}</dd>"
            f"<dd>{_e(message('paragraph', lang))}: {_e(cs.locator or '—')}</dd>"
        )
    body = f'<dl class="cs">{"".join(items)}</dl>' if items else f"<p>{_e(message('none', lang))}</p>"
    return f'<section id="evidence"><h2>{_e(message("evidence_appendix", lang))}</h2>{body}</section>'


def _appendix_grouped(report: Report, lang: str) -> str:
    """Too many case studies to list: one group per source document with its count, the entries inside a
    closed <details> (every evidence link still resolves to its entry)."""
    sm = lambda key: summary_message(key, lang)  # noqa: E731
    parts = []
    for source, cases in source_groups(report):
        entries = "".join(
            f'<dt id="{_e(cs.anchor)}">{_e(_case_title(cs, lang))}</dt>'
            f"<dd>{_e(message('paragraph', lang))}: {_e(cs.locator or '—')}</dd>"
            for cs in cases
        )
        count = sm("case_studies_n").format(n=len(cases))
        parts.append(
            f'<h3 data-count="{len(cases)}">{_e(source or sm("no_source"))} ({_e(count)})</h3>'
            f'<details><summary>{_e(count)}</summary><dl class="cs">{entries}</dl></details>'
        )
    note = sm("appendix_grouped").format(n=len(report.case_studies))
    return (
        f'<section id="evidence"><h2>{_e(message("evidence_appendix", lang))}</h2>'
        f'<p class="note">{_e(note)}</p>{"".join(parts)}</section>'
    )


def _case_title(cs: CaseStudyRef, lang: str) -> str:
    return cs.title.get(lang) or cs.title.get("en") or cs.iri.rsplit("/", 1)[-1]
