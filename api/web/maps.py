"""The world map (issue 12): every country coloured by its answer to a gap question or by whether it has
an instrument of a 12.1.1 category, as inline SVG (no tiles, nothing fetched), with a legend that tells
the statuses apart by pattern and words, and the same data as a table (CSV / XLSX).

A country's status for a question sums up its findings of the global answer (``catalogue.run``) by the
first status it has in :data:`PRECEDENCE`: one gap finding makes it ``gap``, then ``not-stated``...; a
country with no finding is ``no-data``. The table gives every country's count per status, so nothing
is hidden by the summary. For a category, a country is ``present`` when the 12.1.1 table's World row
counts it (described or reported), ``absent`` when case studies or reports cover it but not there, and
``no-data`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from scpkg.api.web import names
from scpkg.api.web.export import table_download
from scpkg.api.web.render import error_page, language, page, translate
from scpkg.api.web.world import shapes
from scpkg.queries import catalogue
from scpkg.queries.catalogue import STATUSES, Scope, UnknownQuestionError

PRECEDENCE = ("gap", "not-stated", "repealed-only", "reported-not-described", "covered")
"""The order in which a country's findings decide its colour; none of them is ``no-data``."""
CATEGORY_STATUSES = ("present", "absent", "no-data")
EXPORT_FORMATS = ("csv", "xlsx")
MIX_QUESTION = "instrument-mix"
"""The question whose findings name every country that case studies or reports cover (its universe),
used to tell a category's ``absent`` from ``no-data``."""


def routes() -> list[BaseRoute]:
    return [Route("/map", map_page)]


@dataclass
class CountryStatus:
    """One country's row: its summary status and its findings per status (a question) or how the 12.1.1
    category is known (described / reported only)."""

    code: str
    status: str = "no-data"
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class MapData:
    """What the map shows: the mode (question or category), its title, the statuses in legend order and
    the countries that have data (all others are no-data)."""

    mode: str
    key: str
    title: str
    statuses: tuple[str, ...]
    countries: dict[str, CountryStatus]
    columns: tuple[str, ...]


def question_map(store: Any, question_id: str, exclude_illustrative: bool, lang: str) -> MapData:
    """Every country's status for one gap question, from its global answer."""
    answer = catalogue.run(store, question_id, Scope(), exclude_illustrative)
    found: dict[str, Counter[str]] = {}
    for f in answer.findings:
        code = f.subject.get("country")
        if code:
            found.setdefault(code, Counter())[f.status] += 1
    countries = {}
    for code, counts in found.items():
        status = next((s for s in PRECEDENCE if counts.get(s)), "no-data")
        countries[code] = CountryStatus(code, status, {s: counts.get(s, 0) for s in STATUSES})
    q = answer.question
    title = f"{q.number}. {q.title.get(lang) or q.title['en']}"
    return MapData("question", q.id, title, (*PRECEDENCE, "no-data"), countries, STATUSES)


def category_map(store: Any, category: str, exclude_illustrative: bool, lang: str) -> MapData:
    """Every country's status for one 12.1.1 category: the World row of the report's 12.1.1 table
    (described or reported), against the countries question 5 covers."""
    from scpkg.ingest import countries as country_codes
    from scpkg.queries.report.build import sdg1211_table
    from scpkg.queries.report.i18n import item_label

    cells = [
        c
        for c in sdg1211_table(store, Scope(), exclude_illustrative)
        if c.region == country_codes.WORLD_M49 and c.item == category
    ]
    described = {code for c in cells for code in c.described_countries}
    reported = {code for c in cells for code in c.reported_only_countries}
    mix = catalogue.run(store, MIX_QUESTION, Scope(), exclude_illustrative)
    covered = {
        f.subject["country"] for f in mix.findings if f.subject.get("country") and f.status != "no-data"
    }
    out = {}
    for code in covered | described | reported:
        status = "present" if code in described or code in reported else "absent"
        out[code] = CountryStatus(
            code,
            status,
            {"described": int(code in described), "reported-not-described": int(code in reported)},
        )
    return MapData(
        "category",
        category,
        item_label(category, lang),
        CATEGORY_STATUSES,
        out,
        ("described", "reported-not-described"),
    )


