"""Read models of programme events."""

from __future__ import annotations

import uuid

from shared.money import Money
from training.programme_events.models import ProgrammeEvent
from training.programme_events.schemas import ProgrammeEventRead, ProgrammeEventStatus


def programme_event_read(row: ProgrammeEvent) -> ProgrammeEventRead:
    return ProgrammeEventRead(
        id=row.id,
        cohort_id=row.cohort_id,
        kind=row.kind,  # type: ignore[arg-type]
        title=row.title,
        held_on=row.held_on,
        place=row.place,
        estimated_cost=Money.from_minor(row.estimated_cost_minor, row.currency),
        sponsor_company_ids=[uuid.UUID(i) for i in row.sponsor_company_ids],
        invited_company_ids=[uuid.UUID(i) for i in row.invited_company_ids],
        attending_company_ids=[uuid.UUID(i) for i in row.attending_company_ids],
        status=ProgrammeEventStatus(row.status),
        cancelled_at=row.cancelled_at,
        cancellation_reason=row.cancellation_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
