"""Gap reports in the browser (issue 12): pick a scope and a language, read the report, download it.

``/reports?scope=country:GHA&lang=zh`` shows the report that ``scpkg report --country GHA --lang zh``
writes: the page embeds the body of the report's own HTML rendering (:func:`report_fragment`), so the
numbers cannot differ from the CLI's. ``/reports/download?...&format=html|md|json|csv`` returns the files
``scpkg report`` writes (through :func:`scpkg.queries.report.write_report` itself); the CSV tables are
several files, so ``format=csv`` is a zip of all of them and ``format=csv&part=findings`` one of them.

Scopes are written ``world``, ``country:GHA``, ``region:002``, ``sector:textiles``, or combined with a
comma (``country:GHA,sector:food``), as ``--country``, ``--region``, ``--sector`` and ``--global`` combine
on the command line. A value naming nothing is an error page with suggestions, never an empty report.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from scpkg import BASE_IRI
from scpkg.api.web import names
from scpkg.api.web.render import LANGUAGES, error_page, language, page, translate
from scpkg.queries.catalogue import Scope
from scpkg.queries.report import FORMATS, Report, build_report, write_report

WORLD = "world"
"""The scope of the whole graph (``scpkg report --global``); ``global`` is accepted too."""
SCOPE_KINDS = ("country", "region", "sector")
CSV_PARTS = ("summary", "findings", "matrix", "ministries", "shares", "case-studies", "sdg-12-1-1")
"""The report's CSV tables, one file each (``render_csv``'s keys, in its order)."""
MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
"""The report's own HTML has inline CSS and no script; opened from a download it may use nothing else."""


def routes() -> list[BaseRoute]:
    return [Route("/reports", reports_page), Route("/reports/download", download)]


# --- scopes ---------------------------------------------------------------------------------------


@dataclass
class ScopeError(ValueError):
    """A scope text naming nothing, with what would work."""

    message: str
    suggestions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def parse_scope(text: str) -> Scope:
    """The :class:`Scope` of ``world`` / ``country:GHA`` / ``region:029`` / ``sector:food`` or a comma-
    separated combination; :class:`ScopeError` with suggestions for anything else."""
    text = text.strip()
    if text.lower() in (WORLD, "global"):
        return Scope()
    given: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, value = part.partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in SCOPE_KINDS or not value.strip():
            raise ScopeError(
                f"unknown scope {part!r}: write world, country:ISO3, region:M49 or sector:CODE",
                [WORLD, "country:GHA", "region:002", "sector:textiles"],
            )
        if kind in given:
            raise ScopeError(f"scope {text!r} names a {kind} twice", [])
        given[kind] = value.strip()
    if not given:
        raise ScopeError("no scope given: write world, country:ISO3, region:M49 or sector:CODE", [WORLD])
    if "country" in given and "region" in given:
        raise ScopeError("a report is for a country or a region, not both", [])
    try:
        return Scope(**given)
    except ValueError as exc:
        raise ScopeError(str(exc), _suggestions(given, exc)) from None


def _suggestions(given: dict[str, str], exc: ValueError) -> list[str]:
    """Scope texts close to what was given, for the error page."""
    from scpkg.ingest import countries, regions

    out: list[str] = []
    if "country" in given:
        for s in countries.suggest(given["country"]):  # 'Ghana (GHA)'
            code = s.rsplit("(", 1)[-1].rstrip(")")
            out.append(f"country:{code} ({s.rsplit(' (', 1)[0]})")
    if "region" in given:
        for s in getattr(exc, "suggestions", None) or regions.suggest(given["region"]):
            code, _, described = s.partition(" ")  # '029 Caribbean (M49 intermediate region)'
            out.append(f"region:{code} ({described})")
    if "sector" in given:
        out += [f"sector:{s}" for s in (getattr(exc, "suggestions", None) or [])]
    return out or [WORLD, "country:GHA", "region:002", "sector:textiles"]


