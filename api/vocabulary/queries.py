"""Root fields for vocabularies: the schemes (from the ontology) and concepts (from the store)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api import resolve
from scpkg.api.errors import BAD_INPUT, ApiError
from scpkg.api.graph.types import ctx, wrap
from scpkg.api.vocabulary.loaders import concept_schemes
from scpkg.api.vocabulary.types import Concept, ConceptScheme, scheme_object
from scpkg.iris import VOCAB


@strawberry.type
class VocabularyQuery:
    @strawberry.field(description="The controlled vocabularies (concept schemes) of the ontology.")
    def vocabularies(self) -> list[ConceptScheme]:
        return [s for s in (scheme_object(i) for i in concept_schemes()) if s is not None]

    @strawberry.field(
        description="One vocabulary by slug (e.g. `life-cycle-stage`) or IRI; an unknown one is BAD_INPUT."
    )
    def vocabulary(self, scheme: str) -> ConceptScheme | None:
        return scheme_object(VOCAB + resolve.scheme_slug(scheme, "scheme"))

    @strawberry.field(
        description="A concept by IRI, or by scheme slug and notation (a code, or a label in a UN language); "
        "a value no concept of the ontology has is BAD_INPUT."
    )
    async def concept(
        self, info: Info, iri: str | None = None, scheme: str | None = None, notation: str | None = None
    ) -> Concept | None:
        if iri is None:
            if scheme is None or notation is None:
                raise ApiError("give `iri`, or both `scheme` and `notation`", BAD_INPUT, argument="iri")
            iri = resolve.concept(resolve.scheme_slug(scheme, "scheme"), notation, "notation")
        elif iri.startswith(VOCAB):  # the ontology says whether a concept exists, not the store
            slug = resolve.scheme_slug(iri.removeprefix(VOCAB).split("/", 1)[0], "iri")
            iri = resolve.concept(slug, iri, "iri")
        found = wrap(await ctx(info).loaders.nodes.load(iri))
        return found if isinstance(found, Concept) else None
