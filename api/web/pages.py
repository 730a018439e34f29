"""Placeholder: filled in by the pages area of issue 12."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    return []


async def entity_page(request: object, iri: str) -> object | None:
    """The page of ``iri`` if the front has one for its kind, else None (the generic linked-data page)."""
    return None