def scope_text(scope: Scope) -> str:
    """The scope as this page writes it (the inverse of :func:`parse_scope`)."""
    parts = [f"{k}:{v}" for k, v in scope.params().items() if v is not None]
    return ",".join(parts) or WORLD


# --- the report as a part of a page ----------------------------------------------------------------

_STYLE = re.compile(r'\sstyle="([^"]*)"')
_SWATCH = re.compile(r'<i class="sw" style="background:([^";]+)"></i>')
_THEAD = re.compile(r"<thead>.*?</thead>", re.S)


def report_fragment(html: str) -> str:
    """The body of the report's own HTML page, fit for a page of the front: its header (title as ``h2``,
    the page's ``h1`` being above it) and its main content, without ``<style>``; inline ``style``
    attributes, which the front's Content-Security-Policy refuses, become SVG presentation attributes
    (the charts' fonts) or a small SVG swatch (the legend's colours); header cells say their scope
    (``col`` in a table head, ``row`` elsewhere); links to IRIs under the base point at this server."""
    head = html[html.index("<header>") + len("<header>") : html.index("</header>")]
    head = head.replace('<h1 id="top">', '<h2 id="report-title">').replace("</h1>", "</h2>")
    body = html[html.index("<main>") + len("<main>") : html.rindex("</main>")]
    body = _SWATCH.sub(
        lambda m: (
            '<svg class="sw" width="14" height="14" aria-hidden="true" focusable="false">'
            f'<rect width="14" height="14" fill="{m.group(1)}"/></svg>'
        ),
        body,
    )
    body = _STYLE.sub(_presentation, body)
    body = _THEAD.sub(lambda m: m.group(0).replace("<th>", '<th scope="col">'), body)
    body = body.replace("<th>", '<th scope="row">')  # outside a thead: the row's header (12.1.1 regions)
    fragment = f'<div class="report-header">{head}</div>{body}'
    return fragment.replace(f'href="{BASE_IRI}', 'href="/')


def _presentation(match: re.Match[str]) -> str:
    """``style="font-size:11px;fill:#555"`` -> ``font-size="11px" fill="#555"`` (SVG presentation
    attributes, which a strict style-src allows)."""
    attrs = []
    for decl in match.group(1).split(";"):
        prop, sep, value = decl.partition(":")
        if sep and re.fullmatch(r"[a-z-]+", prop.strip()):
            attrs.append(f' {prop.strip()}="{value.strip()}"')
    return "".join(attrs)


# --- pages ----------------------------------------------------------------------------------------


def _report_lang(request: Request) -> str:
    return language(request)


def _exclude(request: Request) -> bool:
    return request.query_params.get("exclude_illustrative", "").lower() in ("yes", "on", "true", "1")


async def _build(request: Request, scope: Scope) -> Report:
    store = request.app.state.store
    return await run_in_threadpool(build_report, store, scope, _exclude(request))


def _scope_error(request: Request, exc: ScopeError) -> Response:
    return error_page(request, 400, "report_unknown_scope", str(exc), exc.suggestions)


async def reports_page(request: Request) -> Response:
    """The form, and the report of the chosen scope below it (none until a scope is chosen)."""
    lang = _report_lang(request)
    asked = request.query_params.get("scope")
    scope: Scope | None = None
    fragment = None
    if asked is not None and asked.strip():
        try:
            scope = parse_scope(asked)
        except ScopeError as exc:
            return _scope_error(request, exc)
        report = await _build(request, scope)
        from scpkg.queries.report.render_html import render_html

        fragment = report_fragment(await run_in_threadpool(render_html, report, lang))
    chosen = scope_text(scope) if scope is not None else ""
    return page(
        request,
        "reports.html",
        {
            "nav": "reports",
            "fragment": fragment,
            "chosen": chosen,
            "scope_choices": _scope_choices(lang, chosen),
            "exclude": _exclude(request),
            "languages": LANGUAGES,
            "downloads": _downloads(chosen, lang, _exclude(request)) if scope is not None else [],
            "csv_parts": _csv_parts(chosen, lang, _exclude(request)) if scope is not None else [],
        },
    )


