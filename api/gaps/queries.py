"""Root fields for coherence gaps: the questions, and an answer per country, region, sector or world."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from scpkg.api.gaps import loaders
from scpkg.api.gaps.types import GapAnswer, GapQuestion, answer_object, question_object
from scpkg.api.graph.types import ctx


@strawberry.type
class GapQuery:
    @strawberry.field(description="The coherence-gap questions of the catalogue.")
    def gap_questions(self) -> list[GapQuestion]:
        return [question_object(q) for q in loaders.questions()]

    @strawberry.field(
        description="Answer a gap question (id or number) for a country (ISO3), region (M49), sector "
        "(code) or, with none of them, the world."
    )
    async def gap(
        self,
        info: Info,
        question: str,
        country: str | None = None,
        region: str | None = None,
        sector: str | None = None,
    ) -> GapAnswer:
        q = loaders.find_question(question)
        scope = loaders.scope_of(country, region, sector)
        return answer_object(q, await loaders.run_question(ctx(info), q, scope))
