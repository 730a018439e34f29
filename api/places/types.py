"""Place and actor types: countries, UN M49 regions, government bodies, other organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.loaders import LISTS, NodeRow
from scpkg.api.graph.types import Node, ctx, in_nodes, out_node, out_nodes, register
from scpkg.api.vocabulary.types import MinistryType

if TYPE_CHECKING:
    from scpkg.api.policies.types import Policy, PolicyConnection

PolicyConnectionRef = Annotated["PolicyConnection", strawberry.lazy("scpkg.api.policies.types")]
PolicyRef = Annotated["Policy", strawberry.lazy("scpkg.api.policies.types")]


@strawberry.type(
    description="A country or area (ISO 3166-1), or a supranational jurisdiction such as the EU (kind "
    "`supranational`, code `EU`), which stands where a policy's country does and is in no M49 region."
)
class Country(Node):
    @strawberry.field(description="`country`, or `supranational` for a body such as the EU.")
    def kind(self) -> str:
        return "supranational" if "SupranationalJurisdiction" in self.row.labels else "country"

    @strawberry.field(description="Supranational jurisdictions (the EU) this country is a member of.")
    async def member_of(self, info: Info) -> list[Country]:
        return await out_nodes(info, self.iri, "MEMBER_OF")

    @strawberry.field(description="Member states of a supranational jurisdiction (empty for a country).")
    async def members(self, info: Info) -> list[Country]:
        return await in_nodes(info, self.iri, "MEMBER_OF")

    @strawberry.field(description="Date the member list is stated for (supranational jurisdictions).")
    def membership_as_of(self) -> str | None:
        value = self.row.props.get("membershipAsOf")
        return None if value is None else str(value)

    @strawberry.field(description="ISO 3166-1 alpha-3 code.")
    def iso3(self) -> str | None:
        return self.row.props.get("iso3")

    @strawberry.field(description="ISO 3166-1 alpha-2 code.")
    def iso2(self) -> str | None:
        return self.row.props.get("iso2")

    @strawberry.field(description="UN M49 numeric code.")
    def m49(self) -> str | None:
        return self.row.props.get("m49")

    @strawberry.field(
        description="The most specific M49 grouping the country is in (an intermediate region such as 029 "
        "Caribbean where it has one, else its sub-region); null for the EU."
    )
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

    @strawberry.field(
        description="The country's coordination mechanisms for SCP policy (SDG 12.1.1 asks if it has one)."
    )
    async def coordination_mechanisms(self, info: Info) -> list[GovernmentBody]:
        bodies = await in_nodes(info, self.iri, "COUNTRY")
        return [
            b for b in bodies if isinstance(b, GovernmentBody) and "CoordinationMechanism" in b.row.labels
        ]


def _kinds(row: NodeRow) -> list[str]:
    value = row.props.get("regionKind")
    found = value if isinstance(value, list) else [] if value is None else [value]
    return sorted(found, key=lambda k: (k == "sdg-grouping", k))  # the M49 level first


@strawberry.type(
    description="A UN M49 region (World, region, sub-region, intermediate region) or SDG regional grouping."
)
class Region(Node):
    @strawberry.field(description="UN M49 numeric code.")
    def m49(self) -> str | None:
        return self.row.props.get("m49")

    @strawberry.field(
        description="Most specific kind: world, m49-region, sub-region, intermediate-region or sdg-grouping."
    )
    def kind(self) -> str | None:
        kinds = _kinds(self.row)
        return kinds[0] if kinds else None

    @strawberry.field(
        description="Every kind: a sub-region that is also an SDG grouping (202, 419, 053) has both."
    )
    def kinds(self) -> list[str]:
        return _kinds(self.row)

    @strawberry.field(
        description="The enclosing M49 grouping (null for the World and for SDG-only groupings)."
    )
    async def parent(self, info: Info) -> Region | None:
        above = await out_nodes(info, self.iri, "SUB_REGION_OF")
        m49 = [r for r in above if isinstance(r, Region) and "sdg-grouping" not in _kinds(r.row)[:1]]
        return m49[0] if m49 else None

    @strawberry.field(description="SDG regional groupings this region is part of (Europe: 513).")
    async def groupings(self, info: Info) -> list[Region]:
        above = await out_nodes(info, self.iri, "SUB_REGION_OF")
        return [r for r in above if isinstance(r, Region) and _kinds(r.row)[:1] == ["sdg-grouping"]]

    @strawberry.field(
        description="The regions directly inside (an SDG grouping: the M49 groupings it unites)."
    )
    async def sub_regions(self, info: Info) -> list[Region]:
        return await in_nodes(info, self.iri, "SUB_REGION_OF")

    @strawberry.field(
        description="Every country in this region, its sub-regions and intermediate regions, each once."
    )
    async def countries(self, info: Info) -> list[Country]:
        rows = await ctx(info).run(
            LISTS["Country"][0], {"region": self.iri, "text": None, "skip": 0, "limit": 1000}
        )
        return [
            Country(iri=r["iri"], row=NodeRow(r["iri"], dict(r["props"]), tuple(r["labels"]))) for r in rows
        ]

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

    @strawberry.field(
        description="Whether this is a coordination mechanism (an inter-ministerial committee, task force or "
        "round table coordinating SCP policy, as SDG 12.1.1 asks about): a body, not a policy framework."
    )
    def coordination_mechanism(self) -> bool:
        return "CoordinationMechanism" in self.row.labels

    @strawberry.field(description="For a coordination mechanism: the government bodies that take part in it.")
    async def coordination_members(self, info: Info) -> list[GovernmentBody]:
        return await out_nodes(info, self.iri, "COORDINATION_MEMBER")


@strawberry.type(description="A principal subdivision of a country (ISO 3166-2), for sub-national policies.")
class Subdivision(Node):
    @strawberry.field(description="ISO 3166-2 code (CA-QC).")
    def code(self) -> str | None:
        return self.row.props.get("subdivisionCode")

    @strawberry.field
    async def country(self, info: Info) -> Country | None:
        return await out_node(info, self.iri, "SUBDIVISION_OF")

    @strawberry.field(description="Policies adopted by this subdivision.")
    async def policies(self, info: Info) -> list[PolicyRef]:
        return await in_nodes(info, self.iri, "SUBDIVISION")


@strawberry.type(description="A non-government actor: programme co-lead or partner (UNEP, ICLEI...).")
class Organization(Node):
    pass


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


for _label, _cls in (
    ("Country", Country),
    ("Region", Region),
    ("Subdivision", Subdivision),
    ("GovernmentBody", GovernmentBody),
    ("Organization", Organization),
    ("org_Organization", Organization),
):
    register(_label, _factory(_cls))