def _scope_choices(lang: str, chosen: str) -> list[dict[str, Any]]:
    """The scope select's groups: the world, countries (by name in ``lang``), regions, sectors. A chosen
    scope no option has (a combination) is offered as its own option so the form shows it."""
    from scpkg.queries.report.i18n import sector_label

    countries = sorted(names.country_names(lang).items(), key=lambda kv: kv[1].casefold())
    groups = [
        {
            "label": translate(lang, "report_group_world"),
            "options": [(WORLD, translate(lang, "report_world"))],
        },
        {
            "label": translate(lang, "report_group_countries"),
            "options": [(f"country:{c}", f"{n} ({c})") for c, n in countries],
        },
        {
            "label": translate(lang, "report_group_regions"),
            "options": [(f"region:{c}", d) for c, d in names.region_choices() if c != "001"],
        },
        {
            "label": translate(lang, "report_group_sectors"),
            "options": [(f"sector:{s}", sector_label(s, lang)) for s in names.sector_codes()],
        },
    ]
    known = {value for g in groups for value, _ in g["options"]}
    if chosen and chosen not in known:
        groups.insert(0, {"label": translate(lang, "report_group_chosen"), "options": [(chosen, chosen)]})
    return groups


def _download_url(scope: str, lang: str, exclude: bool, fmt: str, part: str | None = None) -> str:
    from urllib.parse import urlencode

    params = {"scope": scope, "lang": lang, "format": fmt}
    if part:
        params["part"] = part
    if exclude:
        params["exclude_illustrative"] = "yes"
    return "/reports/download?" + urlencode(params)


def _downloads(scope: str, lang: str, exclude: bool) -> list[dict[str, str]]:
    return [{"format": f, "href": _download_url(scope, lang, exclude, f)} for f in FORMATS]


def _csv_parts(scope: str, lang: str, exclude: bool) -> list[dict[str, str]]:
    return [{"part": p, "href": _download_url(scope, lang, exclude, "csv", p)} for p in CSV_PARTS]


async def download(request: Request) -> Response:
    """The report's files as ``scpkg report`` writes them (same names, same bytes but the date)."""
    lang = _report_lang(request)
    fmt = request.query_params.get("format", "html").lower()
    if fmt not in FORMATS:
        return error_page(
            request, 400, "report_unknown_format", f"unknown format {fmt!r}", [f"format={f}" for f in FORMATS]
        )
    part = request.query_params.get("part")
    if part is not None and (fmt != "csv" or part not in CSV_PARTS):
        return error_page(
            request, 400, "report_unknown_format", f"unknown part {part!r}", [f"part={p}" for p in CSV_PARTS]
        )
    try:
        scope = parse_scope(request.query_params.get("scope", ""))
    except ScopeError as exc:
        return _scope_error(request, exc)
    report = await _build(request, scope)
    files = await run_in_threadpool(_write, report, fmt, lang)
    if fmt == "csv" and part is None:
        name = f"{report.slug()}-csv.zip"
        body, media = _zip(files), MEDIA["zip"]
    else:
        name, text = next(
            ((n, t) for n, t in files.items() if part is None or n == f"{report.slug()}-{part}.csv")
        )
        body, media = text.encode("utf-8"), MEDIA[fmt]
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Content-Language": lang}
    if fmt == "html":
        headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return Response(body, media_type=media, headers=headers)


def _write(report: Report, fmt: str, lang: str) -> dict[str, str]:
    """File name -> text of the report in one format, written by ``write_report`` as the CLI does."""
    with tempfile.TemporaryDirectory(prefix="scpkg-report-") as tmp:
        paths = write_report(report, Path(tmp), [fmt], lang)
        return {p.name: p.read_text(encoding="utf-8") for p in paths}


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()
