"""The per-request context: the store, the settings, the deadline and the DataLoaders.

The store interface is synchronous; each call runs in a worker thread so the event loop stays free
to enforce the request's deadline (``asyncio.wait_for``) and to batch the DataLoaders.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, LiteralString

from scpkg.api.errors import TIMEOUT, ApiError
from scpkg.api.graph.loaders import Loaders
from scpkg.api.limits import ApiSettings
from scpkg.store import GraphStore


@dataclass
class Context:
    """What every resolver sees as ``info.context``."""

    store: GraphStore
    settings: ApiSettings = field(default_factory=ApiSettings)
    deadline: float = 0.0
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        if not self.deadline:
            self.deadline = time.monotonic() + self.settings.timeout_s
        self.loaders = Loaders(self)

    def remaining(self) -> float:
        """Seconds left before the request times out; raises once there are none."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ApiError(f"the request took longer than {self.settings.timeout_s:g} s", TIMEOUT)
        return left

    async def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement in a worker thread, within the request's remaining time."""
        left = self.remaining()
        try:
            return await asyncio.wait_for(asyncio.to_thread(self.store.run, query, params or {}), left)
        except TimeoutError as exc:
            raise ApiError(f"the request took longer than {self.settings.timeout_s:g} s", TIMEOUT) from exc


def make_context(store: GraphStore, settings: ApiSettings | None = None) -> Context:
    """A fresh context for one request (fresh DataLoader caches, a fresh deadline)."""
    return Context(store, settings or ApiSettings())
