"""Root fields for policies: look-up, filtered and sorted pages, facet counts, instrument types."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from scpkg.api import resolve
from scpkg.api.graph.loaders import NodeRow
from scpkg.api.graph.queries import Connection, edges_and_info, list_page, page_window
from scpkg.api.graph.types import ctx, wrap
from scpkg.api.linked_data import MOVED
from scpkg.api.policies.loaders import Where, facet_statement, page_statement
from scpkg.api.policies.projection import complete_rows, lean_page_statement, lean_selection
from scpkg.api.policies.types import (
    MEA,
    FacetCount,
    Policy,
    PolicyConnection,
    PolicyEdge,
    Programme,
    ValueChainHotspot,
)
from scpkg.api.vocabulary.loaders import instrument_types
from scpkg.api.vocabulary.types import InstrumentType, InstrumentTypeCode, instrument_type


@strawberry.enum(description="Orders of a policy list; ties are broken by IRI so pages are stable.")
class PolicySort(Enum):
    IRI = "IRI"
    TITLE = "TITLE"
    ADOPTION_YEAR = "ADOPTION_YEAR"
    ADOPTION_YEAR_DESC = "ADOPTION_YEAR_DESC"


@strawberry.input(
    description="Filters on policies; all given ones must hold. Values are resolved as ingest resolves them "
    "(codes, IRIs, names or labels in the six UN languages, any case); one naming nothing is BAD_INPUT."
)
class PolicyFilter:
    country: str | None = strawberry.field(
        default=None, description="ISO 3166-1 alpha-3, alpha-2 or numeric code, country name, or IRI."
    )
    region: str | None = strawberry.field(
        default=None,
        description="UN M49 code, English name (`Africa`, `World`) or IRI of a region or sub-region; "
        "includes the region's sub-regions.",
    )
    instrument_type: InstrumentTypeCode | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="This type or any of its subtypes."
    )
    stage: str | None = strawberry.field(
        default=None,
        description="Life-cycle stage code (e.g. `upstream`, `design`), label or IRI; "
        "includes narrower stages.",
    )
    sector: str | None = strawberry.field(
        default=None, description="Sector code, label or IRI; includes narrower sectors."
    )
    lead_ministry_type: str | None = strawberry.field(
        default=None, description="Ministry-type code (e.g. `finance`), label or IRI of a lead body."
    )
    mea: str | None = strawberry.field(
        default=None,
        description="MEA identifier (e.g. `minamata`), name or IRI whose obligations the policy implements.",
    )
    sdg: str | None = strawberry.field(
        default=None,
        description="SDG goal, target or indicator (e.g. `12.1`) or IRI; includes narrower ones.",
    )
    adoption_year_from: int | None = None
    adoption_year_to: int | None = None
    has_quantified_target: bool | None = None
    text: str | None = strawberry.field(
        default=None, description="Case-insensitive search in titles, any language."
    )


def _or_none(resolver: Callable[[str], str], value: str | None) -> str | None:
    return None if value is None else resolver(value)


def _type_name(value: Any, argument: str) -> str | None:
    if value is None:
        return None
    name = getattr(value, "value", value)
    names = sorted(t.name for t in instrument_types().values())
    if name not in names:
        raise resolve.bad_input(argument, str(name), f"unknown instrument type {name!r}", [], names)
    return str(name)


def where_of(f: PolicyFilter | None, argument: str = "filter") -> Where:
    """Normalise a filter to IRIs and allow-listed names; a value naming nothing is BAD_INPUT."""
    if f is None:
        return Where()
    at = f"{argument}."
    return Where(
        country=_or_none(lambda v: resolve.country(v, at + "country"), f.country),
        region=_or_none(lambda v: resolve.region(v, at + "region"), f.region),
        instrument_type=_type_name(f.instrument_type, at + "instrumentType"),
        stage=_or_none(lambda v: resolve.concept("life-cycle-stage", v, at + "stage"), f.stage),
        sector=_or_none(lambda v: resolve.concept("sector", v, at + "sector"), f.sector),
        lead_ministry_type=_or_none(
            lambda v: resolve.concept("ministry-type", v, at + "leadMinistryType"), f.lead_ministry_type
        ),
        mea=_or_none(lambda v: resolve.concept(resolve.MEA, v, at + "mea"), f.mea),
        sdg=_or_none(lambda v: resolve.concept("sdg", v, at + "sdg"), f.sdg),
        year_from=f.adoption_year_from,
        year_to=f.adoption_year_to,
        has_quantified_target=f.has_quantified_target,
        text=f.text.lower() if f.text else None,
    )


async def policy_page(
    info: Info,
    f: PolicyFilter | None = None,
    sort: PolicySort = PolicySort.IRI,
    first: int | None = None,
    after: str | None = None,
) -> PolicyConnection:
    """One page of matching policies: one round trip (plus one for ``totalCount`` if asked)."""
    skip, limit = page_window(info, first, after)
    where = where_of(f)
    lean = lean_selection(info)  # only the properties the selected fields read (issue 11)
    if lean is None:
        query, params = page_statement(where, sort.value, skip, limit + 1)
        rows = await ctx(info).run(query, params)
        # Not primed into the node loader: nested fields load edges by IRI, never the listed nodes again.
        nodes = [NodeRow(r["iri"], r["props"], tuple(r["labels"])) for r in rows]
    else:
        query, params = lean_page_statement(where, sort.value, skip, limit + 1, lean.keys)
        rows = await ctx(info).run(query, params)
        nodes = await complete_rows([lean.row(r) for r in rows], lean, ctx(info).loaders.nodes.load_many)
    # Every row of this statement is a policy: no need to look for its most specific type.
    as_policy = wrap if lean is None else (lambda r: Policy(iri=r.iri, row=r))
    edges, page = edges_and_info(nodes, skip, limit, lambda c, n: PolicyEdge(cursor=c, node=n), as_policy)
    return PolicyConnection(edges=edges, page_info=page, where=where)


@strawberry.type(description="Counts of the matching policies along one or two dimensions.")
class PolicyFacets:
    where: strawberry.Private[Where]

    async def _run(self, info: Info, facet: str) -> list[FacetCount]:
        query, params = facet_statement(self.where, facet)
        rows = await ctx(info).run(query, params)
        out = [
            FacetCount(key=str(r["a"]), key2=None if r["b"] is None else str(r["b"]), count=int(r["n"]))
            for r in rows
            if r["a"] is not None
        ]
        return sorted(out, key=lambda c: (c.key, c.key2 or ""))

    @strawberry.field(description="Policies per life-cycle stage.")
    async def by_stage(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "stage")

    @strawberry.field(description="Policies per sector.")
    async def by_sector(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "sector")

    @strawberry.field(description="Policies per asserted instrument type (class IRI).")
    async def by_instrument_type(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "instrument_type")

    @strawberry.field(description="Policies per country.")
    async def by_country(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "country")

    @strawberry.field(description="Policies per adoption year.")
    async def by_adoption_year(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "adoption_year")

    @strawberry.field(description="Policies per life-cycle stage (key) and instrument type (key2).")
    async def by_stage_and_instrument_type(self, info: Info) -> list[FacetCount]:
        return await self._run(info, "stage_instrument_type")


@strawberry.type
class PolicyQuery:
    @strawberry.field(
        description="A policy by IRI; an IRI from before a correction of the policy's country finds the "
        "policy it is now (its `iri` is the new one, `formerIris` lists the old)."
    )
    async def policy(self, info: Info, iri: str) -> Policy | None:
        found = wrap(await ctx(info).loaders.nodes.load(iri))
        if isinstance(found, Policy):
            return found
        moved = await ctx(info).run(MOVED, {"iri": iri})
        if moved:
            found = wrap(await ctx(info).loaders.nodes.load(str(moved[0]["iri"])))
        return found if isinstance(found, Policy) else None

    @strawberry.field(description="Policies matching a filter, sorted, one page at a time.")
    async def policies(
        self,
        info: Info,
        filter: PolicyFilter | None = None,
        sort: PolicySort = PolicySort.IRI,
        first: int | None = None,
        after: str | None = None,
    ) -> PolicyConnection | None:
        return await policy_page(info, filter, sort, first, after)

    @strawberry.field(description="Facet counts of the policies matching a filter.")
    def policy_facets(self, filter: PolicyFilter | None = None) -> PolicyFacets | None:
        return PolicyFacets(where=where_of(filter))

    @strawberry.field(description="The instrument-type hierarchy, from the ontology.")
    def instrument_types(self) -> list[InstrumentType]:
        return [t for t in (instrument_type(i) for i in instrument_types()) if t is not None]

    @strawberry.field(description="One instrument type by its code.")
    def instrument_type(self, code: InstrumentTypeCode) -> InstrumentType | None:  # type: ignore[valid-type]
        from scpkg.iris import ONT

        return instrument_type(ONT + code.value)

    @strawberry.field(description="10YFP programmes.")
    async def programmes(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Programme] | None:
        return await list_page(info, "Programme", first, after)

    @strawberry.field(description="Multilateral environmental agreements.")
    async def meas(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[MEA] | None:
        return await list_page(info, "MultilateralEnvironmentalAgreement", first, after)

    @strawberry.field(
        description="Value-chain hotspots, by sector (code, label or IRI) and country (code or name)."
    )
    async def hotspots(
        self,
        info: Info,
        sector: str | None = None,
        country: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ValueChainHotspot] | None:
        return await list_page(
            info,
            "ValueChainHotspot",
            first,
            after,
            sector=_or_none(lambda v: resolve.concept("sector", v, "sector"), sector),
            country=_or_none(lambda v: resolve.country(v, "country"), country),
        )
