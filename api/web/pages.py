"""Pages for things: a policy, a country, a region, a case study (the HTML of their IRIs), the country and
region lists, and the comparison of countries (issue 12).

``api/app.py`` asks :func:`entity_page` first when a browser wants the HTML of an IRI under ``/id/``; a
kind without a page here (a body, a concept...) keeps the generic linked-data page. The RDF of every IRI
is unchanged (``?format=ttl``, ``Accept: text/turtle``). Data comes through :mod:`.page_data` (the
API's schema) and :mod:`.page_gaps` (the gap report), words from ``messages/pages.yaml``.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from scpkg.api.linked_data import local_href
from scpkg.api.web import page_data as data
from scpkg.api.web import page_gaps as gaps
from scpkg.api.web.export import table_download
from scpkg.api.web.render import error_page, language, page, translate
from scpkg.iris import ID
from scpkg.queries.catalogue import STATUSES

EXPORT_FORMATS = ("csv", "xlsx")
REGION_KIND_ORDER = ("world", "m49-region", "sub-region", "intermediate-region", "sdg-grouping")


def routes() -> list[BaseRoute]:
    """The lists, the comparison and the downloads; the entity pages come through :func:`entity_page`."""
    return [
        Route("/countries", countries_page),
        Route("/countries/{code}/export", country_export),
        Route("/regions", regions_page),
        Route("/regions/{code}/export", region_export),
        Route("/compare", compare_page),
        Route("/case-studies/{name}/graph.{ext}", case_study_graph),
    ]


async def entity_page(request: Request, iri: str) -> Response | None:
    """The page of ``iri`` if the front has one for its kind, else None (the generic linked-data page).
    The app has already answered 404 for an IRI the store and the ontology do not know."""
    if not iri.startswith(ID):
        return None
    kind, _, rest = iri[len(ID) :].partition("/")
    handler = _ENTITY_PAGES.get(kind)
    if handler is None or not rest:
        return None
    return await handler(request, iri, rest)


# --- helpers --------------------------------------------------------------------------------------


def _t(request: Request) -> Callable[..., str]:
    lang = language(request)
    return lambda key, **values: translate(lang, key, **values)


def _href(lang: str) -> Callable[[str], str]:
    """A link to an IRI's page on this server, in the page's language."""
    return lambda iri: f"{local_href(iri)}?lang={lang}"


def _fallback(lang: str, value: str | None, english: str | None) -> str | None:
    """'en' when a text shown on a page in another language is the English fallback (for ``lang=``)."""
    return "en" if lang != "en" and value is not None and value == english else None


def _common(request: Request) -> dict[str, Any]:
    lang = language(request)
    return {
        "href": _href(lang),
        "fallback": lambda value, english: _fallback(lang, value, english),
        "status_text": lambda s: gaps.status_text(_t(request), s),
        "cell_class": gaps.CELL_STATUS_CLASS,
        "cache_seconds": int(gaps.CACHE_SECONDS),
        "STATUSES": STATUSES,
    }


def _clock(moment: float) -> str:
    """When gap answers were computed, as the page states it (UTC, to the second)."""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(moment))


def _download(request: Request, stem: str, table: tuple[list[str], list[list[Any]]]) -> Response:
    headers, rows = table
    return table_download(stem, headers, rows, request.query_params.get("format", "csv"))


def _bad_format(request: Request) -> Response | None:
    fmt = request.query_params.get("format")
    if fmt is not None and fmt.lower() not in EXPORT_FORMATS:
        t = _t(request)
        return error_page(request, 400, "bad_request", t("pg_unknown_format", value=fmt), EXPORT_FORMATS)
    return None


# --- policy -----------------------------------------------------------------------------------------


async def policy_page(request: Request, iri: str, _: str) -> Response | None:
    lang = language(request)
    found = (await data.graphql(request, data.POLICY, {"iri": iri, "lang": lang})).get("policy")
    if found is None:
        return None
    p = dict(found)
    categories = data.category_of_class()
    types = []
    for kind in p["instrumentTypes"]:
        cats = categories.get(kind["iri"], [])
        types.append({**kind, "categories": [_category_label(c, lang) for c in cats]})
    context = {
        **_common(request),
        "p": p,
        "types": types,
        "title": p["title"] or p["iri"],
        "title_lang": _fallback(lang, p["title"], p["titleEn"]),
        "description_lang": _fallback(lang, p["description"], p["descriptionEn"]),
        "illustrative": [cs for cs in p["assertedBy"] if cs.get("illustrative")],
        "here": local_href(iri),
        "nav": None,
    }
    return page(request, "policy.html", context)


def _category_label(iri: str, lang: str) -> str:
    from scpkg.queries.report.i18n import label_iri

    return label_iri(iri, lang)


# --- case study -------------------------------------------------------------------------------------


async def case_study_page(request: Request, iri: str, name: str) -> Response | None:
    lang = language(request)
    store = request.app.state.store
    found = (await data.graphql(request, data.CASE_STUDY, {"iri": iri, "lang": lang})).get("caseStudy")
    if found is None:
        return None
    cs = dict(found)
    origin = await data.in_thread(data.case_study_provenance, store, iri)
    rows = await data.in_thread(data.case_study_policies, store, iri)
    from scpkg.api.graph.types import text

    policies = [
        {
            "iri": r["iri"],
            "title": text(r["props"], "title", lang) or r["iri"],
            "year": r["props"].get("adoptionYear"),
        }
        for r in rows
    ]
    context = {
        **_common(request),
        "cs": cs,
        "title": cs["title"] or cs["identifier"] or iri,
        "title_lang": _fallback(lang, cs["title"], cs["titleEn"]),
        "policies": policies,
        "origin": origin,
        "graph_name": name if origin is not None and "/" not in name else None,
        "here": local_href(iri),
        "nav": None,
    }
    return page(request, "case_study.html", context)


async def case_study_graph(request: Request) -> Response:
    """The triples a case study asserted, as loaded (its named graph): TriG keeps the graph's name."""
    from scpkg.api.linked_data import prefixes

    ext = request.path_params["ext"]
    media = {"trig": "application/trig", "ttl": "text/turtle", "nt": "application/n-triples"}
    if ext not in media:
        return error_page(
            request, 404, "not_found", _t(request)("pg_unknown_format", value=ext), sorted(media)
        )
    iri = f"{ID}case-study/{request.path_params['name']}"
    graph = await data.in_thread(request.app.state.store.case_study_graph, iri)
    if graph is None:
        return error_page(request, 404, "not_found", _t(request)("pg_no_named_graph", iri=iri))
    from rdflib import Dataset, URIRef

    if ext == "trig":
        ds = Dataset()
        named = ds.graph(URIRef(iri))
        for prefix, ns in prefixes(request.app.state.resolver.ontology).items():
            ds.bind(prefix, ns)
        for triple in graph:
            named.add(triple)
        body = ds.serialize(format="trig")
    else:
        for prefix, ns in request.app.state.resolver.prefixes.items():
            graph.bind(prefix, ns)
        body = graph.serialize(format="turtle" if ext == "ttl" else "nt")
    return Response(body, media_type=media[ext])


