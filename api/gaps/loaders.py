"""Access to the gap catalogue (:mod:`scpkg.queries.catalogue`), which owns the gap Cypher.

The catalogue's ``run`` is synchronous and reads the store itself, so it runs in a worker thread
within the request's deadline, like every other store call. Its input errors (an unknown question, a
country or region code it does not know, a scope the question does not support) are the client's, and
become API errors with a code; anything else it raises is unexpected and masked.
"""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

from scpkg.api.errors import BAD_INPUT, TIMEOUT, UNKNOWN_QUESTION, ApiError


def catalogue() -> ModuleType:
    """The catalogue module; an error GraphQL clients can read if it is not installed."""
    try:
        from scpkg.queries import catalogue as module
    except ImportError as exc:
        raise ApiError("the gap catalogue is not available in this installation", "UNAVAILABLE") from exc
    return module


def questions() -> list[Any]:
    """The catalogue's questions, by number."""
    return list(catalogue().questions())


def find_question(question_id: str) -> Any:
    """A question by id (``measurability``) or number (``3``); unknown ones are the client's error."""
    module = catalogue()
    try:
        return module.question(question_id)
    except module.UnknownQuestionError as exc:
        raise ApiError(str(exc), UNKNOWN_QUESTION, known=[q.id for q in module.questions()]) from exc


def scope_of(country: str | None, region: str | None, sector: str | None, mea: str | None = None) -> Any:
    """The catalogue's scope; codes it cannot resolve are the client's error."""
    module = catalogue()
    if mea is not None:
        try:
            module.check_mea(mea)
        except module.UnknownMEAError as exc:
            raise ApiError(
                str(exc),
                BAD_INPUT,
                argument="mea",
                suggestions=exc.suggestions,
                allowed=list(module.mea_codes()),
            ) from exc
    try:
        return module.Scope(country=country, region=region, sector=sector, mea=mea)
    except ValueError as exc:
        raise ApiError(str(exc), BAD_INPUT) from exc


async def run_question(context: Any, question: Any, scope: Any, exclude_illustrative: bool = False) -> Any:
    """Answer one question in a scope (an empty scope is the world), optionally without the case studies
    marked illustrative."""
    module = catalogue()
    left = context.remaining()
    call = asyncio.to_thread(module.run, context.store, question.id, scope, exclude_illustrative)
    try:
        return await asyncio.wait_for(call, left)
    except TimeoutError as exc:
        raise ApiError(f"the request took longer than {context.settings.timeout_s:g} s", TIMEOUT) from exc
    except module.ScopeNotSupportedError as exc:
        raise ApiError(str(exc), BAD_INPUT, scopes=list(question.scopes)) from exc
