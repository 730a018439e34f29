"""Root fields for places and actors: countries, regions, government bodies."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api import resolve
from scpkg.api.graph.queries import Connection, list_page
from scpkg.api.graph.types import ctx, wrap
from scpkg.api.places.types import Country, GovernmentBody, Region


@strawberry.type
class PlaceQuery:
    @strawberry.field(
        description="A country by ISO 3166-1 alpha-3, alpha-2 or numeric code, name or IRI; an unknown "
        "one is a BAD_INPUT error, a known one the store does not hold is null."
    )
    async def country(self, info: Info, code: str) -> Country | None:
        found = wrap(await ctx(info).loaders.nodes.load(resolve.country(code, "code")))
        return found if isinstance(found, Country) else None

    @strawberry.field(
        description="A region by UN M49 code, English name or IRI; an unknown one is a BAD_INPUT error."
    )
    async def region(self, info: Info, code: str) -> Region | None:
        found = wrap(await ctx(info).loaders.nodes.load(resolve.region(code, "code")))
        return found if isinstance(found, Region) else None

    @strawberry.field(
        description="Countries, optionally in a region (M49 code, name or IRI; all it contains, each once)."
    )
    async def countries(
        self,
        info: Info,
        region: str | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Country] | None:
        iri = None if region is None else resolve.region(region, "region")
        return await list_page(info, "Country", first, after, region=iri, text=text)

    @strawberry.field(
        description="Regions: the World, UN M49 regions, sub-regions, intermediate regions and SDG groupings."
    )
    async def regions(
        self, info: Info, text: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Region] | None:
        return await list_page(info, "Region", first, after, text=text)

    @strawberry.field(
        description="Government bodies, by country and ministry type (codes, names, labels or IRIs)."
    )
    async def bodies(
        self,
        info: Info,
        country: str | None = None,
        ministry_type: str | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[GovernmentBody] | None:
        return await list_page(
            info,
            "GovernmentBody",
            first,
            after,
            country=None if country is None else resolve.country(country, "country"),
            ministry_type=None
            if ministry_type is None
            else resolve.concept("ministry-type", ministry_type, "ministryType"),
            text=text,
        )
