"""Root fields for vocabularies: the schemes (from the ontology) and concepts (from the store)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api.graph.types import ctx, wrap
from scpkg.api.vocabulary.loaders import concept_schemes
from scpkg.api.vocabulary.types import Concept, ConceptScheme, scheme_object
from scpkg.iris import VOCAB


@strawberry.type
class VocabularyQuery:
    @strawberry.field(description="The controlled vocabularies (concept schemes) of the ontology.")
    def vocabularies(self) -> list[ConceptScheme]:
        return [s for s in (scheme_object(i) for i in concept_schemes()) if s is not None]

    @strawberry.field(description="One vocabulary by slug (e.g. `life-cycle-stage`) or IRI.")
    def vocabulary(self, scheme: str) -> ConceptScheme | None:
        return scheme_object(scheme if scheme.startswith("http") else VOCAB + scheme)

    @strawberry.field(description="A concept by IRI, or by scheme slug and notation.")
    async def concept(
        self, info: Info, iri: str | None = None, scheme: str | None = None, notation: str | None = None
    ) -> Concept | None:
        if iri is None and scheme and notation:
            iri = f"{VOCAB}{scheme}/{notation}"
        if iri is None:
            return None
        found = wrap(await ctx(info).loaders.nodes.load(iri))
        return found if isinstance(found, Concept) else None
