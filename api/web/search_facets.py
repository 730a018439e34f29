"""Facet counts of a search, and the names of what they count, from the store in few statements.

Counts follow drill-down semantics with several values per facet: a facet's counts are taken on the
result set with every *other* facet's choice applied (its own left out), so the other values of a
chosen facet keep their counts and choosing one of them widens the result (values of one facet are OR).
Facets without a choice share the result set itself; identical statements are run once, concurrently.

Counts are exactly what the filter of that value would return: hierarchical vocabularies (stages,
sectors, SDGs, regions) count a policy under its values and every broader one, instrument types under
the asserted class and its superclasses, 12.1.1 categories under the crosswalk's classes, each policy
once per value.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from scpkg.api.policies.loaders import CROSSWALK, Where, facet_statement
from scpkg.api.web.search_query import FACETS, SearchState
from scpkg.store.cypher import NODE_STATES

TOP = 10
"""Values a long facet shows before its "show all" list."""


@dataclass
class FacetValue:
    """One value of a facet: URL code, label in the page language (and that label's language), count."""

    code: str
    label: str
    label_lang: str
    count: int
    chosen: bool = False
    iri: str = ""


async def run_all(store: Any, statements: list[tuple[str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Run statements concurrently (the embedded server answers several at once), one per distinct text
    and parameters."""
    keys = [(q, repr(sorted(p.items()))) for q, p in statements]
    unique = dict.fromkeys(keys)
    index = {k: i for i, k in enumerate(unique)}
    todo = [statements[keys.index(k)] for k in unique]
    results = await asyncio.gather(*(run_in_threadpool(store.run, q, p) for q, p in todo))
    return [results[index[k]] for k in keys]


async def crosswalk(store: Any) -> dict[str, list[str]]:
    """12.1.1 category IRI -> instrument class IRIs, as the store's reference data maps them."""
    out: dict[str, list[str]] = defaultdict(list)
    for row in await run_in_threadpool(store.run, CROSSWALK, {}):
        out[str(row["category"])].append(str(row["class"]))
    return {k: sorted(v) for k, v in out.items()}


def facet_statements(state: SearchState, backend: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(facet name, statement, parameters) for every facet, on its drill-down base."""
    out = []
    for facet in FACETS:
        base: Where = state.without(facet.name) if facet.name in state.chosen else state.where
        query, params = facet_statement(base, facet.statement, backend)
        out.append((facet.name, query, params))
    return out


def raw_counts(
    name: str, rows: list[dict[str, Any]], supers: dict[str, set[str]], cross: dict[str, list[str]]
) -> dict[str, int]:
    """Value (IRI, year, or yes/no) -> policies, from one facet statement's rows."""
    counts: dict[str, int] = defaultdict(int)
    if name in ("type", "category"):
        for row in rows:
            types = row["a"] if isinstance(row["a"], list) else [row["a"]]
            if name == "type":
                values = {s for t in types if t for s in supers.get(str(t), {str(t)})}
            else:
                values = {cat for cat, classes in cross.items() if any(str(t) in classes for t in types)}
            for v in values:
                counts[v] += int(row["n"])
        return dict(counts)
    for row in rows:
        if row["a"] is None:
            continue
        key = ("yes" if row["a"] else "no") if name == "illustrative" else str(row["a"])
        counts[key] += int(row["n"])
    return dict(counts)


async def labels(store: Any, iris: set[str]) -> dict[str, dict[str, Any]]:
    """Stored properties (labels, codes) of the given nodes, in one statement."""
    if not iris:
        return {}
    rows = await run_in_threadpool(store.run, NODE_STATES, {"iris": sorted(iris)})
    return {str(r["iri"]): dict(r["props"]) for r in rows}


def label_of(props: dict[str, Any] | None, lang: str, fallback: str) -> tuple[str, str]:
    """The node's label in ``lang``, else English, else ``fallback``; and the label's language."""
    props = props or {}
    for language in (lang, "en"):
        for key in ("prefLabel", "label", "title"):
            value = props.get(f"{key}_{language}")
            if isinstance(value, list):
                value = value[0] if value else None
            if value:
                return str(value), language
    return fallback, "en"


def code_of(props: dict[str, Any] | None, iri: str) -> str:
    """The short code a URL names a node by: ISO3, M49, notation, MEA identifier; else the IRI's end."""
    props = props or {}
    for key in ("iso3", "m49", "notation", "identifier"):
        value = props.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value)
    return iri.rstrip("/").rsplit("/", 1)[-1]