# --- country ----------------------------------------------------------------------------------------


async def _country(request: Request, code: str) -> dict[str, Any] | None:
    lang = language(request)
    found = await data.graphql(request, data.COUNTRY, {"code": code, "lang": lang})
    return found.get("country")


async def _policy_rows(
    request: Request, country_iri: str, first: int, every: bool = False
) -> tuple[int, list[dict[str, Any]]]:
    """How many policies the country has, and the first ``first`` by title (all of them if ``every``)."""
    lang = language(request)
    variables: dict[str, Any] = {"country": country_iri, "lang": lang, "first": first, "after": None}
    rows: list[dict[str, Any]] = []
    while True:
        conn = (await data.graphql(request, data.POLICY_ROWS, variables))["policies"]
        rows += conn["nodes"]
        if not (every and conn["pageInfo"]["hasNextPage"]):
            return int(conn["totalCount"]), rows
        variables["after"] = conn["pageInfo"]["endCursor"]


def _region_chain(region: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The country's region and the regions above it, most specific first."""
    out = []
    at = region
    while at:
        out.append({k: at[k] for k in ("iri", "m49", "label")})
        at = at.get("parent")
    return out


def _policy_table(t: Callable[..., str], rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [t("pg_policy"), t("pg_instrument_types"), t("pg_status"), t("pg_adoption_year"), "IRI"]
    out = []
    for p in rows:
        out.append(
            [
                p["title"] or p["iri"],
                "; ".join(k["label"] or k["notation"] for k in p["instrumentTypes"]) or t("pg_not_stated"),
                (p["status"] or {}).get("label") or t("pg_not_stated"),
                p["adoptionYear"] if p["adoptionYear"] is not None else t("pg_not_stated"),
                p["iri"],
            ]
        )
    return headers, out


async def country_page(request: Request, iri: str, code: str) -> Response | None:
    lang = language(request)
    t = _t(request)
    try:
        c = await _country(request, iri)
    except data.PageQueryError:  # a country node the resolver does not know: the generic page shows it
        return None
    if c is None:
        return None
    iso3 = c["iso3"] or code
    total, rows = await _policy_rows(request, c["iri"], data.PAGE_SIZE)
    computed, report = await data.in_thread(gaps.gap_report, request.app.state.store, iso3)
    view = gaps.gap_view(report, iso3, lang)
    region = c.get("region")
    context = {
        **_common(request),
        "c": c,
        "iso3": iso3,
        "title": c["label"] or iso3,
        "regions": _region_chain(region),
        "groupings": (region or {}).get("groupings") or [],
        "total": total,
        "policies": rows,
        "policy_table": _policy_table(t, rows),
        "view": view,
        "computed": _clock(computed),
        "stage_name": lambda s: gaps.stage_name(s, lang, t("pg_stage_not_stated")),
        "family_name": lambda f: gaps.family_name(f, lang, t("pg_type_not_stated")),
        "counts_text": lambda counts: gaps.counts_text(t, counts),
        "search_all": gaps.search_href(country=iso3, lang=lang),
        "export": lambda table: f"/countries/{iso3}/export?table={table}&lang={lang}",
        "here": local_href(iri),
        "nav": "countries",
    }
    return page(request, "country.html", context)


async def country_export(request: Request) -> Response:
    """A country page's tables as CSV or XLSX: ``table=policies`` (every policy of the country, not only
    the page's first 50), ``matrix``, ``questions``, ``mea``."""
    if (bad := _bad_format(request)) is not None:
        return bad
    lang = language(request)
    t = _t(request)
    code = request.path_params["code"]
    try:
        from scpkg.api import resolve

        country_iri = resolve.country(code, "country")
    except Exception as exc:  # the resolver's error names the closest codes
        return _unknown_country(request, code, exc)
    c = await _country(request, country_iri)
    if c is None:
        return error_page(request, 404, "not_found", t("pg_unknown_country", value=code), [])
    iso3 = c["iso3"] or code
    table = request.query_params.get("table", "policies")
    if table == "policies":
        _, rows = await _policy_rows(request, c["iri"], data.SETTINGS.max_page_size, every=True)
        return _download(request, f"{iso3}-policies", _policy_table(t, rows))
    if table not in ("matrix", "questions", "mea"):
        return error_page(
            request,
            400,
            "bad_request",
            t("pg_unknown_table", value=table),
            ["policies", "matrix", "questions", "mea"],
        )
    _, report = await data.in_thread(gaps.gap_report, request.app.state.store, iso3)
    view = gaps.gap_view(report, iso3, lang)
    maker = {
        "matrix": lambda: gaps.matrix_rows(view, t, lang),
        "questions": lambda: gaps.question_rows(view, t),
        "mea": lambda: gaps.mea_rows(view, t),
    }
    return _download(request, f"{iso3}-{table}", maker[table]())


def _unknown_country(request: Request, value: str, exc: Exception) -> Response:
    extensions = getattr(exc, "extensions", None) or {}
    suggestions = list(extensions.get("suggestions") or [])
    if not suggestions:
        from scpkg.ingest import countries

        suggestions = difflib.get_close_matches(value.upper(), list(countries.all_iso3()), n=5, cutoff=0.4)
    return error_page(
        request, 400, "bad_request", _t(request)("pg_unknown_country", value=value), suggestions
    )


# --- region -----------------------------------------------------------------------------------------


async def _region_view(request: Request, code: str) -> dict[str, Any] | None:
    lang = language(request)
    found = (await data.graphql(request, data.REGION, {"code": code, "lang": lang})).get("region")
    if found is None:
        return None
    r = dict(found)
    counts = await data.policy_counts_by_country(request, r["iri"])
    members = sorted(
        ({**c, "policies": counts.get(c["iri"], 0)} for c in r["countries"]),
        key=lambda c: (c["label"] or c["iso3"] or "").casefold(),
    )
    return {"r": r, "members": members}


def _members_table(t: Callable[..., str], members: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return [t("pg_country"), "ISO3", t("pg_policies")], [
        [m["label"], m["iso3"], m["policies"]] for m in members
    ]


async def region_page(request: Request, iri: str, code: str) -> Response | None:
    lang = language(request)
    t = _t(request)
    try:
        found = await _region_view(request, iri)
    except data.PageQueryError:  # a region node the resolver does not know: the generic page shows it
        return None
    if found is None:
        return None
    r = found["r"]
    computed, answers = await data.in_thread(gaps.region_answers, request.app.state.store, r["m49"])
    counts = {s: sum(a.counts()[s] for a in answers) for s in STATUSES}
    members = found["members"]
    context = {
        **_common(request),
        "r": r,
        "title": r["label"] or r["m49"],
        "title_lang": _fallback(lang, r["label"], r["labelEn"]),
        "members": members,
        "with_policies": sum(1 for m in members if m["policies"]),
        "policy_total": sum(m["policies"] for m in members),
        "counts": counts,
        "computed": _clock(computed),
        "kind_text": lambda k: t(f"pg_region_kind_{k.replace('-', '_')}"),
        "export": lambda table: f"/regions/{r['m49']}/export?table={table}&lang={lang}",
        "report_href": f"/reports?scope=region:{r['m49']}&lang={lang}",
        "map_href": f"/map?lang={lang}",
        "search_href": gaps.search_href(region=r["m49"], lang=lang),
        "here": local_href(iri),
        "nav": "regions",
    }
    return page(request, "region.html", context)


async def region_export(request: Request) -> Response:
    """A region page's member countries (with their policy counts) as CSV or XLSX."""
    if (bad := _bad_format(request)) is not None:
        return bad
    t = _t(request)
    code = request.path_params["code"]
    try:
        found = await _region_view(request, code)
    except data.PageQueryError:
        found = None
    if found is None:
        return _unknown_region(request, code)
    return _download(request, f"region-{found['r']['m49']}-countries", _members_table(t, found["members"]))


def _unknown_region(request: Request, value: str) -> Response:
    from scpkg.ingest import regions

    try:
        regions.resolve(value)
        suggestions: list[str] = []
    except ValueError as exc:
        suggestions = [str(s) for s in getattr(exc, "suggestions", []) or []]
    return error_page(request, 404, "not_found", _t(request)("pg_unknown_region", value=value), suggestions)


# --- lists ------------------------------------------------------------------------------------------


async def _countries(request: Request, counted: bool = True) -> list[dict[str, Any]]:
    """Every country and area by name in the page's language, with its policies unless not ``counted``
    (counting reads every policy: the compare form's choices do without)."""
    lang = language(request)
    found = await data.graphql(request, data.COUNTRY_LIST, {"lang": lang})
    counts = await data.policy_counts_by_country(request) if counted else {}
    rows = [{**c, "policies": counts.get(c["iri"], 0)} for c in found["countries"]["nodes"]]
    return sorted(rows, key=lambda c: (c["label"] or c["iso3"] or "").casefold())


def _countries_table(t: Callable[..., str], rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [t("pg_country"), "ISO3", t("pg_region"), t("pg_policies")]
    return headers, [
        [c["label"], c["iso3"], (c.get("region") or {}).get("label") or "", c["policies"]] for c in rows
    ]


async def countries_page(request: Request) -> Response:
    """Every country and area, with how many policies the store holds for each (0: no data)."""
    if (bad := _bad_format(request)) is not None:
        return bad
    t = _t(request)
    rows = await _countries(request)
    if request.query_params.get("format"):
        return _download(request, "countries", _countries_table(t, rows))
    context = {
        **_common(request),
        "rows": rows,
        "with_policies": sum(1 for c in rows if c["policies"]),
        "nav": "countries",
    }
    return page(request, "countries.html", context)


async def _regions(request: Request) -> list[dict[str, Any]]:
    """Every region with its countries and policies counted through the region hierarchy (each country
    once per region, as the gap questions' region scopes count)."""
    lang = language(request)
    found = await data.graphql(request, data.REGION_LIST, {"lang": lang})
    countries = await _countries(request)
    regions = {r["iri"]: r for r in found["regions"]["nodes"]}
    above: dict[str, set[str]] = {
        iri: {x["iri"] for x in [r.get("parent") or {}, *(r.get("groupings") or [])] if x}
        for iri, r in regions.items()
    }

    def ancestors(iri: str) -> set[str]:
        seen: set[str] = set()
        todo = [iri]
        while todo:
            at = todo.pop()
            if at in seen:
                continue
            seen.add(at)
            todo.extend(above.get(at, ()))
        return seen

    members: dict[str, set[str]] = {iri: set() for iri in regions}
    policies: dict[str, int] = dict.fromkeys(regions, 0)
    for c in countries:
        start = (c.get("region") or {}).get("iri")
        if not start:
            continue
        for r in ancestors(start):
            if r in members and c["iri"] not in members[r]:
                members[r].add(c["iri"])
                policies[r] += c["policies"]
    rows = []
    for iri, r in regions.items():
        kinds = r.get("kinds") or []
        parent = regions.get((r.get("parent") or {}).get("iri", ""))
        rows.append(
            {
                **r,
                "countries": len(members[iri]),
                "policies": policies[iri],
                "parent_label": parent["label"] if parent else "",
                "order": min(
                    (REGION_KIND_ORDER.index(k) for k in kinds if k in REGION_KIND_ORDER), default=9
                ),
            }
        )
    return sorted(rows, key=lambda r: (r["order"], r["m49"] or ""))


def _regions_table(t: Callable[..., str], rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        t("pg_region"),
        "M49",
        t("pg_region_kind"),
        t("pg_part_of"),
        t("pg_countries"),
        t("pg_policies"),
    ]
    out = [
        [
            r["label"],
            r["m49"],
            t(f"pg_region_kind_{(r['kind'] or 'world').replace('-', '_')}"),
            r["parent_label"],
            r["countries"],
            r["policies"],
        ]
        for r in rows
    ]
    return headers, out


async def regions_page(request: Request) -> Response:
    """Every region (the World, M49 regions and sub-regions, SDG groupings) with countries and policies."""
    if (bad := _bad_format(request)) is not None:
        return bad
    t = _t(request)
    rows = await _regions(request)
    if request.query_params.get("format"):
        return _download(request, "regions", _regions_table(t, rows))
    context = {
        **_common(request),
        "rows": rows,
        "kind_text": lambda k: t(f"pg_region_kind_{(k or 'world').replace('-', '_')}"),
        "nav": "regions",
    }
    return page(request, "regions.html", context)


# --- compare ----------------------------------------------------------------------------------------


async def compare_page(request: Request) -> Response:
    """Two or more countries side by side on the matrix and the ten questions; ``format`` with
    ``table=questions|matrix`` downloads either table."""
    from scpkg.api import resolve

    if (bad := _bad_format(request)) is not None:
        return bad
    lang = language(request)
    t = _t(request)
    asked = [v.strip() for v in request.query_params.getlist("country") if v.strip()]
    chosen: list[dict[str, Any]] = []
    for value in asked:
        try:
            iri = resolve.country(value, "country")
        except Exception as exc:
            return _unknown_country(request, value, exc)
        c = await _country(request, iri)
        if c is None:
            return error_page(request, 404, "not_found", t("pg_unknown_country", value=value), [])
        if all(x["iri"] != c["iri"] for x in chosen):
            chosen.append(c)
    views = []
    oldest = time.time()
    for c in chosen:
        computed, report = await data.in_thread(gaps.gap_report, request.app.state.store, c["iso3"])
        oldest = min(oldest, computed)
        views.append(gaps.gap_view(report, c["iso3"], lang))
    if request.query_params.get("format") and len(views) >= 2:
        table = request.query_params.get("table", "questions")
        if table not in ("questions", "matrix"):
            return error_page(
                request, 400, "bad_request", t("pg_unknown_table", value=table), ["questions", "matrix"]
            )
        return _download(
            request,
            f"compare-{'-'.join(v.iso3 for v in views)}-{table}",
            _compare_table(t, lang, chosen, views, table),
        )
    options = await _countries(request, counted=False)
    context = {
        **_common(request),
        "chosen": chosen,
        "views": views,
        "options": options,
        "slots": max(len(chosen) + 1, 3),
        "stage_name": lambda s: gaps.stage_name(s, lang, t("pg_stage_not_stated")),
        "family_name": lambda f: gaps.family_name(f, lang, t("pg_type_not_stated")),
        "questions": _compare_questions(views),
        "computed": _clock(oldest),
        "nav": "compare",
    }
    return page(request, "compare.html", context)


def _compare_questions(views: Sequence[gaps.GapView]) -> list[dict[str, Any]]:
    """One row per question with each country's counts (a question a scope cannot ask is None)."""
    rows: dict[int, dict[str, Any]] = {}
    for i, view in enumerate(views):
        for q in view.questions:
            row = rows.setdefault(q.number, {"q": q, "cells": [None] * len(views)})
            row["cells"][i] = q
    return [rows[n] for n in sorted(rows)]


def _compare_table(
    t: Callable[..., str], lang: str, chosen: list[dict[str, Any]], views: list[gaps.GapView], table: str
) -> tuple[list[str], list[list[Any]]]:
    if table == "questions":
        headers = [
            t("pg_question_number"),
            t("pg_question"),
            t("pg_country"),
            *[gaps.status_text(t, s) for s in STATUSES],
        ]
        out: list[list[Any]] = []
        for row in _compare_questions(views):
            for view, q in zip(views, row["cells"], strict=True):
                if q is not None:
                    out.append([q.number, q.title, view.iso3, *[q.counts.get(s, 0) for s in STATUSES]])
        return headers, out
    headers = [
        t("pg_matrix_stage"),
        t("pg_instrument_type"),
        t("pg_country"),
        t("pg_policies"),
        t("pg_status"),
    ]
    out = []
    first = views[0]
    for stage in first.stages:
        for family in first.families:
            for view in views:
                cell = view.cells[(stage, family)]
                out.append(
                    [
                        gaps.stage_name(stage, lang, t("pg_stage_not_stated")),
                        gaps.family_name(family, lang, t("pg_type_not_stated")),
                        view.iso3,
                        cell.policies,
                        gaps.status_text(t, "cell_" + cell.status),
                    ]
                )
    return headers, out


_ENTITY_PAGES: dict[str, Callable[[Request, str, str], Any]] = {
    "policy": policy_page,
    "country": country_page,
    "region": region_page,
    "case-study": case_study_page,
}
