"""The ``Node`` interface every entity implements, and the mapping from store nodes to GraphQL types.

Every type exposes its ``iri``, a ``label(lang:)`` that falls back to English, and ``assertedBy``
(the case studies whose triples describe it, from the node's ``asserted_by`` list), so any fact in a
response can be traced to its source. Domain modules register their types here by store label;
:func:`wrap` picks the most specific registered type for a node.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.loaders import Edge, NodeRow

if TYPE_CHECKING:
    from scpkg.api.context import Context
    from scpkg.api.provenance.types import CaseStudy

LABEL_KEYS = ("title", "prefLabel", "label", "name")
"""Property-key stems that name a thing, in the order a label is looked for."""


def text(props: dict[str, Any], stem: str, lang: str = "en") -> str | None:
    """The ``<stem>_<lang>`` value, else English, else any language (the first key in sorted order)."""
    for key in (f"{stem}_{lang}", f"{stem}_en", stem):
        value = props.get(key)
        if value is not None:
            return value if isinstance(value, str) else str(value[0] if isinstance(value, list) else value)
    for key in sorted(props):
        if key.startswith(stem + "_"):
            value = props[key]
            return value if isinstance(value, str) else str(value)
    return None


def label_of(props: dict[str, Any], lang: str = "en") -> str | None:
    """A display label in ``lang``: title, prefLabel or label in that language, else in English."""
    for stem in LABEL_KEYS:
        if props.get(f"{stem}_{lang}") is not None:
            return text(props, stem, lang)
    for stem in LABEL_KEYS:
        found = text(props, stem, lang)
        if found is not None:
            return found
    return None


def ctx(info: Info) -> Context:
    """The request context, typed."""
    return info.context


CaseStudyRef = Annotated["CaseStudy", strawberry.lazy("scpkg.api.provenance.types")]


@strawberry.interface(description="Anything in the graph with an IRI.")
class Node:
    iri: str = strawberry.field(description="The thing's IRI (its identity in the knowledge graph).")
    row: strawberry.Private[NodeRow]

    @strawberry.field(description="A label in `lang` (ISO 639-1), falling back to English.")
    def label(self, lang: str = "en") -> str | None:
        return label_of(self.row.props, lang)

    @strawberry.field(
        description="Classes the source data asserts (the reverse mapping restores exactly these)."
    )
    def rdf_type(self) -> list[str]:
        return list(self.row.props.get("rdf_type") or [])

    @strawberry.field(description="The case studies whose data describe this thing.")
    async def asserted_by(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, self.row.props.get("asserted_by") or [])

    @strawberry.field(
        description="Contradictions: single-valued facts (one per the ontology, e.g. adoption year; one per "
        "language for titles) that case studies give different values for. Every value is kept; each is "
        "listed with the case studies asserting it. Empty when the case studies agree."
    )
    async def conflicts(self, info: Info) -> list[Conflict]:
        if len(self.row.props.get("asserted_by") or []) < 2:  # one case study: SHACL held it to one value
            return []
        from scpkg.ingest.conflicts import node_conflicts

        found = await asyncio.wait_for(
            asyncio.to_thread(node_conflicts, ctx(info).store, self.iri), ctx(info).remaining()
        )
        return [
            Conflict(
                property=str(c.property),
                language=c.language,
                values=[ConflictValue(value=str(v), case_study_iris=list(cases)) for v, cases in c.values],
            )
            for c in found
        ]


@strawberry.type(description="One of the values case studies give for a single-valued fact.")
class ConflictValue:
    value: str = strawberry.field(description="The value as written (a literal's text, or an IRI).")
    case_study_iris: strawberry.Private[list[str]]

    @strawberry.field(description="The case studies asserting this value.")
    async def asserted_by(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, self.case_study_iris)


@strawberry.type(description="A single-valued fact of one node that case studies contradict each other on.")
class Conflict:
    property: str = strawberry.field(description="The property's IRI (e.g. scp:adoptionYear, dcterms:title).")
    language: str | None = strawberry.field(description="For texts: the language the titles differ in.")
    values: list[ConflictValue] = strawberry.field(description="Each value, with who asserts it.")


_REGISTRY: list[tuple[str, Callable[[NodeRow], Any]]] = []
_CONCEPT_SCHEMES: dict[str, Callable[[NodeRow], Any]] = {}


def register(label: str, factory: Callable[[NodeRow], Any]) -> None:
    """Register the GraphQL type for a store label; earlier registrations win (register specific first)."""
    _REGISTRY.append((label, factory))


def register_scheme(slug: str, factory: Callable[[NodeRow], Any]) -> None:
    """Register the concept type for a scheme (a concept's only label is ``Concept``)."""
    _CONCEPT_SCHEMES[slug] = factory


def wrap(row: NodeRow | None) -> Any:
    """The most specific registered GraphQL object for a store node (None stays None)."""
    if row is None:
        return None
    labels = set(row.labels)
    if "Concept" in labels and not labels & {"SDGGoal", "SDGTarget", "SDGIndicator"}:
        from scpkg.api.vocabulary.loaders import scheme_of

        scheme = scheme_of(row.iri)
        factory = _CONCEPT_SCHEMES.get(scheme.slug if scheme else "", _CONCEPT_SCHEMES.get("*"))
        if factory is not None:
            return factory(row)
    for label, factory in _REGISTRY:
        if label in labels:
            return factory(row)
    return Resource(iri=row.iri, row=row)


def wrap_as(cls: Callable[..., Any], row: NodeRow | None) -> Any:
    """``cls`` for a row, whatever its labels (for fields typed by the ontology's range)."""
    return None if row is None else cls(iri=row.iri, row=row)


@strawberry.type(description="A thing no more specific type describes (e.g. an external concept).")
class Resource(Node):
    pass


REFERENCE_TITLE = "Reference data: the ontology's vocabularies, countries, UN M49 regions and MEA parties"
"""The title of the store's pseudo case study for reference data, which has no node of its own."""


async def case_studies(info: Info, iris: list[str]) -> list[Any]:
    """Case-study objects for IRIs. The reference data's pseudo case study has no node: it gets a fixed
    title so a client can still say where a country or concept comes from; any other IRI without a node
    gets an IRI-only object."""
    from scpkg.api.provenance.types import CaseStudy
    from scpkg.store import REFERENCE_CASE

    rows = await ctx(info).loaders.nodes.load_many(list(iris))
    out = []
    for iri, row in zip(iris, rows, strict=True):
        if row is None:
            props = {"title_en": REFERENCE_TITLE} if iri == REFERENCE_CASE else {}
            row = NodeRow(iri, props, ())
        out.append(CaseStudy(iri=iri, row=row))
    return out


async def out_nodes(info: Info, iri: str, rel_type: str) -> list[Any]:
    """The nodes an outgoing relationship points to, wrapped."""
    return [wrap(e.node) for e in await ctx(info).loaders.out(iri, rel_type)]


async def out_node(info: Info, iri: str, rel_type: str) -> Any:
    """The first node an outgoing relationship points to (functional properties), wrapped."""
    found = await out_nodes(info, iri, rel_type)
    return found[0] if found else None


async def in_nodes(info: Info, iri: str, rel_type: str) -> list[Any]:
    """The nodes whose relationship points to this one, wrapped."""
    return [wrap(e.node) for e in await ctx(info).loaders.into(iri, rel_type)]


async def out_edges(info: Info, iri: str, rel_type: str) -> list[Edge]:
    """Outgoing relationships with their provenance."""
    return await ctx(info).loaders.out(iri, rel_type)
