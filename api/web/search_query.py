"""The search page's state: URL parameters to a :class:`~scpkg.api.policies.loaders.Where`, and back.

The URL holds the whole state (``q``, one parameter per facet, repeatable, ``from``/``to``,
``illustrative``, ``page``), so a search can be bookmarked and shared. Values are the short codes of
the ontology's vocabularies (ISO3, M49, ``design``, ``ban-restriction``, ``regulatory-legal``, ``12.1``...)
resolved exactly as the GraphQL filters and ``scpkg query run`` resolve them (:mod:`scpkg.api.resolve`);
a value naming nothing is an :class:`UnknownValueError` naming it, with suggestions, never an empty result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from starlette.datastructures import QueryParams

from scpkg.api import resolve
from scpkg.api.errors import ApiError
from scpkg.api.policies.loaders import Where
from scpkg.iris import ONT
from scpkg.store import fulltext

PAGE_SIZE = 20


@dataclass(frozen=True)
class Facet:
    """One facet: its URL parameter, the :class:`Where` field it sets, the vocabulary its codes
    resolve in, and the facet statement that counts it (``loaders.FACETS``)."""

    name: str
    field: str
    vocabulary: str | None
    statement: str


FACETS: tuple[Facet, ...] = (
    Facet("country", "countries", "country", "country_direct"),
    Facet("region", "regions", "region", "region_tree"),
    Facet("stage", "stages", "life-cycle-stage", "stage_tree"),
    Facet("type", "types", "instrument-type", "type_sets"),
    Facet("category", "category_classes", "sdg-12-1-1", "type_sets"),
    Facet("sector", "sectors", "sector", "sector_tree"),
    Facet("ministry", "ministries", "ministry-type", "lead_ministry_type"),
    Facet("mea", "meas", resolve.MEA, "mea"),
    Facet("sdg", "sdgs", "sdg", "sdg_tree"),
    Facet("status", "statuses", "policy-status", "status"),
    Facet("year", "year", None, "adoption_year"),
    Facet("illustrative", "illustrative", None, "illustrative"),
)
"""In the order the page shows them; names are the ``id="facet-<name>"`` hooks of the browser test."""
BY_NAME = {f.name: f for f in FACETS}
ILLUSTRATIVE_VALUES = {"yes": True, "no": False}


class UnknownValueError(Exception):
    """A URL parameter whose value names nothing: the page says which, and what would work."""

    def __init__(self, parameter: str, value: str, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.value = value
        self.suggestions = suggestions


@dataclass
class SearchState:
    """What the URL asks for, resolved: the filter, the chosen codes per facet, the text and page."""

    where: Where
    chosen: dict[str, list[str]] = field(default_factory=dict)
    """Facet name -> the codes in the URL (as given), for the page to mark and toggle."""
    iris: dict[str, list[str]] = field(default_factory=dict)
    """Facet name -> the resolved IRIs (class IRIs for ``type``, category IRIs for ``category``)."""
    q: str = ""
    text: fulltext.SearchText = field(default_factory=fulltext.SearchText)
    page: int = 1
    year_from: int | None = None
    year_to: int | None = None

    def without(self, facet: str) -> Where:
        """The filter with one facet's own choice left out: what that facet's counts are taken on
        (drill-down with several values per facet: the other values of a chosen facet keep a count)."""
        if facet == "year":
            return replace(self.where, year_from=None, year_to=None)
        if facet == "illustrative":
            return replace(self.where, illustrative=None)
        return replace(self.where, **{BY_NAME[facet].field: ()})


def _resolve(facet: Facet, value: str) -> str:
    try:
        if facet.vocabulary == "country":
            return resolve.country(value, facet.name)
        if facet.vocabulary == "region":
            return resolve.region(value, facet.name)
        assert facet.vocabulary is not None
        return resolve.concept(facet.vocabulary, value, facet.name)
    except ApiError as exc:
        ext = exc.extensions or {}
        suggestions = [str(s) for s in ext.get("suggestions") or []] or [
            str(s) for s in ext.get("allowed") or []
        ]
        raise UnknownValueError(facet.name, value, exc.message, suggestions[:30]) from None


def _year(params: QueryParams, name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        raise UnknownValueError(name, raw, f"{name}: {raw!r} is not a year", ["2000", "2015"]) from None
    if not 1000 <= year <= 9999:
        raise UnknownValueError(name, raw, f"{name}: {raw!r} is not a four-digit year", ["2000", "2015"])
    return year


def parse(params: QueryParams, crosswalk: dict[str, list[str]]) -> SearchState:
    """The state of a search URL; :class:`UnknownValueError` for the first value that names nothing.
    ``crosswalk`` maps each 12.1.1 category IRI to its instrument classes (the store's crosswalk)."""
    chosen: dict[str, list[str]] = {}
    iris: dict[str, list[str]] = {}
    fields_: dict[str, Any] = {}
    for facet in FACETS:
        if facet.vocabulary is None:
            continue
        values = [v.strip() for v in params.getlist(facet.name) if v.strip()]
        if not values:
            continue
        resolved = list(dict.fromkeys(_resolve(facet, v) for v in values))
        chosen[facet.name] = values
        iris[facet.name] = resolved
        if facet.name == "type":
            fields_["types"] = tuple(iri.removeprefix(ONT) for iri in resolved)
        elif facet.name == "category":
            fields_["category_classes"] = tuple(
                sorted({c for iri in resolved for c in crosswalk.get(iri, [])})
            )
            if not fields_["category_classes"]:  # a category no class maps to: no policy can be in it
                fields_["category_classes"] = ("",)
        else:
            fields_[facet.field] = tuple(resolved)
    illustrative = params.get("illustrative", "").strip().lower()
    if illustrative:
        if illustrative not in ILLUSTRATIVE_VALUES:
            raise UnknownValueError(
                "illustrative",
                illustrative,
                f"illustrative: {illustrative!r} is not yes or no",
                ["yes", "no"],
            )
        fields_["illustrative"] = ILLUSTRATIVE_VALUES[illustrative]
        chosen["illustrative"] = [illustrative]
    year_from, year_to = _year(params, "from"), _year(params, "to")
    if year_from is not None or year_to is not None:
        chosen["year"] = [f"{year_from or ''}-{year_to or ''}"]
    q = params.get("q", "").strip()
    text = fulltext.parse(q)
    raw_page = params.get("page", "1").strip() or "1"
    try:
        page = max(1, int(raw_page))
    except ValueError:
        raise UnknownValueError("page", raw_page, f"page: {raw_page!r} is not a page number", ["1"]) from None
    where = Where(
        year_from=year_from,
        year_to=year_to,
        terms=text.terms,
        substrings=text.substrings,
        **fields_,
    )
    return SearchState(where, chosen, iris, q, text, page, year_from, year_to)
