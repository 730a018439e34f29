"""Coherence-gap types: the answer of one catalogue question for a scope, finding by finding.

The questions and their Cypher live in the gap catalogue (:mod:`scpkg.queries.catalogue`); the API
only exposes its answers, with the evidence as ``CaseStudy`` objects so a client can cite them.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from scpkg.api.graph.types import CaseStudyRef, case_studies


@strawberry.enum(
    description="What a finding says (docs/decisions/20261202-honest-statuses.md): a gap, not stated, "
    "repealed only, covered (at least one instrument), reported but not described "
    "(docs/decisions/20261202-reported-observations.md), or no data."
)
class GapStatus(Enum):
    GAP = strawberry.enum_value(
        "gap", description="Case studies cover the subject and state what the question needs; no instrument."
    )
    NOT_STATED = strawberry.enum_value(
        "not-stated",
        description="Instruments exist but do not state what the answer depends on "
        "(stage, sector, type, body).",
    )
    REPEALED_ONLY = strawberry.enum_value("repealed-only", description="Only repealed instruments are there.")
    COVERED = strawberry.enum_value("covered", description="At least one instrument (never zero) is there.")
    REPORTED_NOT_DESCRIBED = strawberry.enum_value(
        "reported-not-described",
        description="The country's own report counts instruments (N > 0) that no case study describes.",
    )
    NO_DATA = strawberry.enum_value(
        "no-data", description="No case study covers the subject, or none reports anything to compare."
    )


@strawberry.type(description="One of the ten coherence-gap questions.")
class GapQuestion:
    id: str
    number: int
    finding: str = strawberry.field(description="The finding of the source document the question reflects.")
    source: str = strawberry.field(description="Where that finding is, e.g. `S2 §13(c), §15`.")
    scopes: list[str] = strawberry.field(description="How the question can be scoped (global, region...).")
    reference_share: float | None = strawberry.field(
        description="The share the source document reports, where the question computes one."
    )
    rules: list[str] = strawberry.field(
        description="The judgements the question's answer applies (stage groups, repealed instruments...)."
    )
    titles: strawberry.Private[Any]
    descriptions: strawberry.Private[Any]

    @strawberry.field(description="The question's title in `lang`, falling back to English.")
    def title(self, lang: str = "en") -> str | None:
        return _in_lang(self.titles, lang)

    @strawberry.field(description="What the question asks, in `lang`, falling back to English.")
    def description(self, lang: str = "en") -> str | None:
        return _in_lang(self.descriptions, lang)


def _in_lang(value: Any, lang: str) -> str | None:
    if isinstance(value, dict):
        return value.get(lang) or value.get("en")
    return None if value is None else str(value)


@strawberry.type(
    description="One finding of a gap answer: a subject (policy, country, sector...) and its status."
)
class GapFinding:
    subject: JSON = strawberry.field(description="What the finding is about (IRIs and labels, per question).")
    status: GapStatus
    detail: str | None
    facts: list[str] = strawberry.field(description="IRIs of the facts the finding rests on.")
    evidence_iris: strawberry.Private[list[str]]

    @strawberry.field(description="The case studies the finding rests on.")
    async def evidence(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, self.evidence_iris)


@strawberry.type(
    description="A share such as 'policies with a quantified target', with the report's reference."
)
class GapShare:
    numerator: int
    denominator: int
    value: float | None
    reference: float | None = strawberry.field(description="The share the source report found (e.g. 0.26).")
    reference_source: str | None


@strawberry.type(description="How many findings of an answer have a status.")
class GapStatusCount:
    status: GapStatus
    count: int


@strawberry.type(description="The answer to a gap question for a scope.")
class GapAnswer:
    question: GapQuestion
    findings: list[GapFinding]
    share: GapShare | None
    exclude_illustrative: bool = strawberry.field(
        description="Whether case studies marked illustrative were left out "
        "(the `excludeIllustrative` argument)."
    )
    rests_on_illustrative: bool = strawberry.field(
        description="True when some evidence comes from case studies marked illustrative (invented examples, "
        "not reported facts): say so wherever the answer is shown."
    )
    evidence_iris: strawberry.Private[list[str]]
    illustrative_iris: strawberry.Private[list[str]]

    @strawberry.field(description="All case studies the answer rests on.")
    async def evidence(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, self.evidence_iris)

    @strawberry.field(description="The case studies the answer rests on that are marked illustrative.")
    async def illustrative_evidence(self, info: Info) -> list[CaseStudyRef]:
        return await case_studies(info, self.illustrative_iris)

    @strawberry.field(description="Findings per status, every status listed (zero included).")
    def counts(self) -> list[GapStatusCount]:
        return [
            GapStatusCount(status=s, count=sum(1 for f in self.findings if f.status == s)) for s in GapStatus
        ]

    @strawberry.field(description="How many findings are gaps.")
    def gap_count(self) -> int:
        return sum(1 for f in self.findings if f.status == GapStatus.GAP)


def _status(value: Any) -> GapStatus:
    return GapStatus(getattr(value, "value", value))


def question_object(q: Any) -> GapQuestion:
    """The GraphQL view of a catalogue question."""
    return GapQuestion(
        id=q.id,
        number=q.number,
        finding=q.finding,
        source=q.source,
        scopes=list(q.scopes),
        reference_share=q.reference_share,
        rules=list(getattr(q, "rules", []) or []),
        titles=q.title,
        descriptions=q.question,
    )


def answer_object(question: Any, answer: Any) -> GapAnswer:
    """The GraphQL view of a catalogue ``GapAnswer``."""
    findings = [
        GapFinding(
            subject=json.loads(json.dumps(f.subject, default=str)),
            status=_status(f.status),
            detail=getattr(f, "detail", None),
            facts=[str(x) for x in getattr(f, "facts", []) or []],
            evidence_iris=[str(x) for x in getattr(f, "evidence", []) or []],
        )
        for f in answer.findings
    ]
    share = getattr(answer, "share", None)
    return GapAnswer(
        question=question_object(question),
        findings=findings,
        share=None
        if share is None
        else GapShare(
            numerator=int(share.numerator),
            denominator=int(share.denominator),
            value=None if share.value is None else float(share.value),
            reference=None if getattr(share, "reference", None) is None else float(share.reference),
            reference_source=getattr(share, "reference_source", None),
        ),
        exclude_illustrative=bool(getattr(answer, "exclude_illustrative", False)),
        rests_on_illustrative=bool(getattr(answer, "illustrative_evidence", [])),
        evidence_iris=sorted({str(x) for x in getattr(answer, "evidence", []) or []}),
        illustrative_iris=sorted({str(x) for x in getattr(answer, "illustrative_evidence", []) or []}),
    )
