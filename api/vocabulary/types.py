"""Vocabulary types: SKOS concepts (life-cycle stages, sectors, ministry types, framework and
jurisdiction levels, policy statuses, SDG goals / targets / indicators), their schemes, and the
instrument-type hierarchy.

Concept schemes and instrument types are read from the ontology (:mod:`.loaders`), not written out
here: the ``InstrumentTypeCode`` enum is generated from the ontology's classes under ``scp:Policy``.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.types import Node, ctx, in_nodes, out_nodes, register, register_scheme, text
from scpkg.api.vocabulary.loaders import InstrumentTypeInfo, concept_schemes, instrument_types, scheme_of

if TYPE_CHECKING:
    from scpkg.api.policies.types import PolicyConnection

InstrumentTypeCode = strawberry.enum(
    Enum("InstrumentTypeCode", {info.enum_name: info.name for info in instrument_types().values()}),  # type: ignore[misc]
    description="Instrument types and framework, generated from the ontology's subclasses of scp:Policy.",
)


@strawberry.type(description="A SKOS concept scheme of the ontology (a controlled vocabulary).")
class ConceptScheme:
    iri: str
    slug: str = strawberry.field(description="The scheme's IRI path under vocab/, e.g. `life-cycle-stage`.")
    labels: strawberry.Private[dict[str, str]]
    definition: str | None

    @strawberry.field(description="The scheme's name in `lang`, falling back to English.")
    def label(self, lang: str = "en") -> str | None:
        return self.labels.get(lang) or self.labels.get("en")

    @strawberry.field(description="The scheme's concepts as stored (broader ones first, then by IRI).")
    async def concepts(self, info: Info) -> list[Concept]:
        found = await in_nodes(info, self.iri, "IN_SCHEME")
        return sorted(found, key=lambda c: (len(c.row.props.get("notation") or ""), c.iri))

    @strawberry.field(description="The scheme's top concepts.")
    async def top_concepts(self, info: Info) -> list[Concept]:
        return await in_nodes(info, self.iri, "TOP_CONCEPT_OF")


def scheme_object(iri: str) -> ConceptScheme | None:
    """The GraphQL scheme for an IRI, from the ontology."""
    info = concept_schemes().get(iri)
    if info is None:
        return None
    return ConceptScheme(iri=info.iri, slug=info.slug, labels=info.labels, definition=info.definition)


async def _match_iris(info: Info, iri: str, rel_type: str) -> list[str]:
    return [e.node.iri for e in await ctx(info).loaders.out(iri, rel_type)]


@strawberry.interface(description="A concept of a controlled vocabulary (SKOS).")
class Concept(Node):
    @strawberry.field(description="The concept's code within its scheme, e.g. `design` or `12.1`.")
    def notation(self) -> str | None:
        value = self.row.props.get("notation")
        return value if value is None or isinstance(value, str) else str(value)

    @strawberry.field(description="The definition in `lang`, falling back to English.")
    def definition(self, lang: str = "en") -> str | None:
        return text(self.row.props, "definition", lang)

    @strawberry.field(description="The scheme the concept belongs to.")
    def scheme(self) -> ConceptScheme | None:
        found = scheme_of(self.iri)
        return scheme_object(found.iri) if found else None

    @strawberry.field(description="Broader concepts (skos:broader).")
    async def broader(self, info: Info) -> list[Concept]:
        return [c for c in await out_nodes(info, self.iri, "BROADER") if isinstance(c, Concept)]

    @strawberry.field(description="Narrower concepts (skos:narrower, or skos:broader this concept).")
    async def narrower(self, info: Info) -> list[Concept]:
        # Generated vocabularies (SDG) state only skos:broader: the inverse is derived, not restated.
        found: dict[str, Concept] = {}
        for c in [*await out_nodes(info, self.iri, "NARROWER"), *await in_nodes(info, self.iri, "BROADER")]:
            if isinstance(c, Concept):
                found.setdefault(c.iri, c)
        return list(found.values())

    @strawberry.field(description="External identifiers of the same concept (UN SDG, GEMET, ISO, M49...).")
    async def exact_match(self, info: Info) -> list[str]:
        return await _match_iris(info, self.iri, "EXACT_MATCH")

    @strawberry.field(description="External identifiers of a closely matching concept.")
    async def close_match(self, info: Info) -> list[str]:
        return await _match_iris(info, self.iri, "CLOSE_MATCH")

    @strawberry.field(description="External concepts broader than this one.")
    async def broad_match(self, info: Info) -> list[str]:
        return await _match_iris(info, self.iri, "BROAD_MATCH")

    @strawberry.field(description="External concepts narrower than this one.")
    async def narrow_match(self, info: Info) -> list[str]:
        return await _match_iris(info, self.iri, "NARROW_MATCH")


PoliciesRef = Annotated["PolicyConnection", strawberry.lazy("scpkg.api.policies.types")]


async def _policies_with(
    info: Info, field_name: str, value: str, first: int | None, after: str | None
) -> Any:
    from scpkg.api.policies.queries import PolicyFilter, policy_page

    return await policy_page(info, PolicyFilter(**{field_name: value}), first=first, after=after)


@strawberry.type(
    description="A life-cycle stage (upstream: extraction, design; ... downstream: end of life)."
)
class LifeCycleStage(Concept):
    @strawberry.field(description="Policies targeting this stage or a narrower one.")
    async def policies(self, info: Info, first: int | None = None, after: str | None = None) -> PoliciesRef:
        return await _policies_with(info, "stage", self.iri, first, after)


@strawberry.type(description="A sector or value chain (food, buildings and construction, textiles...).")
class Sector(Concept):
    @strawberry.field(description="Policies covering this sector or a narrower one.")
    async def policies(self, info: Info, first: int | None = None, after: str | None = None) -> PoliciesRef:
        return await _policies_with(info, "sector", self.iri, first, after)


@strawberry.type(description="A type of ministry or government body (environment, finance, planning...).")
class MinistryType(Concept):
    pass


@strawberry.type(
    description="How a framework sits in a country's policy (overarching, sectoral, stand-alone)."
)
class FrameworkLevel(Concept):
    pass


@strawberry.type(description="National, sub-national or international jurisdiction.")
class JurisdictionLevel(Concept):
    pass


@strawberry.type(description="A policy's status (announced, adopted, implemented...).")
class PolicyStatus(Concept):
    pass


@strawberry.type(description="A concept of another scheme (OECD PINE, SDG 12.1.1 categories...).")
class VocabularyConcept(Concept):
    pass


@strawberry.type(description="One of the 17 Sustainable Development Goals.")
class SDGGoal(Concept):
    pass


@strawberry.type(description="A target of an SDG, such as 12.1.")
class SDGTarget(Concept):
    @strawberry.field(description="Policies contributing to this target or its indicators.")
    async def policies(self, info: Info, first: int | None = None, after: str | None = None) -> PoliciesRef:
        return await _policies_with(info, "sdg", self.iri, first, after)


@strawberry.type(description="An indicator of the SDG indicator framework, such as 12.1.1.")
class SDGIndicator(Concept):
    pass


@strawberry.type(
    description="An instrument type or the framework type: a class of the ontology under scp:Policy."
)
class InstrumentType:
    iri: str
    info: strawberry.Private[InstrumentTypeInfo]

    @strawberry.field(description="The enum value naming this type in filters.")
    def code(self) -> InstrumentTypeCode:  # type: ignore[valid-type]
        return InstrumentTypeCode[self.info.enum_name]

    @strawberry.field(description="The store label (the class's local name).")
    def name(self) -> str:
        return self.info.name

    @strawberry.field
    def notation(self) -> str:
        return self.info.notation

    @strawberry.field(description="The type's name in `lang`, falling back to English.")
    def label(self, lang: str = "en") -> str | None:
        return self.info.labels.get(lang) or self.info.labels.get("en")

    @strawberry.field(description="Other names in `lang`.")
    def alt_labels(self, lang: str = "en") -> list[str]:
        return self.info.alt_labels.get(lang, [])

    @strawberry.field
    def definition(self) -> str | None:
        return self.info.definition

    @strawberry.field(description="The superclass (e.g. Regulatory instrument for Ban or restriction).")
    def broader(self) -> InstrumentType | None:
        return instrument_type(self.info.broader) if self.info.broader else None

    @strawberry.field(description="Direct subclasses.")
    def narrower(self) -> list[InstrumentType]:
        return [t for t in (instrument_type(i) for i in self.info.narrower) if t is not None]

    @strawberry.field(description="Close matches in external classifications (e.g. SDG 12.1.1 categories).")
    def close_match(self) -> list[str]:
        return self.info.close_match

    @strawberry.field(description="Policies of this type or one of its subtypes.")
    async def policies(self, info: Info, first: int | None = None, after: str | None = None) -> PoliciesRef:
        return await _policies_with(info, "instrument_type", self.info.name, first, after)


def instrument_type(iri: str) -> InstrumentType | None:
    """The GraphQL instrument type for a class IRI, from the ontology."""
    found = instrument_types().get(iri)
    return InstrumentType(iri=found.iri, info=found) if found else None


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


for _label, _cls in (("SDGGoal", SDGGoal), ("SDGTarget", SDGTarget), ("SDGIndicator", SDGIndicator)):
    register(_label, _factory(_cls))
for _slug, _cls in (
    ("life-cycle-stage", LifeCycleStage),
    ("sector", Sector),
    ("ministry-type", MinistryType),
    ("framework-level", FrameworkLevel),
    ("jurisdiction-level", JurisdictionLevel),
    ("policy-status", PolicyStatus),
    ("*", VocabularyConcept),
):
    register_scheme(_slug, _factory(_cls))
