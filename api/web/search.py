"""The home page: full-text search over policies, facets with counts, and the list's CSV / XLSX export.

``GET /`` with the search's state in the URL (:mod:`.search_query`). One page costs three round trips:
the crosswalk (to resolve 12.1.1 categories), then the result page, its count and the facet counts at
once (:mod:`.search_facets`), then the labels of what is shown. The same URL with ``format=csv`` or
``format=xlsx`` downloads every matching policy (not only the page shown); with ``export=facet-<name>``
too, that facet's table.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from scpkg.api.linked_data import local_href
from scpkg.api.policies.loaders import rows_statement, search_count_statement
from scpkg.api.web import search_facets as sf
from scpkg.api.web.export import table_download
from scpkg.api.web.render import error_page, language, page
from scpkg.api.web.search_query import BY_NAME, FACETS, PAGE_SIZE, SearchState, UnknownValueError, parse
from scpkg.store import fulltext

EXPORT_COLUMNS = (
    "iri",
    "title",
    "country",
    "instrument_types",
    "stages",
    "sectors",
    "adoption_year",
    "status",
    "illustrative",
)
WORLD = "https://w3id.org/scpkg/id/region/001"
"""Every country is in the World: its count says nothing a facet should."""


def routes() -> list[BaseRoute]:
    return [Route("/", home, methods=["GET"])]


@cache
def _types() -> tuple[dict[str, str], dict[str, set[str]], dict[str, dict[str, str]]]:
    """Instrument types a URL may name: class IRI -> code, class -> itself and its coded superclasses
    (what ``type=<code>`` matches), class -> labels per language (classes are not nodes in the store)."""
    from scpkg.api.vocabulary.loaders import instrument_types
    from scpkg.ingest.vocab import INSTRUMENT_TYPE, default_resolver

    codes = {str(k): v for k, v in default_resolver().vocabulary(INSTRUMENT_TYPE).codes.items()}
    infos = instrument_types()
    supers: dict[str, set[str]] = {}
    for iri in infos:
        chain, current = set(), iri
        while current in infos:
            if current in codes:
                chain.add(current)
            current = infos[current].broader or ""
        supers[iri] = chain
    return codes, supers, {iri: dict(info.labels) for iri, info in infos.items()}


def _type_label(iri: str, lang: str) -> tuple[str, str]:
    labels = _types()[2].get(iri, {})
    for code in (lang, "en"):
        if labels.get(code):
            return labels[code], code
    return iri.rsplit("/", 1)[-1], "en"


async def home(request: Request) -> Response:
    """The search page, or its export when ``format`` is given."""
    store = request.app.state.store
    lang = language(request)
    cross = await sf.crosswalk(store)
    try:
        state = parse(request.query_params, cross)
    except UnknownValueError as exc:
        return error_page(request, 400, "bad_request", str(exc), exc.suggestions)
    if state.where.terms:
        await run_in_threadpool(fulltext.ready, store)
    fmt = request.query_params.get("format")
    if fmt is not None:
        return await _export(request, state, cross, fmt, lang)
    backend = store.backend
    order, title_key = _order(state, lang)
    skip = (state.page - 1) * PAGE_SIZE
    statements = [
        search_count_statement(state.where, backend),
        rows_statement(state.where, order, skip, PAGE_SIZE, backend, title_key),
    ]
    facet_plan = sf.facet_statements(state, backend)
    results = await sf.run_all(store, [*statements, *((q, p) for _, q, p in facet_plan)])
    total = int(results[0][0]["total"]) if results[0] else 0
    rows = results[1]
    facet_rows = {name: results[2 + i] for i, (name, _, _) in enumerate(facet_plan)}
    _, supers, _ = _types()
    counts = {name: sf.raw_counts(name, r, supers, cross) for name, r in facet_rows.items()}
    wanted = {iri for name, c in counts.items() if name not in ("type", "year", "illustrative") for iri in c}
    wanted |= {i for r in rows for i in (*r["countries"], *r["statuses"])}
    wanted |= {i for iris in state.iris.values() for i in iris}
    props = await sf.labels(store, wanted)
    facets = [_facet(request, state, name, counts[name], props, lang) for name in (f.name for f in FACETS)]
    context = {
        "nav": "search",
        "state": state,
        "total": total,
        "first": skip + 1 if total else 0,
        "last": min(skip + PAGE_SIZE, total),
        "results": [_result(r, props, lang) for r in rows],
        "facets": facets,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "ranked": order == "SCORE",
        "substring_note": bool(state.text.substrings),
        "no_words": bool(state.q) and not state.text,
        "chosen": _chosen(request, state, props, lang),
        "clear_href": "/?" + urlencode({k: v for k, v in (("q", state.q), ("lang", lang)) if v}),
    }
    return page(request, "search.html", context)


def _order(state: SearchState, lang: str) -> tuple[str, str]:
    if state.where.terms:
        return "SCORE", "title_en"
    return ("TITLE", "title_en") if lang == "en" else ("TITLE_LANG", f"title_{lang}")


def _title(props: dict[str, Any], lang: str) -> tuple[str, str]:
    for code in (lang, "en"):
        value = props.get(f"title_{code}")
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value), code
    for key, value in sorted(props.items()):  # a title in another language only
        if key.startswith("title_") and value:
            return str(value[0] if isinstance(value, list) else value), key.removeprefix("title_").replace(
                "_", "-"
            )
    return str(props.get("iri", "")), "en"


def _illustrative(row: dict[str, Any]) -> bool:
    """As the filter counts it: no case study it is derived from is a real one."""
    return not any(flag is False for flag in row.get("case_illustrative") or [])


def _result(row: dict[str, Any], props: dict[str, dict[str, Any]], lang: str) -> dict[str, Any]:
    p = dict(row["props"])
    title, title_lang = _title(p, lang)
    codes = _types()[0]
    types = [t for t in p.get("rdf_type") or [] if t in codes]
    year = p.get("adoptionYear")
    return {
        "iri": row["iri"],
        "href": local_href(str(row["iri"])),
        "title": title,
        "title_lang": title_lang,
        "countries": [
            {
                "code": sf.code_of(props.get(c), c),
                "label": sf.label_of(props.get(c), lang, c)[0],
                "href": local_href(c),
            }
            for c in row["countries"]
        ],
        "types": [_type_label(t, lang)[0] for t in types],
        "year": year[0] if isinstance(year, list) else year,
        "statuses": [sf.label_of(props.get(s), lang, s)[0] for s in row["statuses"]],
        "illustrative": _illustrative(row),
    }


def _values(
    name: str, counts: dict[str, int], props: dict[str, dict[str, Any]], lang: str, state: SearchState
) -> list[sf.FacetValue]:
    chosen = set(state.iris.get(name, []))
    out: list[sf.FacetValue] = []
    if name == "type":
        codes = _types()[0]
        for iri, n in counts.items():
            if iri in codes:
                label, label_lang = _type_label(iri, lang)
                out.append(sf.FacetValue(codes[iri], label, label_lang, n, iri in chosen, iri))
    elif name == "illustrative":
        picked = state.chosen.get("illustrative", [])
        for code in ("no", "yes"):
            if counts.get(code):
                out.append(sf.FacetValue(code, code, "en", counts[code], code in picked))
        return out
    elif name == "year":
        return []
    else:
        for iri, n in counts.items():
            if name == "region" and iri == WORLD:
                continue
            label, label_lang = sf.label_of(props.get(iri), lang, iri)
            out.append(
                sf.FacetValue(sf.code_of(props.get(iri), iri), label, label_lang, n, iri in chosen, iri)
            )
    for iri in chosen - {v.iri for v in out}:  # a chosen value with no policy left stays, to be unchosen
        if name == "type":
            label, label_lang = _type_label(iri, lang)
            out.append(sf.FacetValue(_types()[0].get(iri, iri), label, label_lang, 0, True, iri))
        else:
            label, label_lang = sf.label_of(props.get(iri), lang, iri)
            out.append(sf.FacetValue(sf.code_of(props.get(iri), iri), label, label_lang, 0, True, iri))
    return sorted(out, key=lambda v: (not v.chosen, -v.count, v.label.casefold()))


def _toggle(request: Request, name: str, code: str, state: SearchState) -> str:
    from scpkg.api.web.render import url_with

    if name == "illustrative":
        current = state.chosen.get("illustrative", [])
        return url_with(request, illustrative=None if code in current else code, page=None, format=None)
    current = list(request.query_params.getlist(name))
    values = [v for v in current if v != code] if code in current else [*current, code]
    return url_with(request, **{name: values or None}, page=None, format=None)


def _facet(
    request: Request,
    state: SearchState,
    name: str,
    counts: dict[str, int],
    props: dict[str, dict[str, Any]],
    lang: str,
) -> dict[str, Any]:
    from scpkg.api.web.render import url_with

    values = _values(name, counts, props, lang, state)
    links = [{"value": v, "href": _toggle(request, name, v.code, state)} for v in values]
    out: dict[str, Any] = {
        "name": name,
        "top": links[: sf.TOP],
        "rest": links[sf.TOP :],
        "csv": url_with(request, export=f"facet-{name}", format="csv", page=None),
        "xlsx": url_with(request, export=f"facet-{name}", format="xlsx", page=None),
    }
    if name == "year":
        decades: dict[int, int] = {}
        years = sorted((int(y), n) for y, n in counts.items() if str(y).lstrip("-").isdigit())
        for year, n in years:
            decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + n
        out["decades"] = [
            {
                "code": f"{d}s",
                "count": n,
                "chosen": state.year_from == d and state.year_to == d + 9,
                "href": url_with(request, from_=str(d), to=str(d + 9), page=None, format=None)
                if not (state.year_from == d and state.year_to == d + 9)
                else url_with(request, from_=None, to=None, page=None, format=None),
            }
            for d, n in sorted(decades.items())
        ]
        out["years"] = years
    return out


def _chosen(
    request: Request, state: SearchState, props: dict[str, dict[str, Any]], lang: str
) -> list[dict[str, str]]:
    """The choices in force, each with a link that removes it."""
    from scpkg.api.web.render import url_with

    out = []
    for facet in FACETS:
        if facet.name in ("year", "illustrative"):
            continue
        for code, iri in zip(state.chosen.get(facet.name, []), state.iris.get(facet.name, []), strict=False):
            label = (
                _type_label(iri, lang)[0]
                if facet.name == "type"
                else sf.label_of(props.get(iri), lang, code)[0]
            )
            out.append(
                {"facet": facet.name, "label": label, "href": _toggle(request, facet.name, code, state)}
            )
    if state.year_from is not None or state.year_to is not None:
        label = f"{state.year_from or '…'}–{state.year_to or '…'}"
        out.append(
            {"facet": "year", "label": label, "href": url_with(request, from_=None, to=None, page=None)}
        )
    for code in state.chosen.get("illustrative", []):
        out.append(
            {"facet": "illustrative", "label": code, "href": _toggle(request, "illustrative", code, state)}
        )
    return out


async def _export(
    request: Request, state: SearchState, cross: dict[str, list[str]], fmt: str, lang: str
) -> Response:
    """Every matching policy (``export`` absent or ``results``), or one facet's whole table."""
    store = request.app.state.store
    what = request.query_params.get("export", "results")
    backend = store.backend
    if what.startswith("facet-") and what.removeprefix("facet-") in BY_NAME:
        name = what.removeprefix("facet-")
        plan = [p for p in sf.facet_statements(state, backend) if p[0] == name]
        (rows,) = await sf.run_all(store, [(plan[0][1], plan[0][2])])
        counts = sf.raw_counts(name, rows, _types()[1], cross)
        if name == "year":
            table = [[y, n] for y, n in sorted(counts.items())]
            return table_download("policies-by-year", ["year", "policies"], table, fmt)
        props = await sf.labels(store, set(counts) if name not in ("type", "illustrative") else set())
        values = _values(name, counts, props, lang, state)
        table = [[v.code, v.label, v.count] for v in values]
        return table_download(f"policies-by-{name}", [name, "label", "policies"], table, fmt)
    if what != "results":
        allowed = ["results", *(f"facet-{f.name}" for f in FACETS)]
        return error_page(
            request, 400, "bad_request", f"export: {what!r} is not a table of this page", allowed
        )
    ((count,),) = await sf.run_all(store, [search_count_statement(state.where, backend)])
    total = int(count["total"])
    order, title_key = _order(state, lang)
    (rows,) = await sf.run_all(
        store, [rows_statement(state.where, order, 0, max(total, 1), backend, title_key)]
    )
    iris = {i for r in rows for i in (*r["countries"], *r["statuses"], *r["stages"], *r["sectors"])}
    props = await sf.labels(store, iris)
    codes = _types()[0]

    def code(i: str) -> str:
        return sf.code_of(props.get(i), i)

    table = []
    for r in rows:
        p = dict(r["props"])
        year = p.get("adoptionYear")
        table.append(
            [
                r["iri"],
                _title(p, lang)[0],
                [code(c) for c in r["countries"]],
                [codes[t] for t in p.get("rdf_type") or [] if t in codes],
                sorted(code(s) for s in r["stages"]),
                sorted(code(s) for s in r["sectors"]),
                year[0] if isinstance(year, list) else year,
                [code(s) for s in r["statuses"]],
                "yes" if _illustrative(r) else "no",
            ]
        )
    return table_download("policies", EXPORT_COLUMNS, table, fmt)
