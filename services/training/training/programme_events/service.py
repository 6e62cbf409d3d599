"""Programme events' rules, and the events finance commits and releases their cost on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal, Role
from shared.errors import Conflict
from shared.events.training import ProgrammeEventCancelled, ProgrammeEventScheduled
from shared.messaging import outbox
from shared.money import Money
from shared.persistence import bump, one_or_404, where_given
from training.audit_trail import Trail
from training.programme_events.models import ProgrammeEvent
from training.programme_events.schemas import (
    ProgrammeEventCreate,
    ProgrammeEventStatus,
    ProgrammeEventUpdate,
)

RESOURCE = "programme_event"
FINANCE_FIELDS = {"held_on", "estimated_cost", "sponsor_company_ids"}
"""What finance commits on: a change to any of them is a reschedule it must hear of."""


def _ids(values: list[uuid.UUID]) -> list[str]:
    return [str(v) for v in values]


def _snapshot(row: ProgrammeEvent) -> dict[str, Any]:
    return {
        "status": row.status,
        "title": row.title,
        "held_on": row.held_on,
        "place": row.place,
        "estimated_cost": {"minor": row.estimated_cost_minor, "currency": row.currency},
        "sponsor_company_ids": row.sponsor_company_ids,
        "invited_company_ids": row.invited_company_ids,
        "attending_company_ids": row.attending_company_ids,
    }


_audit: Trail[ProgrammeEvent] = Trail(RESOURCE, _snapshot)


def _scheduled(row: ProgrammeEvent, now: datetime) -> ProgrammeEventScheduled:
    return ProgrammeEventScheduled(
        programme_event_id=row.id,
        cohort_id=row.cohort_id,
        kind=row.kind,  # type: ignore[arg-type]
        held_on=row.held_on,
        estimated_cost=Money.from_minor(row.estimated_cost_minor, row.currency),
        sponsor_company_ids=[uuid.UUID(i) for i in row.sponsor_company_ids],
        scheduled_at=now,
    )


async def schedule(
    *, session: AsyncSession, data: ProgrammeEventCreate, principal: Principal, now: datetime
) -> ProgrammeEvent:
    """A scheduled programme event; finance hears of its cost and sponsors."""
    row = ProgrammeEvent(
        cohort_id=data.cohort_id,
        kind=data.kind,
        title=data.title,
        held_on=data.held_on,
        place=data.place,
        estimated_cost_minor=data.estimated_cost.minor,
        currency=data.estimated_cost.currency,
        sponsor_company_ids=_ids(data.sponsor_company_ids),
        invited_company_ids=_ids(data.invited_company_ids),
        attending_company_ids=[],
        status=ProgrammeEventStatus.SCHEDULED,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(row)
    await session.flush()
    await outbox.add(session, _scheduled(row, now))
    await _audit(session, principal, row, "scheduled", None, now)
    return row


async def get(
    *, session: AsyncSession, programme_event_id: uuid.UUID, lock: bool = False
) -> ProgrammeEvent:
    """The programme event, or 404; ``lock`` before changing it."""
    return await one_or_404(
        session,
        sa.select(ProgrammeEvent).where(ProgrammeEvent.id == programme_event_id),
        what="programme event",
        lock=lock,
    )


def listing(
    *,
    principal: Principal,
    sees_all: bool,
    cohort_id: uuid.UUID | None,
    status: ProgrammeEventStatus | None,
) -> sa.Select[tuple[ProgrammeEvent]]:
    """Programme events the caller may see (a statement, for paging).

    A company's own events are found in the JSON id lists as text: ids are UUIDs, so a
    match of one inside the list's text is a match of that id, on both engines.
    """
    statement = sa.select(ProgrammeEvent)
    if not sees_all:
        ids = (
            ProgrammeEvent.sponsor_company_ids
            if principal.role == Role.INTERNATIONAL_COMPANY
            else ProgrammeEvent.invited_company_ids
        )
        statement = statement.where(
            sa.cast(ids, sa.Text).contains(f'"{principal.company_id}"', autoescape=True)
        )
    return where_given(
        statement, (ProgrammeEvent.cohort_id, cohort_id), (ProgrammeEvent.status, status)
    )


async def update(
    *,
    session: AsyncSession,
    row: ProgrammeEvent,
    data: ProgrammeEventUpdate,
    principal: Principal,
    now: datetime,
) -> ProgrammeEvent:
    """Change a locked, scheduled event; a new date, cost or sponsors reschedule it."""
    if row.status != ProgrammeEventStatus.SCHEDULED:
        raise Conflict("The programme event was cancelled.", rule="programme_event_cancelled")
    before = _snapshot(row)
    changes = data.model_dump(exclude_unset=True)
    if data.estimated_cost is not None:
        row.estimated_cost_minor = data.estimated_cost.minor
        row.currency = data.estimated_cost.currency
    for field in ("title", "held_on", "place"):
        if field in changes:
            setattr(row, field, changes[field])
    for field in ("sponsor_company_ids", "invited_company_ids", "attending_company_ids"):
        if field in changes:
            setattr(row, field, _ids(getattr(data, field)))
    after = _snapshot(row)
    bump(row, now)
    if any(before[f] != after[f] for f in FINANCE_FIELDS):
        await outbox.add(session, _scheduled(row, now))
    await _audit(session, principal, row, "updated", before, now)
    return row


async def cancel(
    *,
    session: AsyncSession,
    row: ProgrammeEvent,
    reason: str | None,
    principal: Principal,
    now: datetime,
) -> ProgrammeEvent:
    """Call off a locked, scheduled event; finance releases its commitment."""
    if row.status != ProgrammeEventStatus.SCHEDULED:
        raise Conflict("The programme event was cancelled.", rule="programme_event_cancelled")
    before = _snapshot(row)
    row.status = ProgrammeEventStatus.CANCELLED
    row.cancelled_at = now
    row.cancellation_reason = reason
    bump(row, now)
    await outbox.add(
        session,
        ProgrammeEventCancelled(
            programme_event_id=row.id, cohort_id=row.cohort_id, cancelled_at=now
        ),
    )
    await _audit(session, principal, row, "cancelled", before, now)
    return row
