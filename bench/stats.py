"""Summary statistics the benchmark scripts report, defined once so that their figures mean
the same thing (three scripts had three slightly different percentiles)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < p <= 100): the smallest sample that at least
    ``p`` % of the samples are at or below. Always one of the samples, never interpolated."""
    if not values:
        raise ValueError("a percentile of no samples")
    ordered = sorted(values)
    rank = math.ceil(p * len(ordered) / 100)  # p * n first: 0.95 * 20 is not exactly 19
    return ordered[min(max(rank, 1), len(ordered)) - 1]
