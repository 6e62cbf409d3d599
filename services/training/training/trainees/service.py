"""Trainees: a company's staff who may be enrolled."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.persistence import bump, one_or_404, where_given
from training.trainees.models import Trainee
from training.trainees.schemas import TraineeCreate, TraineeUpdate


async def add(
    *, session: AsyncSession, company_id: uuid.UUID, data: TraineeCreate, now: datetime
) -> Trainee:
    """A new trainee of ``company_id``."""
    trainee = Trainee(
        company_id=company_id,
        name=data.name,
        function=data.function,
        languages=list(data.languages),
        email=data.email,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(trainee)
    await session.flush()
    return trainee


async def get(*, session: AsyncSession, trainee_id: uuid.UUID, lock: bool = False) -> Trainee:
    """The trainee, or 404."""
    return await one_or_404(
        session, sa.select(Trainee).where(Trainee.id == trainee_id), what="trainee", lock=lock
    )


def listing(*, company_id: uuid.UUID | None) -> sa.Select[tuple[Trainee]]:
    """Trainees, of one company if given (a statement, for paging)."""
    return where_given(sa.select(Trainee), (Trainee.company_id, company_id))


async def update(
    *, session: AsyncSession, trainee: Trainee, data: TraineeUpdate, now: datetime
) -> Trainee:
    """Change a locked trainee's name, function, languages or email."""
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(trainee, field, value)
    bump(trainee, now)
    return trainee
