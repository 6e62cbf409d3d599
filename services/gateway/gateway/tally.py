"""Request metrics of proxied calls, tallied in plain Python and handed to Prometheus at scrape.

prometheus_client takes a lock for every increment and walks a histogram's buckets in a
Python loop: three locked increments and that loop per proxied call came to about a tenth
of the fast path's instructions (callgrind, docs/performance.md). Here a call costs a dict
lookup, a bisect and three additions; ``flush`` adds the tallies to the very series
``RequestContextMiddleware`` writes (same names and labels), just before /metrics renders
them. Nothing reads those series in between.
"""

from __future__ import annotations

import bisect

from shared import metrics

SERVICE_LABEL = "gateway"


class RequestTally:
    def __init__(self) -> None:
        # (route, method, status) -> [count, seconds, per-bucket counts]
        self._tallies: dict[tuple[str, str, int], list] = {}
        self._bounds: list[float] = list(metrics.HTTP_LATENCY._upper_bounds)  # ends with +Inf

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        tally = self._tallies.get((route, method, status))
        if tally is None:
            tally = self._tallies[(route, method, status)] = [0, 0.0, [0] * len(self._bounds)]
        tally[0] += 1
        tally[1] += seconds
        tally[2][bisect.bisect_left(self._bounds, seconds)] += 1  # Prometheus' "le"

    def flush(self) -> None:
        """Move what was tallied since the last flush into the Prometheus series."""
        tallies, self._tallies = self._tallies, {}
        for (route, method, status), (count, seconds, buckets) in tallies.items():
            metrics.HTTP_REQUESTS.labels(SERVICE_LABEL, method, route, str(status)).inc(count)
            histogram = metrics.HTTP_LATENCY.labels(SERVICE_LABEL, method, route)
            # prometheus_client has no bulk observe; these are the series observe() adds to
            for bucket, hits in zip(histogram._buckets, buckets, strict=True):
                if hits:
                    bucket.inc(hits)
            histogram._sum.inc(seconds)
