"""Cypher for policy lists, counts and facets.

A list request combines filters, so its statement is assembled — but only from the module-level
constant fragments below, chosen by which filters are set; every value is a parameter, and labels
(instrument types) are compared as parameters (``$instrument_type IN labels(p)``), never written into
the text. :func:`statements` enumerates each fragment on its own and all of them together, which is
what the Cypher compatibility test lints and runs (their conjunctions are then valid too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

START_ALL: LiteralString = "MATCH (p:Policy)"
START_COUNTRY: LiteralString = "MATCH (:Resource {iri: $country})<-[:COUNTRY]-(p:Policy)"
START_REGION: LiteralString = (
    "MATCH (:Resource {iri: $region})<-[:SUB_REGION_OF*0..4]-(:Region)<-[:IN_REGION]-(:Country)"
    "<-[:COUNTRY]-(p:Policy) WITH DISTINCT p"
)

FILTERS: dict[str, LiteralString] = {
    "instrument_type": "$instrument_type IN labels(p)",
    "stage": "(p)-[:TARGETS_STAGE]->(:Resource)-[:BROADER*0..3]->(:Resource {iri: $stage})",
    "sector": "(p)-[:COVERS_SECTOR]->(:Resource)-[:BROADER*0..3]->(:Resource {iri: $sector})",
    "lead_ministry_type": (
        "(p)-[:LED_BY]->(:Resource)-[:MINISTRY_TYPE]->(:Resource {iri: $lead_ministry_type})"
    ),
    "mea": "(p)-[:IMPLEMENTS_OBLIGATION]->(:Resource)-[:OBLIGATION_OF]->(:Resource {iri: $mea})",
    "sdg": "(p)-[:CONTRIBUTES_TO]->(:Resource)-[:BROADER*0..2]->(:Resource {iri: $sdg})",
    "year_from": "p.adoptionYear >= $year_from",
    "year_to": "p.adoptionYear <= $year_to",
    "has_quantified_target": "(p)-[:HAS_TARGET]->(:QuantifiedTarget)",
    "no_quantified_target": "NOT (p)-[:HAS_TARGET]->(:QuantifiedTarget)",
    "text": ("any(k IN keys(p) WHERE k STARTS WITH 'title_' AND toLower(toString(p[k])) CONTAINS $text)"),
}
"""One predicate per filter; its parameter has the filter's name (``text`` is lower-cased first)."""

ORDERS: dict[str, LiteralString] = {
    "IRI": " WITH p ORDER BY p.iri",
    "TITLE": " WITH p ORDER BY p.title_en, p.iri",
    "ADOPTION_YEAR": " WITH p ORDER BY p.adoptionYear IS NULL, p.adoptionYear, p.iri",
    "ADOPTION_YEAR_DESC": " WITH p ORDER BY p.adoptionYear IS NULL, p.adoptionYear DESC, p.iri",
}
"""Sort orders. Policies without an adoption year come last either way (Cypher would put nulls first
in a descending sort, so "most recent first" would open with every undated policy)."""

PAGE: LiteralString = (
    " SKIP $skip LIMIT $limit RETURN p.iri AS iri, properties(p) AS props, labels(p) AS labels"
)
COUNT: LiteralString = " RETURN count(p) AS total"

