"""Methodologies: the default is seeded by migration; more are added as data."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.methodology.models import Methodology
from assessment.methodology.schemas import CriterionDefinition, MethodologyCreate, MethodologyRead
from shared.errors import Conflict
from shared.persistence import flush_or_conflict, one_or_404

DEFAULT_KEY = "efqm-9"
"""Seeded by migration assessment_0004: the handbook's EFQM excellence model, 9 criteria."""


async def create(*, session: AsyncSession, data: MethodologyCreate, now: datetime) -> Methodology:
    """Add a methodology, e.g. the 7-criteria EFQM model, without code."""
    detail = f"A methodology with key {data.key!r} exists; a revision takes a new key."
    if await session.scalar(sa.select(sa.func.count()).where(Methodology.key == data.key)):
        raise Conflict(detail, rule="methodology_key_taken")
    methodology = Methodology(
        key=data.key,
        name=data.name,
        description=data.description,
        criteria=[c.model_dump() for c in data.criteria],
        created_at=now,
    )
    session.add(methodology)
    await flush_or_conflict(session, rule="methodology_key_taken", detail=detail)
    return methodology


async def get(*, session: AsyncSession, key: str) -> Methodology:
    """The methodology with this key, or 404."""
    return await one_or_404(
        session, sa.select(Methodology).where(Methodology.key == key), what="methodology"
    )


async def get_by_id(*, session: AsyncSession, methodology_id: uuid.UUID) -> Methodology:
    """The methodology an assessment uses."""
    return await one_or_404(
        session, sa.select(Methodology).where(Methodology.id == methodology_id), what="methodology"
    )


def listing() -> sa.Select[tuple[Methodology]]:
    """Every methodology (a statement, for paging)."""
    return sa.select(Methodology)


def criteria_of(methodology: Methodology) -> list[CriterionDefinition]:
    """The methodology's criteria, in their defined order."""
    return [CriterionDefinition.model_validate(c) for c in methodology.criteria]


def to_read(methodology: Methodology) -> MethodologyRead:
    """The response body of a methodology."""
    criteria = criteria_of(methodology)
    return MethodologyRead(
        id=methodology.id,
        key=methodology.key,
        name=methodology.name,
        description=methodology.description,
        criteria=criteria,
        total_points=sum(c.weight for c in criteria),
        created_at=methodology.created_at,
    )
