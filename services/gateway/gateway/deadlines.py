"""Timeouts of in-flight exchanges: one coarse timer for all of them, not one each.

An event-loop timer per request (create, then cancel) was about 4 % of the fast path's
instructions. Requests with the same timeout expire in the order they started, so each
timeout value keeps its requests in an insertion-ordered dict: adding and removing are
dict operations, and a tick every ``TICK`` seconds expires the oldest ones. A timeout fires
up to ``TICK`` late, which no caller can tell from a service that took that much longer.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

TICK = 0.1


class Expiring(Protocol):
    def expired(self) -> None:
        """The deadline has passed and the item is still waiting."""


class Deadlines:
    def __init__(self) -> None:
        self._waiting: dict[float, dict[Expiring, float]] = {}  # timeout -> item -> deadline
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def add(self, item: Expiring, timeout: float) -> None:
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        waiting = self._waiting.get(timeout)
        if waiting is None:
            waiting = self._waiting[timeout] = {}
        waiting[item] = loop.time() + timeout
        if self._timer is None:
            self._timer = loop.call_later(TICK, self._tick)

    def discard(self, item: Expiring, timeout: float) -> None:
        waiting = self._waiting.get(timeout)
        if waiting is not None:
            waiting.pop(item, None)

    def _tick(self) -> None:
        self._timer = None
        assert self._loop is not None
        now = self._loop.time()
        pending = False
        for waiting in list(self._waiting.values()):
            while waiting:
                item, deadline = next(iter(waiting.items()))
                if deadline > now:
                    pending = True
                    break
                del waiting[item]
                item.expired()
        if pending or any(self._waiting.values()):
            self._timer = self._loop.call_later(TICK, self._tick)