FACETS: dict[str, LiteralString] = {
    "stage": " MATCH (p)-[:TARGETS_STAGE]->(s:Resource) RETURN s.iri AS a, null AS b, count(DISTINCT p) AS n",
    "sector": (
        " MATCH (p)-[:COVERS_SECTOR]->(s:Resource) RETURN s.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "instrument_type": " UNWIND p.rdf_type AS t RETURN t AS a, null AS b, count(DISTINCT p) AS n",
    "country": " MATCH (p)-[:COUNTRY]->(c:Resource) RETURN c.iri AS a, null AS b, count(DISTINCT p) AS n",
    "adoption_year": " RETURN p.adoptionYear AS a, null AS b, count(p) AS n",
    "stage_instrument_type": (
        " MATCH (p)-[:TARGETS_STAGE]->(s:Resource) UNWIND p.rdf_type AS t "
        "RETURN s.iri AS a, t AS b, count(DISTINCT p) AS n"
    ),
}


@dataclass(frozen=True)
class Where:
    """Filter values after normalisation (IRIs, lower-cased text); None = not filtered."""

    country: str | None = None
    region: str | None = None
    instrument_type: str | None = None
    stage: str | None = None
    sector: str | None = None
    lead_ministry_type: str | None = None
    mea: str | None = None
    sdg: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    has_quantified_target: bool | None = None
    text: str | None = None


def _cat(*parts: LiteralString) -> LiteralString:
    return "".join(parts)


def match_clause(where: Where) -> tuple[LiteralString, dict[str, Any]]:
    """The MATCH … WHERE part for ``where``, from the constant fragments, and its parameters."""
    params: dict[str, Any] = {}
    if where.country is not None:
        text: LiteralString = START_COUNTRY
        params["country"] = where.country
    elif where.region is not None:
        text = START_REGION
        params["region"] = where.region
    else:
        text = START_ALL
    preds: list[LiteralString] = []
    for name, fragment in FILTERS.items():
        if name in ("has_quantified_target", "no_quantified_target"):
            continue
        value = getattr(where, name)
        if value is not None:
            preds.append(fragment)
            params[name] = value
    if where.has_quantified_target is True:
        preds.append(FILTERS["has_quantified_target"])
    elif where.has_quantified_target is False:
        preds.append(FILTERS["no_quantified_target"])
    if preds:
        text = _cat(text, " WHERE ", " AND ".join(preds))
    return text, params


def page_statement(where: Where, order: str, skip: int, limit: int) -> tuple[LiteralString, dict[str, Any]]:
    """One page of policies."""
    text, params = match_clause(where)
    return _cat(text, ORDERS[order], PAGE), {**params, "skip": skip, "limit": limit}


def count_statement(where: Where) -> tuple[LiteralString, dict[str, Any]]:
    """How many policies match."""
    text, params = match_clause(where)
    return _cat(text, COUNT), params


def facet_statement(where: Where, facet: str) -> tuple[LiteralString, dict[str, Any]]:
    """Counts of matching policies per value (or pair of values) of one facet."""
    text, params = match_clause(where)
    return _cat(text, FACETS[facet]), params


_EXAMPLE = {
    "country": "x",
    "region": "x",
    "instrument_type": "Policy",
    "stage": "x",
    "sector": "x",
    "lead_ministry_type": "x",
    "mea": "x",
    "sdg": "x",
    "year_from": 2000,
    "year_to": 2030,
    "text": "x",
}


def statements() -> dict[str, tuple[LiteralString, dict[str, Any]]]:
    """Every fragment in a statement of its own, plus the fullest combinations, for the compat test."""
    out: dict[str, tuple[LiteralString, dict[str, Any]]] = {}
    for name in FILTERS:
        if name == "no_quantified_target":
            continue
        value: Any = True if name == "has_quantified_target" else _EXAMPLE[name]
        out[f"policies filter {name}"] = page_statement(Where(**{name: value}), "IRI", 0, 1)
    out["policies filter no_quantified_target"] = page_statement(
        Where(has_quantified_target=False), "IRI", 0, 1
    )
    full = {k: v for k, v in _EXAMPLE.items() if k != "region"}
    for order in ORDERS:
        out[f"policies all filters, order {order}"] = page_statement(
            Where(**full, has_quantified_target=True), order, 0, 1
        )
    out["policies region"] = page_statement(Where(region="x"), "TITLE", 0, 1)
    out["policies count"] = count_statement(Where(**full))
    out["policies count region"] = count_statement(Where(region="x", stage="x"))
    for facet in FACETS:
        out[f"policies facet {facet}"] = facet_statement(Where(**full), facet)
    return out
