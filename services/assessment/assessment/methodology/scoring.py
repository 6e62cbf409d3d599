"""EFQM-style weighting: a criterion scored 0-100 % earns that share of its weight in points.

With the default methodology (EFQM, 9 criteria) the weights add up to 1,000 points: 100 for
each of the five enablers, then 150 customer results, 100 people results, 100 society
results and 150 key results.

One rounding rule, applied once, here: a criterion's points are exact (33.33 % of 150 is
49.995 points); the **total** is the exact sum of the points rounded **once** to two
decimal places, half up (553.825 is 553.83). The API, the report, the PDF and the
``assessment.completed`` event all carry that rounded total, so the registry (which stores
two decimals) shows the very same number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from assessment.messages import MESSAGES
from shared.i18n import Text, message

TOTAL_POINTS = 1000
"""Every methodology spreads exactly this many points, so totals compare across models."""

TOTAL_QUANTUM = Decimal("0.01")
TOTAL_ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = (
    "Criterion points are exact; the total is their exact sum rounded once to 2 decimal "
    "places, half up (553.825 is 553.83)."
)


def criterion_points(score_percent: Decimal, weight: int) -> Decimal:
    """The points a criterion earns: its score's share of its weight, exactly."""
    if not Decimal(0) <= score_percent <= Decimal(100):
        raise ValueError("a score is a percentage from 0 to 100")
    return score_percent * weight / 100


def rounded_total(exact: Decimal) -> Decimal:
    """The total as published: two decimal places, half up."""
    return exact.quantize(TOTAL_QUANTUM, rounding=TOTAL_ROUNDING)


def total_points(scored: Iterable[tuple[Decimal, int]]) -> Decimal:
    """The EFQM total of (score %, weight) pairs: exact points summed, then rounded once."""
    exact = sum((criterion_points(score, weight) for score, weight in scored), Decimal(0))
    return rounded_total(exact)


def weights_problem(weights: dict[str, int]) -> Text | None:
    """Why these criterion weights cannot make a methodology, or None if they can."""
    if not weights:
        return message(MESSAGES["no_criteria"])
    if any(weight <= 0 for weight in weights.values()):
        return message(MESSAGES["weights_positive"])
    if sum(weights.values()) != TOTAL_POINTS:
        return message(
            MESSAGES["weights_total"], total=sum(weights.values()), expected=TOTAL_POINTS
        )
    return None


class Band(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def min_points(self) -> int: ...


B = TypeVar("B", bound=Band)


def band_of(total: Decimal, bands: Sequence[B]) -> B | None:
    """The band a (rounded) total falls in: the one with the highest ``min_points`` it
    reaches, or None if it reaches none (a methodology's bands start at 0, so never)."""
    reached = [band for band in bands if total >= band.min_points]
    return max(reached, key=lambda band: band.min_points, default=None)


def bands_problem(bands: Sequence[Band]) -> Text | None:
    """Why these bands cannot grade a methodology's totals, or None if they can."""
    keys = [b.key for b in bands]
    floors = [b.min_points for b in bands]
    if len(set(keys)) != len(keys):
        return message(MESSAGES["band_keys_unique"])
    if len(set(floors)) != len(floors):
        return message(MESSAGES["band_points_unique"])
    if 0 not in floors:
        return message(MESSAGES["band_at_zero"])
    if any(not 0 <= floor <= TOTAL_POINTS for floor in floors):
        return message(MESSAGES["band_range"], total=TOTAL_POINTS)
    return None
