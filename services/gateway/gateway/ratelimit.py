"""Per-client token buckets (in memory: the gateway's only state, per replica)."""

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
