"""Place and actor types: countries, UN M49 regions, government bodies, other organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.types import Node, in_nodes, out_node, out_nodes, register
from scpkg.api.vocabulary.types import MinistryType

if TYPE_CHECKING:
    from scpkg.api.policies.types import Policy, PolicyConnection

PolicyConnectionRef = Annotated["PolicyConnection", strawberry.lazy("scpkg.api.policies.types")]
PolicyRef = Annotated["Policy", strawberry.lazy("scpkg.api.policies.types")]


@strawberry.type(description="A country or area (ISO 3166-1).")
class Country(Node):
    @strawberry.field(description="ISO 3166-1 alpha-3 code.")
    def iso3(self) -> str | None:
        return self.row.props.get("iso3")

    @strawberry.field(description="ISO 3166-1 alpha-2 code.")
    def iso2(self) -> str | None:
        return self.row.props.get("iso2")

    @strawberry.field(description="UN M49 numeric code.")
    def m49(self) -> str | None:
        return self.row.props.get("m49")

    @strawberry.field(description="The M49 region or sub-region the country is in.")
    async def region(self, info: Info) -> Region | None:
        return await out_node(info, self.iri, "IN_REGION")

    @strawberry.field(description="The country's policies (filter and sort with the root `policies` field).")
    async def policies(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PolicyConnectionRef:
        from scpkg.api.policies.queries import PolicyFilter, policy_page

        return await policy_page(info, PolicyFilter(country=self.iri), first=first, after=after)

    @strawberry.field(description="Government bodies of this country.")
    async def bodies(self, info: Info) -> list[GovernmentBody]:
        return [b for b in await in_nodes(info, self.iri, "COUNTRY") if isinstance(b, GovernmentBody)]


@strawberry.type(description="A UN M49 region or sub-region.")
class Region(Node):
    @strawberry.field(description="UN M49 numeric code.")
    def m49(self) -> str | None:
        return self.row.props.get("m49")

    @strawberry.field
    async def parent(self, info: Info) -> Region | None:
        return await out_node(info, self.iri, "SUB_REGION_OF")

    @strawberry.field
    async def sub_regions(self, info: Info) -> list[Region]:
        return await in_nodes(info, self.iri, "SUB_REGION_OF")

    @strawberry.field(description="Countries directly in this region (not in its sub-regions).")
    async def countries(self, info: Info) -> list[Country]:
        return await in_nodes(info, self.iri, "IN_REGION")

    @strawberry.field(description="Policies of countries in this region or its sub-regions.")
    async def policies(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PolicyConnectionRef:
        from scpkg.api.policies.queries import PolicyFilter, policy_page

        return await policy_page(info, PolicyFilter(region=self.iri), first=first, after=after)


@strawberry.type(description="A ministry, agency, committee or high-level body of a government.")
class GovernmentBody(Node):
    @strawberry.field
    async def country(self, info: Info) -> Country | None:
        return await out_node(info, self.iri, "COUNTRY")

    @strawberry.field(description="The kind of ministry (environment, finance, planning...).")
    async def ministry_types(self, info: Info) -> list[MinistryType]:
        return await out_nodes(info, self.iri, "MINISTRY_TYPE")

    @strawberry.field(description="Policies this body leads.")
    async def leads(self, info: Info) -> list[PolicyRef]:
        return await in_nodes(info, self.iri, "LED_BY")

    @strawberry.field(description="Policies this body takes part in without leading.")
    async def involved_in(self, info: Info) -> list[PolicyRef]:
        return await in_nodes(info, self.iri, "INVOLVES_BODY")


@strawberry.type(description="A non-government actor: programme co-lead or partner (UNEP, ICLEI...).")
class Organization(Node):
    pass


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


for _label, _cls in (
    ("Country", Country),
    ("Region", Region),
    ("GovernmentBody", GovernmentBody),
    ("Organization", Organization),
    ("org_Organization", Organization),
):
    register(_label, _factory(_cls))
