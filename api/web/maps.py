"""Placeholder: filled in by the maps area of issue 12."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    return []
