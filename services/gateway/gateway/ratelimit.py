"""Token buckets and the token endpoint's lock (in memory: the gateway's only state, per replica).

The gateway keeps one ``RateLimiter`` per purpose, so one kind of traffic never spends
another's tokens: authenticated calls by client (the token's subject), anonymous calls by
address, token requests by address; and a ``FailureLock`` on wrong secrets per client id.
"""

from __future__ import annotations

import math
import time


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(burst, 1))
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        """Spend one token for ``key``; returns 0 if allowed, else seconds until one is free."""
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._buckets.clear()  # bounded memory beats perfect fairness under a flood
            self._buckets[key] = (tokens - 1.0, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1.0 - tokens) / self.rate if self.rate > 0 else math.inf


class FailureLock:
    """Locks a client id out of the token endpoint after repeated wrong secrets.

    ``limit`` failures within ``window`` seconds lock the id for ``lockout`` seconds, from
    every address: guessing one client's secret from many addresses gains nothing. While
    locked even the right secret is refused (else the lock would not stop a guesser who
    finds it). A success ends the count. Unknown ids are counted the same way, so the
    lock does not reveal which ids exist. Per gateway replica, like the buckets.
    """

    def __init__(self, limit: int, window: float, lockout: float, max_keys: int = 100_000) -> None:
        self.limit = max(limit, 1)
        self.window = window
        self.lockout = lockout
        self.max_keys = max_keys
        # client id -> (failures in the window, window start, locked until)
        self._failures: dict[str, tuple[int, float, float]] = {}

    def locked(self, client_id: str) -> float:
        """Seconds until ``client_id`` may try again; 0 if it may now."""
        entry = self._failures.get(client_id[:256])
        if entry is None:
            return 0.0
        return max(0.0, entry[2] - time.monotonic())

    def failed(self, client_id: str) -> bool:
        """Count a wrong secret; True if this one locked the id."""
        key, now = client_id[:256], time.monotonic()
        count, start, until = self._failures.get(key, (0, now, 0.0))
        if now - start > self.window:
            count, start = 0, now
        count += 1
        locked = count >= self.limit
        if locked:
            until, count, start = now + self.lockout, 0, now
        if key not in self._failures and len(self._failures) >= self.max_keys:
            self._evict(now)
        self._failures[key] = (count, start, until)
        return locked

    def succeeded(self, client_id: str) -> None:
        self._failures.pop(client_id[:256], None)

    def _evict(self, now: float) -> None:
        """Forget what no longer matters; if a flood of ids leaves nothing stale, the oldest
        (locks included: bounded memory comes first, and a flood is logged by the 401s)."""
        for key, (_, start, until) in list(self._failures.items()):
            if until <= now and now - start > self.window:
                del self._failures[key]
        while len(self._failures) >= self.max_keys:
            del self._failures[next(iter(self._failures))]
