"""Fetch only the properties a policy page asks for (issue 11).

A page of policies normally returns each node's whole property map and its labels: at 10,000 items
most of the store call is spent encoding and decoding values nobody asked for. When every field the
request selects on the policies of a page is one whose properties are known here (:data:`LEAN`), the
page asks the store for just those property keys, as a parameter (``[k IN $keys | p[k]]``), and for
whether the policy is a framework instead of all its labels. Any other field (a label with its
fallbacks across names, dates, original titles...) keeps the full statement, so a field added later
is never served from missing properties. A text that falls back to "any language" (no value in the
asked language, English or without a tag) cannot be decided from the asked keys: rows where that
happens are loaded again in full (one batched look-up), so answers stay the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, LiteralString

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from scpkg.api.graph.loaders import NodeRow
from scpkg.api.policies.loaders import ORDERS, Where, match_clause

PAGE_LEAN: LiteralString = (
    " SKIP $skip LIMIT $limit RETURN p.iri AS iri, [k IN $keys | p[k]] AS values,"
    " 'PolicyFramework' IN labels(p) AS framework"
)
"""The page's return clause when only known properties are asked for (keys are a parameter)."""

NEEDS_IRI_ONLY = frozenset(
    {
        "__typename",
        "iri",
        "isFramework",
        # Relationships: loaded by IRI through the DataLoaders, whatever the row holds.
        "amends",
        "amendedBy",
        "repeals",
        "repealedBy",
        "unresolvedReferences",
        "formerIris",
        "country",
        "stages",
        "sectors",
        "leadBodies",
        "leadBodyLinks",
        "involvedBodies",
        "frameworks",
        "parts",
        "frameworkLevel",
        "jurisdictionLevel",
        "subdivision",
        "status",
        "targets",
        "outcomes",
        "sdgs",
        "obligations",
        "hotspots",
        "programmes",
    }
)
PLAIN_KEYS: dict[str, tuple[str, ...]] = {
    "identifier": ("identifier",),
    "adoptionYear": ("adoptionYear",),
    "launchedOn": ("launchedOn",),
    "rdfType": ("rdf_type",),
    "instrumentTypes": ("rdf_type",),
    "instrumentType": ("rdf_type",),
    "typeStated": ("rdf_type",),
    "urls": ("sourceUrl",),
    "assertedBy": ("asserted_by",),
    "conflicts": ("asserted_by",),
}
"""Fields of :class:`scpkg.api.policies.types.Policy` and the property keys each reads."""
TEXTS = {"title": "title", "description": "description"}
"""Fields read with :func:`scpkg.api.graph.types.text`: ``<stem>_<lang>``, English, untagged, then any."""


@dataclass
class Lean:
    """The keys to fetch, and per text field the keys that decide it without the any-language fallback."""

    keys: list[str] = field(default_factory=list)
    texts: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, keys: Iterable[str]) -> None:
        self.keys.extend(k for k in keys if k not in self.keys)

    def row(self, record: dict[str, Any]) -> NodeRow:
        # A missing key comes back as null: the same as absent to every reader (they all use .get).
        props = dict(zip(self.keys, record["values"] or (), strict=False))
        props["iri"] = record["iri"]
        labels = ("Policy", "PolicyFramework") if record["framework"] else ("Policy",)
        return NodeRow(record["iri"], props, labels)

    def undecided(self, row: NodeRow) -> bool:
        """Whether a text field of this row would fall back to a key that was not fetched."""
        return any(all(row.props.get(k) is None for k in keys) for keys in self.texts)


def lean_selection(info: Info) -> Lean | None:
    """The properties the page's policies need, or None when a selected field needs the full node."""
    lean = Lean()
    for connection_field in info.selected_fields:
        for selected in _fields(connection_field.selections):
            if selected.name == "nodes":
                policies: Iterable[SelectedField] = _fields(selected.selections)
            elif selected.name == "edges":
                policies = (
                    n for e in _fields(selected.selections) if e.name == "node" for n in _fields(e.selections)
                )
            else:
                continue  # pageInfo, totalCount, cursors: nothing of the policies themselves
            for policy_field in policies:
                if not _needs(policy_field, lean):
                    return None
    return lean


def _needs(selected: SelectedField, lean: Lean) -> bool:
    name = selected.name
    if name in NEEDS_IRI_ONLY:
        return True
    if name in PLAIN_KEYS:
        lean.add(PLAIN_KEYS[name])
        return True
    if name in TEXTS:
        lang = selected.arguments.get("lang", "en")
        if not isinstance(lang, str):
            return False
        stem = TEXTS[name]
        keys = (f"{stem}_{lang}", f"{stem}_en", stem)
        lean.add(keys)
        lean.texts.append(keys)
        return True
    return False


def _fields(selections: Iterable[Any]) -> Iterable[SelectedField]:
    """Selected fields, with those of fragments (named or inline) flattened in."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def lean_page_statement(
    where: Where, order: str, skip: int, limit: int, keys: list[str]
) -> tuple[LiteralString, dict[str, Any]]:
    """One page of policies with only ``keys`` of their properties."""
    text, params = match_clause(where)
    query: LiteralString = "".join((text, ORDERS[order], PAGE_LEAN))
    return query, {**params, "skip": skip, "limit": limit, "keys": keys}


async def complete_rows(
    rows: list[NodeRow], lean: Lean, load_full: Callable[[list[str]], Any]
) -> list[NodeRow]:
    """``rows``, with those whose texts would need the any-language fallback loaded in full."""
    undecided = [r.iri for r in rows if lean.undecided(r)]
    if not undecided:
        return rows
    full = dict(zip(undecided, await load_full(undecided), strict=True))
    return [full.get(r.iri) or r if r.iri in full else r for r in rows]


def statements() -> dict[str, tuple[LiteralString, dict[str, Any]]]:
    """The lean page statement, unfiltered and with every filter, for the compat test."""
    from scpkg.api.policies.loaders import _EXAMPLE

    full = {k: v for k, v in _EXAMPLE.items() if k != "region"}
    keys = ["title_en", "adoptionYear"]
    return {
        "policies lean page": lean_page_statement(Where(), "IRI", 0, 1, keys),
        "policies lean page, all filters": lean_page_statement(
            Where(**full, has_quantified_target=True), "TITLE", 0, 1, keys
        ),
        "policies lean page, region": lean_page_statement(
            Where(region="x"), "ADOPTION_YEAR_DESC", 0, 1, keys
        ),
    }