def categories() -> list[str]:
    """The 12.1.1 categories' codes, from the ontology's crosswalk."""
    from scpkg.ingest.crosswalk import categories as category_iris
    from scpkg.ingest.vocab import ontology_graph

    return [str(c).rsplit("/", 1)[-1] for c in category_iris(ontology_graph())]


def status_word(status: str, lang: str) -> str:
    """A status in the page's language: the report's words for gap statuses, this page's for others."""
    from scpkg.queries.report.i18n import message

    if status in ("present", "absent"):
        return translate(lang, f"map_status_{status}")
    return message(status, lang)


async def map_page(request: Request) -> Response:
    """``/map?question=<id or number>`` (default: question 1) or ``/map?category=<12.1.1 code>``;
    ``&format=csv|xlsx`` downloads the table."""
    lang = language(request)
    exclude = request.query_params.get("exclude_illustrative", "").lower() in ("yes", "on", "true", "1")
    category = request.query_params.get("category")
    store = request.app.state.store
    if category:
        known = categories()
        if category not in known:
            return error_page(
                request, 400, "map_unknown_category", f"unknown 12.1.1 category {category!r}", known
            )
        data = await run_in_threadpool(category_map, store, category, exclude, lang)
    else:
        asked = request.query_params.get("question") or "1"
        try:
            catalogue.question(asked)
        except UnknownQuestionError as exc:
            return error_page(
                request, 400, "map_unknown_question", str(exc), [q.id for q in catalogue.questions()]
            )
        data = await run_in_threadpool(question_map, store, asked, exclude, lang)
    rows = _rows(data, lang)
    fmt = request.query_params.get("format")
    if fmt is not None:
        if fmt.lower() not in EXPORT_FORMATS:
            return error_page(request, 400, "map_unknown_format", f"unknown format {fmt!r}", EXPORT_FORMATS)
        headers = ["iso3", "country", "status", *data.columns, "on_map"]
        table = [
            [r["code"], r["name"], r["status"], *r["counts"], "yes" if r["on_map"] else "no"] for r in rows
        ]
        return table_download(f"map-{data.mode}-{data.key}", headers, table, fmt)
    world = shapes()
    tally = Counter(r["status"] for r in rows)
    return page(
        request,
        "map.html",
        {
            "nav": "map",
            "data": data,
            "rows": rows,
            "paths": [r for r in rows if r["on_map"]],
            "width": world.width,
            "height": world.height,
            "source": world.source,
            "legend": [
                {
                    "status": s,
                    "word": status_word(s, lang),
                    "meaning": translate(lang, f"map_meaning_{data.mode}_{s.replace('-', '_')}"),
                    "countries": tally.get(s, 0),
                }
                for s in data.statuses
            ],
            "questions": catalogue.questions(),
            "categories": [(c, _category_label(c, lang)) for c in categories()],
            "exclude": exclude,
            "column_words": [
                status_word(c, lang) if c in STATUSES else translate(lang, f"map_col_{c.replace('-', '_')}")
                for c in data.columns
            ],
            "export": {f: request.url.path + "?" + _query(request, format=f) for f in EXPORT_FORMATS},
        },
    )


def _category_label(code: str, lang: str) -> str:
    from scpkg.queries.report.i18n import item_label

    return item_label(code, lang)


def _query(request: Request, **changes: str) -> str:
    from urllib.parse import urlencode

    items = {k: v for k, v in request.query_params.items() if k not in changes}
    items.update(changes)
    return urlencode(items)


def _rows(data: MapData, lang: str) -> list[dict[str, Any]]:
    """Every country (ISO 3166 and the EU), those with data first, each group by name in ``lang``: those
    with data have their status and counts, the others are no-data; ``on_map`` says whether the 1:110m
    shapes draw it."""
    drawn = shapes().paths
    out = []
    for code, name in names.country_names(lang).items():
        c = data.countries.get(code) or CountryStatus(code)
        out.append(
            {
                "code": code,
                "name": name,
                "status": c.status,
                "word": status_word(c.status, lang),
                "counts": [c.counts.get(col, 0) for col in data.columns],
                "on_map": code in drawn,
                "d": drawn.get(code, ""),
            }
        )
    return sorted(out, key=lambda r: (r["code"] not in data.countries, r["name"].casefold()))
