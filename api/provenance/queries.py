"""Root fields for provenance: the case studies facts come from."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api.graph.queries import Connection, list_page
from scpkg.api.graph.types import ctx, wrap
from scpkg.api.provenance.types import CaseStudy


@strawberry.type
class ProvenanceQuery:
    @strawberry.field(description="A case study by IRI.")
    async def case_study(self, info: Info, iri: str) -> CaseStudy | None:
        found = wrap(await ctx(info).loaders.nodes.load(iri))
        return found if isinstance(found, CaseStudy) else None

    @strawberry.field(description="Case studies, optionally by text in their titles.")
    async def case_studies(
        self, info: Info, text: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[CaseStudy] | None:
        return await list_page(info, "CaseStudy", first, after, text=text)
