"""EFQM-style weighting: a criterion scored 0-100 % earns that share of its weight in points.

With the default methodology (EFQM, 9 criteria) the weights add up to 1,000 points: 100 for
each of the five enablers, then 150 customer results, 100 people results, 100 society
results and 150 key results. Points are exact decimals, never rounded: 33.33 % of 150 is
49.995 points.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

TOTAL_POINTS = 1000
"""Every methodology spreads exactly this many points, so totals compare across models."""


def criterion_points(score_percent: Decimal, weight: int) -> Decimal:
    """The points a criterion earns: its score's share of its weight."""
    if not Decimal(0) <= score_percent <= Decimal(100):
        raise ValueError("a score is a percentage from 0 to 100")
    return score_percent * weight / 100


def total_points(scored: Iterable[tuple[Decimal, int]]) -> Decimal:
    """The sum of (score %, weight) pairs' points: the EFQM total."""
    return sum((criterion_points(score, weight) for score, weight in scored), Decimal(0))


def weights_problem(weights: dict[str, int]) -> str | None:
    """Why these criterion weights cannot make a methodology, or None if they can."""
    if not weights:
        return "a methodology has at least one criterion"
    if any(weight <= 0 for weight in weights.values()):
        return "every criterion carries a positive weight"
    if sum(weights.values()) != TOTAL_POINTS:
        return f"the weights add up to {sum(weights.values())}, not {TOTAL_POINTS}"
    return None
