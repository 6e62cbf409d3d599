"""Prioritised gaps: the order the report lists what a company lacks, and why.

The rule (``GAP_ORDERING_RULE``, also printed in every report and in docs/assessment.md):

1. An **EFQM gap** (key ``business:<criterion>``, from the business assessment) is a
   criterion scored below 100 %. Its size is the points it missed: weight x (100 - score) /
   100. Leadership (100 points) at 40 % misses 60 points.
2. A **skills gap** (key ``technical:<skills area>``, from the technical assessment) is a
   skills area whose target level is above its current level (levels 0-5). Its size is 20
   points per level: the whole scale (0 to 5) is worth 100 points, as much as an enabler
   criterion missed entirely. Its ``kind`` is the area's: Business English is a business
   gap found by the technical assessment, not a technical one.
3. Gaps are listed largest first; equal sizes are listed by key (``business:<criterion>``,
   ``technical:<skills area>``), so the order never depends on anything else.
4. The team may override the order: the report's ``gap_order`` lists gap keys. Listed gaps
   come first, in the listed order; the others follow in the default order. A listed key
   that is no longer a gap (its score or level was raised since) is ignored.

Points make the two kinds comparable on the scale the assessment is already reported in,
and they favour heavy criteria: missing half of key results (75 points) ranks above
missing half of leadership (50 points), as the EFQM weights intend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

POINTS_PER_LEVEL = 20
GAP_ORDERING_RULE = (
    "Largest gap first, in points: an EFQM criterion misses weight x (100 - score) / 100 "
    "points; a skills area 20 points per level between current and target (0-5). Equal "
    "sizes are ordered by key. Gaps the assessment team placed first come first, in its order."
)

GapKind = Literal["business", "technical"]
GapSource = Literal["efqm", "skills"]


@dataclass(frozen=True)
class Gap:
    key: str
    source: GapSource
    kind: GapKind
    area: str
    name: str
    points: Decimal
    detail: str


@dataclass(frozen=True)
class RankedGap:
    gap: Gap
    rank: int
    default_rank: int
    overridden: bool


@dataclass(frozen=True)
class ScoredCriterion:
    key: str
    name: str
    weight: int
    score_percent: Decimal


@dataclass(frozen=True)
class AssessedSkill:
    area: str
    name: str
    kind: GapKind
    current_level: int
    target_level: int


def business_gaps(criteria: Iterable[ScoredCriterion]) -> list[Gap]:
    """A gap per criterion scored below 100 %."""
    return [
        Gap(
            key=f"business:{c.key}",
            source="efqm",
            kind="business",
            area=c.key,
            name=c.name,
            points=c.weight * (100 - c.score_percent) / 100,
            detail=f"scored {c.score_percent:f} % of {c.weight} points",
        )
        for c in criteria
        if c.score_percent < 100
    ]


def technical_gaps(skills: Iterable[AssessedSkill]) -> list[Gap]:
    """A gap per skills area whose target is above its current level."""
    return [
        Gap(
            key=f"technical:{s.area}",
            source="skills",
            kind=s.kind,
            area=s.area,
            name=s.name,
            points=Decimal((s.target_level - s.current_level) * POINTS_PER_LEVEL),
            detail=f"level {s.current_level} of target {s.target_level}",
        )
        for s in skills
        if s.target_level > s.current_level
    ]


def default_order(gaps: Iterable[Gap]) -> list[Gap]:
    """Largest first; ties by key."""
    return sorted(gaps, key=lambda gap: (-gap.points, gap.key))


def prioritise(gaps: Iterable[Gap], override: Sequence[str] = ()) -> list[RankedGap]:
    """The gaps in report order: the team's ``override`` first, then the default order."""
    ordered = default_order(gaps)
    default_rank = {gap.key: rank for rank, gap in enumerate(ordered, start=1)}
    by_key = {gap.key: gap for gap in ordered}
    listed = [by_key[key] for key in dict.fromkeys(override) if key in by_key]
    listed_keys = {gap.key for gap in listed}
    final = listed + [gap for gap in ordered if gap.key not in listed_keys]
    return [
        RankedGap(
            gap=gap,
            rank=rank,
            default_rank=default_rank[gap.key],
            overridden=gap.key in listed_keys,
        )
        for rank, gap in enumerate(final, start=1)
    ]
