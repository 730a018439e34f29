"""Cypher for policy lists, counts and facets.

A list request combines filters, so its statement is assembled — but only from the module-level
constant fragments below, chosen by which filters are set; every value is a parameter, and labels
(instrument types) are compared as parameters (``$instrument_type IN labels(p)``), never written into
the text. :func:`statements` enumerates each fragment on its own and all of them together, which is
what the Cypher compatibility test lints and runs (their conjunctions are then valid too).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, LiteralString

from scpkg.store import fulltext

START_ALL: LiteralString = "MATCH (p:Policy)"
START_COUNTRY: LiteralString = "MATCH (:Resource {iri: $country})<-[:COUNTRY]-(p:Policy)"
START_REGION: LiteralString = (
    "MATCH (:Resource {iri: $region})<-[:SUB_REGION_OF*0..4]-(:Region)<-[:IN_REGION]-(:Country)"
    "<-[:COUNTRY]-(p:Policy) WITH DISTINCT p"
)

# The web front's search (several values of one filter are OR, filters AND; ranked full-text search).
# Its statements carry ``score`` (the full-text rank, 0.0 without a text search) through every clause.
START_ALL_SCORED: LiteralString = "MATCH (p:Policy) WITH p, 0.0 AS score"
START_COUNTRIES: LiteralString = (
    "UNWIND $countries AS country_iri MATCH (:Resource {iri: country_iri})<-[:COUNTRY]-(p:Policy) "
    "WITH DISTINCT p, 0.0 AS score"
)
START_REGIONS: LiteralString = (
    "UNWIND $regions AS region_iri "
    "MATCH (:Resource {iri: region_iri})<-[:SUB_REGION_OF*0..4]-(:Region)<-[:IN_REGION]-(:Country)"
    "<-[:COUNTRY]-(p:Policy) WITH DISTINCT p, 0.0 AS score"
)
LIST_FILTERS: dict[str, LiteralString] = {
    "countries": (
        " MATCH (p)-[:COUNTRY]->(f_country:Resource) WHERE f_country.iri IN $countries WITH DISTINCT p, score"
    ),
    "regions": (
        " MATCH (p)-[:COUNTRY]->(:Country)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..4]->(f_region:Region)"
        " WHERE f_region.iri IN $regions WITH DISTINCT p, score"
    ),
    "stages": (
        " MATCH (p)-[:TARGETS_STAGE]->(:Resource)-[:BROADER*0..3]->(f_stage:Resource)"
        " WHERE f_stage.iri IN $stages WITH DISTINCT p, score"
    ),
    "sectors": (
        " MATCH (p)-[:COVERS_SECTOR]->(:Resource)-[:BROADER*0..3]->(f_sector:Resource)"
        " WHERE f_sector.iri IN $sectors WITH DISTINCT p, score"
    ),
    "ministries": (
        " MATCH (p)-[:LED_BY]->(:Resource)-[:MINISTRY_TYPE]->(f_ministry:Resource)"
        " WHERE f_ministry.iri IN $ministries WITH DISTINCT p, score"
    ),
    "meas": (
        " MATCH (p)-[:IMPLEMENTS_OBLIGATION]->(:Resource)-[:OBLIGATION_OF]->(f_mea:Resource)"
        " WHERE f_mea.iri IN $meas WITH DISTINCT p, score"
    ),
    "sdgs": (
        " MATCH (p)-[:CONTRIBUTES_TO]->(:Resource)-[:BROADER*0..2]->(f_sdg:Resource)"
        " WHERE f_sdg.iri IN $sdgs WITH DISTINCT p, score"
    ),
    "statuses": (
        " MATCH (p)-[:STATUS]->(f_status:Resource) WHERE f_status.iri IN $statuses WITH DISTINCT p, score"
    ),
}
"""One clause per list filter (parameter named like the field): the policy has one of the values (or a
narrower one, for the hierarchical vocabularies)."""
LIST_PREDICATES: dict[str, LiteralString] = {
    "types": "any(t IN $types WHERE t IN labels(p))",
    "category_classes": "any(t IN p.rdf_type WHERE t IN $category_classes)",
    "substrings": fulltext.CONTAINS,
}
"""List filters that are predicates on the policy node itself (``substrings`` is the parameter
``contains``: words of scripts without spaces, matched as substrings)."""
ILLUSTRATIVE_ONLY: LiteralString = (
    " OPTIONAL MATCH (p)-[:WAS_DERIVED_FROM]->(f_real:CaseStudy {illustrative: false})"
    " WITH p, score, count(f_real) AS f_reals WHERE f_reals = 0"
)
NOT_ILLUSTRATIVE: LiteralString = (
    " MATCH (p)-[:WAS_DERIVED_FROM]->(f_real:CaseStudy {illustrative: false}) WITH DISTINCT p, score"
)
"""A policy is illustrative when no case study it is derived from is a real one (not illustrative):
the policies ``--exclude-illustrative`` keeps are exactly the others. Clauses, not pattern predicates:
at 100,000 policies ``NOT (p)-[...]->(...)`` took 2.5 s where these take 1.6 s and 0.1 s."""

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
    # The web front's: by full-text score (needs a text search), by the page language's title.
    "SCORE": " WITH p, score ORDER BY score DESC, p.title_en, p.iri",
    "TITLE_LANG": " WITH p ORDER BY coalesce(p[$title_key], p.title_en), p.iri",
}
"""Sort orders. Policies without an adoption year come last either way (Cypher would put nulls first
in a descending sort, so "most recent first" would open with every undated policy)."""
GRAPHQL_ORDERS = ("IRI", "TITLE", "ADOPTION_YEAR", "ADOPTION_YEAR_DESC")
"""The orders of ``PolicySort``."""

PAGE: LiteralString = (
    " SKIP $skip LIMIT $limit RETURN p.iri AS iri, properties(p) AS props, labels(p) AS labels"
)
COUNT: LiteralString = " RETURN count(p) AS total"
ROWS: LiteralString = (
    " SKIP $skip LIMIT $limit RETURN p.iri AS iri, properties(p) AS props,"
    " [(p)-[:COUNTRY]->(c:Resource) | c.iri] AS countries,"
    " [(p)-[:STATUS]->(ps:Resource) | ps.iri] AS statuses,"
    " [(p)-[:TARGETS_STAGE]->(pst:Resource) | pst.iri] AS stages,"
    " [(p)-[:COVERS_SECTOR]->(pse:Resource) | pse.iri] AS sectors,"
    " [(p)-[:WAS_DERIVED_FROM]->(cs:CaseStudy) | cs.illustrative] AS case_illustrative"
)
"""A page of the web front's result list with what each row shows, in the same statement (no query
per result): countries, statuses, stages, sectors and the illustrative flags of its case studies.
Each comprehension has a variable of its own: FalkorDB answered ``[]`` for a later one reusing a name."""

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
    # The web front's facets: counts per value as its filters count (narrower values included).
    "country_direct": " MATCH (p)-[:COUNTRY]->(c:Resource) RETURN c.iri AS a, null AS b, count(p) AS n",
    "region_tree": (
        " MATCH (p)-[:COUNTRY]->(:Country)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..4]->(r:Region)"
        " RETURN r.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "stage_tree": (
        " MATCH (p)-[:TARGETS_STAGE]->(:Resource)-[:BROADER*0..3]->(s:Resource)"
        " RETURN s.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "sector_tree": (
        " MATCH (p)-[:COVERS_SECTOR]->(:Resource)-[:BROADER*0..3]->(s:Resource)"
        " RETURN s.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "lead_ministry_type": (
        " MATCH (p)-[:LED_BY]->(:Resource)-[:MINISTRY_TYPE]->(m:Resource)"
        " RETURN m.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "mea": (
        " MATCH (p)-[:IMPLEMENTS_OBLIGATION]->(:Resource)-[:OBLIGATION_OF]->(m:Resource)"
        " RETURN m.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "sdg_tree": (
        " MATCH (p)-[:CONTRIBUTES_TO]->(:Resource)-[:BROADER*0..2]->(g:Resource)"
        " RETURN g.iri AS a, null AS b, count(DISTINCT p) AS n"
    ),
    "status": " MATCH (p)-[:STATUS]->(s:Resource) RETURN s.iri AS a, null AS b, count(DISTINCT p) AS n",
    "type_sets": " RETURN p.rdf_type AS a, null AS b, count(p) AS n",
    "illustrative": (
        " OPTIONAL MATCH (p)-[:WAS_DERIVED_FROM]->(c:CaseStudy) WITH p, collect(c.illustrative) AS flags"
        " RETURN NOT (false IN flags) AS a, null AS b, count(p) AS n"
    ),
}
"""``type_sets`` counts policies per set of asserted types (a few dozen sets): instrument types with their
superclasses and 12.1.1 categories are counted from it exactly, a policy once per value."""


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
    # Several values each (OR), for the web front's search; () = not filtered.
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    """Lead-ministry types."""
    meas: tuple[str, ...] = ()
    sdgs: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    """Instrument-type class names (store labels), each with its subtypes."""
    category_classes: tuple[str, ...] = ()
    """Class IRIs of the chosen 12.1.1 categories (the crosswalk's), compared with asserted types."""
    illustrative: bool | None = None
    """True: only policies of illustrative case studies; False: only the others."""
    terms: tuple[str, ...] = ()
    """Words for the full-text index (:func:`scpkg.store.fulltext.parse`); ranked by score."""
    substrings: tuple[str, ...] = ()
    """Lower-cased words of scripts without spaces, matched as substrings of titles and descriptions."""

    @property
    def searching(self) -> bool:
        """Whether this uses the web front's search clauses (which carry ``score``)."""
        return any(getattr(self, f.name) not in ((), None) for f in fields(self) if f.name in _SEARCH_FIELDS)


_SEARCH_FIELDS = frozenset({*LIST_FILTERS, *LIST_PREDICATES, "types", "illustrative", "terms", "substrings"})


def _cat(*parts: LiteralString) -> LiteralString:
    return "".join(parts)


def match_clause(where: Where, backend: str = "falkordb") -> tuple[LiteralString, dict[str, Any]]:
    """The MATCH … WHERE part for ``where``, from the constant fragments, and its parameters.
    ``backend`` matters only for a full-text search (each store has its own index procedure)."""
    if where.searching:
        return _search_clause(where, backend)
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


def _search_clause(where: Where, backend: str) -> tuple[LiteralString, dict[str, Any]]:
    """The web front's form: a start (the full-text index, else the countries, regions or all
    policies), the predicates on the node, then one clause per other list filter; ``score`` all along."""
    params: dict[str, Any] = {}
    consumed: set[str] = set()
    if where.terms:
        text = fulltext.query_start(backend)
        params["fulltext"] = fulltext.render(where.terms, backend)
    elif where.countries:
        text, consumed = START_COUNTRIES, {"countries"}
    elif where.regions:
        text, consumed = START_REGIONS, {"regions"}
    else:
        text = START_ALL_SCORED
    preds: list[LiteralString] = []
    if where.country is not None:
        preds.append("(p)-[:COUNTRY]->(:Resource {iri: $country})")
        params["country"] = where.country
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
    for name, fragment in LIST_PREDICATES.items():
        if getattr(where, name):
            preds.append(fragment)
            params["contains" if name == "substrings" else name] = list(getattr(where, name))
    if preds:
        # A second WITH: FalkorDB refuses a pattern predicate right after CALL ... YIELD (type mismatch).
        text = _cat(text, " WITH p, score WHERE ", " AND ".join(preds))
    for name, fragment in LIST_FILTERS.items():
        if getattr(where, name) and name not in consumed:
            text = _cat(text, fragment)
        if getattr(where, name):
            params[name] = list(getattr(where, name))
    if where.illustrative is True:
        text = _cat(text, ILLUSTRATIVE_ONLY)
    elif where.illustrative is False:
        text = _cat(text, NOT_ILLUSTRATIVE)
    if where.region is not None:
        text = _cat(text, _REGION_SEGMENT)
        params["region"] = where.region
    return text, params


_REGION_SEGMENT: LiteralString = (
    " MATCH (p)-[:COUNTRY]->(:Country)-[:IN_REGION]->(:Region)-[:SUB_REGION_OF*0..4]->(f_one:Region)"
    " WHERE f_one.iri = $region WITH DISTINCT p, score"
)


def page_statement(where: Where, order: str, skip: int, limit: int) -> tuple[LiteralString, dict[str, Any]]:
    """One page of policies."""
    text, params = match_clause(where)
    return _cat(text, ORDERS[order], PAGE), {**params, "skip": skip, "limit": limit}


def count_statement(where: Where) -> tuple[LiteralString, dict[str, Any]]:
    """How many policies match."""
    text, params = match_clause(where)
    return _cat(text, COUNT), params


def facet_statement(
    where: Where, facet: str, backend: str = "falkordb"
) -> tuple[LiteralString, dict[str, Any]]:
    """Counts of matching policies per value (or pair of values) of one facet."""
    text, params = match_clause(where, backend)
    return _cat(text, FACETS[facet]), params


def rows_statement(
    where: Where, order: str, skip: int, limit: int, backend: str = "falkordb", title_key: str = "title_en"
) -> tuple[LiteralString, dict[str, Any]]:
    """A page of the web front's result list (:data:`ROWS`); ``order`` ``SCORE`` needs a text search,
    ``TITLE_LANG`` sorts by ``title_key`` (the page language's title), falling back to English."""
    text, params = match_clause(where, backend)
    params = {**params, "skip": skip, "limit": limit}
    if order == "TITLE_LANG":
        params["title_key"] = title_key
    return _cat(text, ORDERS[order], ROWS), params


def search_count_statement(where: Where, backend: str = "falkordb") -> tuple[LiteralString, dict[str, Any]]:
    """How many policies the web front's search matches."""
    text, params = match_clause(where, backend)
    return _cat(text, COUNT), params


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
    for order in GRAPHQL_ORDERS:
        out[f"policies all filters, order {order}"] = page_statement(
            Where(**full, has_quantified_target=True), order, 0, 1
        )
    out["policies region"] = page_statement(Where(region="x"), "TITLE", 0, 1)
    out["policies count"] = count_statement(Where(**full))
    out["policies count region"] = count_statement(Where(region="x", stage="x"))
    for facet in FACETS:
        out[f"policies facet {facet}"] = facet_statement(Where(**full), facet)
    return out


def search_statements() -> list[Any]:
    """The web front's search statements on each backend (a full-text search differs between them),
    for the Cypher compatibility test: every list filter and predicate alone (counted), and all of
    them together, with and without a text search, under every order and facet."""
    from scpkg.store.cypher import Statement

    lists: dict[str, Any] = {
        "countries": ("x",),
        "regions": ("x",),
        "stages": ("x",),
        "sectors": ("x",),
        "ministries": ("x",),
        "meas": ("x",),
        "sdgs": ("x",),
        "statuses": ("x",),
        "types": ("Policy",),
        "category_classes": ("x",),
        "substrings": ("x",),
    }
    singles = {k: v for k, v in _EXAMPLE.items() if k != "region"}
    cases: dict[str, Where] = {f"list {name}": Where(**{name: value}) for name, value in lists.items()}
    cases["illustrative only"] = Where(illustrative=True)
    cases["not illustrative"] = Where(illustrative=False)
    cases["all"] = Where(**lists, **singles, region="x", illustrative=False, has_quantified_target=True)
    cases["regions start"] = Where(regions=("x",), stages=("x",))
    cases["nothing"] = Where()
    cases["text"] = Where(terms=("waste",))
    cases["text all"] = Where(terms=("waste",), **lists, **singles, illustrative=True)
    full = {"all", "nothing", "text all"}
    out: list[Statement] = []
    for name, where in cases.items():
        # Without a text search the text is the same on both backends: registered once, for both.
        for backend in ("falkordb", "neo4j") if where.terms else ("neo4j",):
            only = (backend,) if where.terms else ("falkordb", "neo4j")
            tag = f"api: search {name} ({'/'.join(only)})"
            q, p = search_count_statement(where, backend)
            out.append(Statement(f"{tag} count", q, p, only))
            if name not in full:
                continue  # one filter alone: its clause is checked; pages and facets on the fullest
            orders = ["SCORE", "TITLE", "TITLE_LANG"] if where.terms else ["TITLE", "TITLE_LANG"]
            for order in orders:
                q, p = rows_statement(where, order, 0, 1, backend)
                out.append(Statement(f"{tag} rows {order}", q, p, only))
            for facet in WEB_FACETS:
                q, p = facet_statement(where, facet, backend)
                out.append(Statement(f"{tag} facet {facet}", q, p, only))
    out.append(Statement("api: search crosswalk", CROSSWALK))
    return out


WEB_FACETS = (
    "country_direct",
    "region_tree",
    "stage_tree",
    "sector_tree",
    "lead_ministry_type",
    "mea",
    "sdg_tree",
    "status",
    "type_sets",
    "illustrative",
    "adoption_year",
)
"""The facets the web front's search page counts."""

CROSSWALK: LiteralString = (
    "MATCH (cw:CategoryCrosswalk)-[:CROSSWALK_CATEGORY]->(k:Resource) "
    "RETURN k.iri AS category, cw.crosswalkClass AS class"
)
"""The ontology's SDG 12.1.1 crosswalk as the reference data holds it: category -> instrument class."""
