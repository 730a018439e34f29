"""Root fields for places and actors: countries, regions, government bodies."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api.graph.queries import Connection, list_page
from scpkg.api.graph.types import ctx, wrap
from scpkg.api.places.types import Country, GovernmentBody, Region
from scpkg.api.policies.queries import _iri
from scpkg.iris import concept
from scpkg.iris import country as country_iri
from scpkg.iris import region as region_iri


@strawberry.type
class PlaceQuery:
    @strawberry.field(description="A country by ISO 3166-1 alpha-3 code or IRI.")
    async def country(self, info: Info, code: str) -> Country | None:
        found = wrap(await ctx(info).loaders.nodes.load(_iri(code, country_iri) or ""))
        return found if isinstance(found, Country) else None

    @strawberry.field(description="A region by UN M49 code or IRI.")
    async def region(self, info: Info, code: str) -> Region | None:
        found = wrap(await ctx(info).loaders.nodes.load(_iri(code, region_iri) or ""))
        return found if isinstance(found, Region) else None

    @strawberry.field(
        description="Countries, optionally in a region (M49 code or IRI, sub-regions included)."
    )
    async def countries(
        self,
        info: Info,
        region: str | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Country]:
        return await list_page(info, "Country", first, after, region=_iri(region, region_iri), text=text)

    @strawberry.field(description="UN M49 regions and sub-regions.")
    async def regions(
        self, info: Info, text: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Region]:
        return await list_page(info, "Region", first, after, text=text)

    @strawberry.field(description="Government bodies, by country and ministry type (codes or IRIs).")
    async def bodies(
        self,
        info: Info,
        country: str | None = None,
        ministry_type: str | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[GovernmentBody]:
        return await list_page(
            info,
            "GovernmentBody",
            first,
            after,
            country=_iri(country, country_iri),
            ministry_type=_iri(ministry_type, lambda c: concept("ministry-type", c)),
            text=text,
        )
