"""Policy types: policies (instruments and frameworks), their targets and outcomes, value-chain
hotspots, 10YFP programmes, MEAs and their obligations; the policy connection and facet counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.queries import PageInfo
from scpkg.api.graph.types import (
    CaseStudyRef,
    Node,
    case_studies,
    ctx,
    in_nodes,
    out_edges,
    out_node,
    out_nodes,
    register,
    text,
)
from scpkg.api.policies.loaders import Where
from scpkg.api.vocabulary.types import Concept, InstrumentType, instrument_type

if TYPE_CHECKING:
    from scpkg.api.places.types import Country, GovernmentBody, Subdivision
    from scpkg.api.vocabulary.types import LifeCycleStage, Sector

CountryRef = Annotated["Country", strawberry.lazy("scpkg.api.places.types")]
BodyRef = Annotated["GovernmentBody", strawberry.lazy("scpkg.api.places.types")]
SubdivisionRef = Annotated["Subdivision", strawberry.lazy("scpkg.api.places.types")]
LifeCycleStageRef = Annotated["LifeCycleStage", strawberry.lazy("scpkg.api.vocabulary.types")]
SectorRef = Annotated["Sector", strawberry.lazy("scpkg.api.vocabulary.types")]


@strawberry.type(description="A link to a government body, with the case studies asserting the link.")
class GovernmentBodyLink:
    body: BodyRef
    asserted_by_iris: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The case studies that state this link.")
    async def asserted_by(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, list(self.asserted_by_iris))


@strawberry.type(description="A text in one language, tagged with its BCP-47 language tag.")
class LangText:
    lang: str
    text: str


def bcp47(key_suffix: str) -> str:
    """A language tag as the store keeps it ('pt_br') in its usual case ('pt-BR', 'zh-Hant')."""
    parts = key_suffix.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def _dates(props: dict[str, Any], stem: str) -> list[str]:
    """Every value of a date property, whatever its precision (date, year-month, year), sorted."""
    found: list[str] = []
    for key in (stem, f"{stem}__gYearMonth", f"{stem}__gYear", f"{stem}__date"):
        value = props.get(key)
        for v in value if isinstance(value, list) else [] if value is None else [value]:
            found.append(f"{int(v):04d}" if isinstance(v, int) else str(v))
    return sorted(set(found))


async def _policies(nodes: list[Any]) -> list[Any]:
    return [n for n in nodes if isinstance(n, Policy)]


@strawberry.type(description="A product policy: a policy instrument or a policy framework.")
class Policy(Node):
    # Plain fields, filled from the row on construction: a page may hold thousands of policies, and
    # strawberry resolves a plain field several times faster than a method (no argument handling).
    identifier: str | None = None
    adoption_year: int | None = None
    launched_on: str | None = None
    is_framework: bool = strawberry.field(
        default=False,
        description="Whether this is a policy framework (strategy, action plan) rather than an instrument.",
    )

    def __post_init__(self) -> None:
        props = self.row.props
        self.identifier = props.get("identifier")
        self.adoption_year = props.get("adoptionYear")
        self.launched_on = props.get("launchedOn")
        self.is_framework = "PolicyFramework" in self.row.labels

    @strawberry.field(description="The title in `lang`, falling back to English.")
    def title(self, lang: str = "en") -> str | None:
        return text(self.row.props, "title", lang)

    @strawberry.field(description="The description in `lang`, falling back to English.")
    def description(self, lang: str = "en") -> str | None:
        return text(self.row.props, "description", lang)

    @strawberry.field(description="The asserted instrument types (their superclasses are under `broader`).")
    def instrument_types(self) -> list[InstrumentType]:
        found = (instrument_type(t) for t in self.row.props.get("rdf_type") or [])
        return [t for t in found if t is not None]

    @strawberry.field(
        description="The most specific asserted instrument type (the first of `instrumentTypes`, deepest "
        "in the hierarchy first); null when the record states no type (see `typeStated`)."
    )
    def instrument_type(self) -> InstrumentType | None:
        found = self.instrument_types()

        def depth(t: InstrumentType) -> int:
            n, at = 0, t
            while (at := at.broader()) is not None:  # type: ignore[assignment]
                n += 1
            return n

        return max(found, key=depth) if found else None

    @strawberry.field(
        description="False when the record states no instrument type: answers count it as 'type not "
        "stated', never as any family."
    )
    def type_stated(self) -> bool:
        return bool(self.instrument_types())

    @strawberry.field(description="The title in the language(s) of publication, with BCP-47 tags.")
    def original_title(self) -> list[LangText]:
        prefix = "originalTitle_"
        return [
            LangText(lang=bcp47(k[len(prefix) :]), text=str(v[0] if isinstance(v, list) else v))
            for k, v in sorted(self.row.props.items())
            if k.startswith(prefix)
        ]

    @strawberry.field(description="When adopted, as precise as the record: YYYY, YYYY-MM or YYYY-MM-DD.")
    def adopted_on(self) -> str | None:
        found = _dates(self.row.props, "adoptedOn")
        return found[0] if found else None

    @strawberry.field(description="Dates of the policy's amendments, earliest first.")
    def amended_on(self) -> list[str]:
        return _dates(self.row.props, "amendedOn")

    @strawberry.field(description="The latest amendment date, if any.")
    def latest_amendment(self) -> str | None:
        found = _dates(self.row.props, "amendedOn")
        return found[-1] if found else None

    @strawberry.field(description="Web addresses where the policy's text can be read.")
    def urls(self) -> list[str]:
        value = self.row.props.get("sourceUrl")
        return sorted(value) if isinstance(value, list) else [] if value is None else [str(value)]

    @strawberry.field(description="Policies this policy amends (those in the graph).")
    async def amends(self, info: Info) -> list[Policy]:
        return await _policies(await out_nodes(info, self.iri, "AMENDS"))

    @strawberry.field(description="Policies that amend this one.")
    async def amended_by(self, info: Info) -> list[Policy]:
        return await _policies(await in_nodes(info, self.iri, "AMENDS"))

    @strawberry.field(description="Policies this policy repeals (those in the graph).")
    async def repeals(self, info: Info) -> list[Policy]:
        return await _policies(await out_nodes(info, self.iri, "REPEALS"))

    @strawberry.field(description="Policies that repeal this one.")
    async def repealed_by(self, info: Info) -> list[Policy]:
        return await _policies(await in_nodes(info, self.iri, "REPEALS"))

    @strawberry.field(
        description="IRIs amended or repealed by this policy that no case study describes yet (kept as "
        "references; nothing is made up about them)."
    )
    async def unresolved_references(self, info: Info) -> list[str]:
        out = await out_nodes(info, self.iri, "AMENDS") + await out_nodes(info, self.iri, "REPEALS")
        return sorted({n.iri for n in out if not isinstance(n, Policy)})

    @strawberry.field(
        description="Earlier IRIs of this policy, from before a correction of its country (owl:sameAs); "
        "each still resolves here."
    )
    async def former_iris(self, info: Info) -> list[str]:
        return sorted({n.iri for n in await in_nodes(info, self.iri, "SAME_AS")})

    @strawberry.field
    async def country(self, info: Info) -> CountryRef | None:
        return await out_node(info, self.iri, "COUNTRY")

    @strawberry.field(description="Life-cycle stages the policy targets.")
    async def stages(self, info: Info) -> list[LifeCycleStageRef]:
        return await out_nodes(info, self.iri, "TARGETS_STAGE")

    @strawberry.field(description="Sectors and value chains the policy covers.")
    async def sectors(self, info: Info) -> list[SectorRef]:
        return await out_nodes(info, self.iri, "COVERS_SECTOR")

    @strawberry.field(description="Lead government bodies.")
    async def lead_bodies(self, info: Info) -> list[BodyRef]:
        return await out_nodes(info, self.iri, "LED_BY")

    @strawberry.field(description="Lead government bodies, each with the case studies asserting the link.")
    async def lead_body_links(self, info: Info) -> list[GovernmentBodyLink]:
        from scpkg.api.graph.types import wrap

        return [
            GovernmentBodyLink(body=wrap(e.node), asserted_by_iris=e.asserted_by)
            for e in await out_edges(info, self.iri, "LED_BY")
        ]

    @strawberry.field(description="Participating (non-lead) government bodies.")
    async def involved_bodies(self, info: Info) -> list[BodyRef]:
        return await out_nodes(info, self.iri, "INVOLVES_BODY")

    @strawberry.field(description="Frameworks this policy sits under.")
    async def frameworks(self, info: Info) -> list[Policy]:
        return await out_nodes(info, self.iri, "PART_OF_FRAMEWORK")

    @strawberry.field(description="Policies that sit under this framework.")
    async def parts(self, info: Info) -> list[Policy]:
        return await in_nodes(info, self.iri, "PART_OF_FRAMEWORK")

    @strawberry.field
    async def framework_level(self, info: Info) -> Concept | None:
        return await out_node(info, self.iri, "FRAMEWORK_LEVEL")

    @strawberry.field
    async def jurisdiction_level(self, info: Info) -> Concept | None:
        return await out_node(info, self.iri, "JURISDICTION_LEVEL")

    @strawberry.field(description="The ISO 3166-2 subdivision (state, province) of a sub-national policy.")
    async def subdivision(self, info: Info) -> SubdivisionRef | None:
        return await out_node(info, self.iri, "SUBDIVISION")

    @strawberry.field
    async def status(self, info: Info) -> Concept | None:
        return await out_node(info, self.iri, "STATUS")

    @strawberry.field
    async def targets(self, info: Info) -> list[Target]:
        return await out_nodes(info, self.iri, "HAS_TARGET")

    @strawberry.field
    async def outcomes(self, info: Info) -> list[Outcome]:
        return await out_nodes(info, self.iri, "HAS_OUTCOME")

    @strawberry.field(description="SDG goals, targets or indicators the policy contributes to.")
    async def sdgs(self, info: Info) -> list[Concept]:
        return await out_nodes(info, self.iri, "CONTRIBUTES_TO")

    @strawberry.field(description="MEA obligations the policy implements.")
    async def obligations(self, info: Info) -> list[MEAObligation]:
        return await out_nodes(info, self.iri, "IMPLEMENTS_OBLIGATION")

    @strawberry.field
    async def hotspots(self, info: Info) -> list[ValueChainHotspot]:
        return await out_nodes(info, self.iri, "ADDRESSES_HOTSPOT")

    @strawberry.field(description="10YFP programmes the policy is part of.")
    async def programmes(self, info: Info) -> list[Programme]:
        return await out_nodes(info, self.iri, "PART_OF_PROGRAMME")


@strawberry.type(description="A target a policy sets itself (quantified or qualitative).")
class Target(Node):
    @strawberry.field
    def quantified(self) -> bool:
        return "QuantifiedTarget" in self.row.labels

    @strawberry.field
    def description(self, lang: str = "en") -> str | None:
        return text(self.row.props, "description", lang)

    @strawberry.field
    def value(self) -> float | None:
        return self.row.props.get("targetValue")

    @strawberry.field
    def unit(self) -> str | None:
        return self.row.props.get("unit")

    @strawberry.field(description="The deadline as written (a year or an ISO date).")
    def deadline(self) -> str | None:
        value = self.row.props.get("deadline", self.row.props.get("deadline__date"))
        return None if value is None else str(value)


@strawberry.type(description="A measured outcome of a policy.")
class Outcome(Node):
    @strawberry.field
    def indicator(self, lang: str = "en") -> str | None:
        return text(self.row.props, "indicator", lang)

    @strawberry.field
    def baseline_value(self) -> float | None:
        return self.row.props.get("baselineValue")

    @strawberry.field
    def measured_value(self) -> float | None:
        return self.row.props.get("measuredValue")

    @strawberry.field
    def unit(self) -> str | None:
        return self.row.props.get("unit")

    @strawberry.field
    def measured_on(self) -> str | None:
        return self.row.props.get("measuredOn")


@strawberry.type(
    description="A point in a sector's value chain with a large impact, which policy should address."
)
class ValueChainHotspot(Node):
    @strawberry.field
    def description(self, lang: str = "en") -> str | None:
        return text(self.row.props, "description", lang)

    @strawberry.field
    async def sectors(self, info: Info) -> list[SectorRef]:
        return await out_nodes(info, self.iri, "COVERS_SECTOR")

    @strawberry.field
    async def stages(self, info: Info) -> list[LifeCycleStageRef]:
        return await out_nodes(info, self.iri, "TARGETS_STAGE")

    @strawberry.field
    async def country(self, info: Info) -> CountryRef | None:
        return await out_node(info, self.iri, "COUNTRY")

    @strawberry.field(description="Policies addressing this hotspot.")
    async def addressed_by(self, info: Info) -> list[Policy]:
        return await in_nodes(info, self.iri, "ADDRESSES_HOTSPOT")


@strawberry.type(description="A programme of the 10-Year Framework of Programmes on SCP.")
class Programme(Node):
    @strawberry.field
    def identifier(self) -> str | None:
        return self.row.props.get("identifier")

    @strawberry.field
    def definition(self, lang: str = "en") -> str | None:
        return text(self.row.props, "definition", lang)

    @strawberry.field
    def launched_on(self) -> str | None:
        return self.row.props.get("launchedOn")

    @strawberry.field
    async def sectors(self, info: Info) -> list[SectorRef]:
        return await out_nodes(info, self.iri, "COVERS_SECTOR")

    @strawberry.field(description="Policies that are part of the programme.")
    async def policies(self, info: Info) -> list[Policy]:
        return await in_nodes(info, self.iri, "PART_OF_PROGRAMME")


@strawberry.type(
    description="A multilateral environmental agreement (Minamata, Basel, Rotterdam, Stockholm...)."
)
class MEA(Node):
    @strawberry.field
    def identifier(self) -> str | None:
        return self.row.props.get("identifier")

    @strawberry.field
    def definition(self, lang: str = "en") -> str | None:
        return text(self.row.props, "definition", lang)

    @strawberry.field
    def adopted_on(self) -> str | None:
        return self.row.props.get("adoptedOn")

    @strawberry.field
    def entry_into_force_on(self) -> str | None:
        return self.row.props.get("entryIntoForceOn")

    @strawberry.field(description="Product obligations the agreement places on its parties.")
    async def obligations(self, info: Info) -> list[MEAObligation]:
        return await in_nodes(info, self.iri, "OBLIGATION_OF")


@strawberry.type(description="A product obligation of an MEA, such as Minamata's mercury-added products.")
class MEAObligation(Node):
    @strawberry.field(description="Its code in case studies, e.g. `basel/plastic-wastes`.")
    def identifier(self) -> str | None:
        return self.row.props.get("identifier")

    @strawberry.field
    def definition(self, lang: str = "en") -> str | None:
        return text(self.row.props, "definition", lang)

    @strawberry.field(description="The article(s) that place the obligation (scp:article), e.g. `Article 4`.")
    def article(self) -> str | None:
        return self.row.props.get("article")

    @strawberry.field(description="The annex(es) listing what it covers (scp:annex), e.g. `Annex A`.")
    def annex(self) -> str | None:
        return self.row.props.get("annex")

    @strawberry.field
    async def agreement(self, info: Info) -> MEA | None:
        return await out_node(info, self.iri, "OBLIGATION_OF")

    @strawberry.field
    async def stages(self, info: Info) -> list[LifeCycleStageRef]:
        return await out_nodes(info, self.iri, "TARGETS_STAGE")

    @strawberry.field(description="National policies implementing the obligation.")
    async def implemented_by(self, info: Info) -> list[Policy]:
        return await in_nodes(info, self.iri, "IMPLEMENTS_OBLIGATION")


@strawberry.type
class PolicyEdge:
    cursor: str
    node: Policy


@strawberry.type(description="A page of policies (Relay connection).")
class PolicyConnection:
    edges: list[PolicyEdge]
    page_info: PageInfo
    where: strawberry.Private[Where]

    @strawberry.field(description="The policies of this page (the edges' nodes, for brevity).")
    def nodes(self) -> list[Policy]:
        return [e.node for e in self.edges]

    @strawberry.field(
        description="How many policies match the filter (one extra count query; ask only if needed)."
    )
    async def total_count(self, info: Info) -> int:
        from scpkg.api.policies.loaders import count_statement

        query, params = count_statement(self.where)
        rows = await ctx(info).run(query, params)
        return int(rows[0]["total"]) if rows else 0


@strawberry.type(description="How many matching policies have one value (or pair of values) of a facet.")
class FacetCount:
    key: str = strawberry.field(description="The value: a concept, country or class IRI, or a year.")
    key2: str | None = strawberry.field(description="The second value, for two-dimensional facets.")
    count: int

    @strawberry.field(description="The label of `key` in `lang`, where it names something.")
    async def label(self, info: Info, lang: str = "en") -> str | None:
        return await _label_for(info, self.key, lang)

    @strawberry.field(description="The label of `key2` in `lang`, where it names something.")
    async def label2(self, info: Info, lang: str = "en") -> str | None:
        return None if self.key2 is None else await _label_for(info, self.key2, lang)


async def _label_for(info: Info, key: str, lang: str) -> str | None:
    from scpkg.api.graph.types import label_of

    kind = instrument_type(key)
    if kind is not None:
        return kind.label(lang)
    if not key.startswith("http"):
        return None
    row = await ctx(info).loaders.nodes.load(key)
    return label_of(row.props, lang) if row else None


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


for _label, _cls in (
    ("Policy", Policy),
    ("Target", Target),
    ("Outcome", Outcome),
    ("ValueChainHotspot", ValueChainHotspot),
    ("Programme", Programme),
    ("MultilateralEnvironmentalAgreement", MEA),
    ("MEAObligation", MEAObligation),
):
    register(_label, _factory(_cls))
