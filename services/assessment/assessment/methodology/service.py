"""Methodologies: the default is seeded by migration; more are added as data."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.methodology.models import Methodology
from assessment.methodology.schemas import (
    BandDefinition,
    CriterionDefinition,
    GroupDefinition,
    MethodologyCreate,
    MethodologyRead,
)
from assessment.methodology.scoring import ROUNDING_RULE
from shared import i18n
from shared.errors import Conflict, NotFound
from shared.pagination import Page, keyset
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
        name_ru=data.name_ru,
        name_kk=data.name_kk,
        description=data.description,
        criteria=[c.model_dump() for c in data.criteria],
        groups=[g.model_dump() for g in data.groups],
        bands=[b.model_dump() for b in data.bands],
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
    """The methodology an assessment uses. A methodology never changes once added (a revision
    takes a new key), so a copy already loaded in this session is reused: scoring checks the
    criterion, then builds its view, from one read."""
    methodology = await session.get(Methodology, methodology_id)
    if methodology is None:
        raise NotFound(i18n.no_such("methodology"))
    return methodology


async def page(*, session: AsyncSession, limit: int, cursor: str | None) -> Page[MethodologyRead]:
    """A page of every methodology, oldest (the EFQM default) first."""
    rows, next_cursor = await keyset(
        session, sa.select(Methodology), model=Methodology, limit=limit, cursor=cursor
    )
    return Page(items=[to_read(m) for m in rows], next_cursor=next_cursor)


def criteria_of(methodology: Methodology) -> list[CriterionDefinition]:
    """The methodology's criteria, in their defined order."""
    return [CriterionDefinition.model_validate(c) for c in methodology.criteria]


def name_of(methodology: Methodology, language: str) -> str:
    """The methodology's name in ``language`` (ru, kk, en), English where untranslated."""
    translated = {"ru": methodology.name_ru, "kk": methodology.name_kk}.get(language)
    return translated or methodology.name


def groups_of(methodology: Methodology) -> dict[str, GroupDefinition]:
    """The labels of the methodology's criterion groups, by group key; a group without
    labels is named after its key ("enablers" -> "Enablers")."""
    labelled = {g["key"]: GroupDefinition.model_validate(g) for g in methodology.groups}
    for criterion in criteria_of(methodology):
        if criterion.group not in labelled:
            name = criterion.group.replace("_", " ").capitalize()
            labelled[criterion.group] = GroupDefinition(key=criterion.group, name=name)
    return labelled


def bands_of(methodology: Methodology) -> list[BandDefinition]:
    """The bands of the methodology's totals, lowest first."""
    bands = [BandDefinition.model_validate(b) for b in methodology.bands]
    return sorted(bands, key=lambda band: band.min_points)


def to_read(methodology: Methodology) -> MethodologyRead:
    """The response body of a methodology."""
    criteria = criteria_of(methodology)
    return MethodologyRead(
        id=methodology.id,
        key=methodology.key,
        name=methodology.name,
        name_ru=methodology.name_ru,
        name_kk=methodology.name_kk,
        description=methodology.description,
        criteria=criteria,
        groups=list(groups_of(methodology).values()),
        bands=bands_of(methodology),
        rounding=ROUNDING_RULE,
        total_points=sum(c.weight for c in criteria),
        created_at=methodology.created_at,
    )
