"""Root fields for coherence gaps: the questions, and an answer per country, region, sector or world."""

from __future__ import annotations

from typing import Annotated

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
        "(code) or, with none of them, the world. `excludeIllustrative` leaves out case studies marked "
        "illustrative (in the statements, so findings, counts and shares agree)."
    )
    async def gap(
        self,
        info: Info,
        question: str,
        country: str | None = None,
        region: str | None = None,
        sector: str | None = None,
        exclude_illustrative: bool = False,
        mea: Annotated[
            str | None,
            strawberry.argument(
                description="For question 6: one MEA (minamata, basel, rotterdam, stockholm, montreal); "
                "default all."
            ),
        ] = None,
    ) -> GapAnswer | None:
        # Nullable, like every root field that takes input: a bad question or scope in one alias is that
        # field's error (null, with its path), and the other root fields keep their data.
        q = loaders.find_question(question)
        scope = loaders.scope_of(country, region, sector, mea)
        return answer_object(q, await loaders.run_question(ctx(info), q, scope, exclude_illustrative))
