"""Programme events: schedule, change, cancel, list and read (graduation, networking)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from shared import audit
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from training.programme_events import access, service, views
from training.programme_events.models import ProgrammeEvent
from training.programme_events.schemas import (
    ProgrammeEventCancellation,
    ProgrammeEventCreate,
    ProgrammeEventRead,
    ProgrammeEventStatus,
    ProgrammeEventUpdate,
)

router = APIRouter(prefix="/programme-events", tags=["programme events"])


@router.post("", status_code=201, response_model=ProgrammeEventRead)
async def schedule_programme_event(
    body: ProgrammeEventCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: CurrentPrincipal,
) -> Response:
    """Schedule a graduation or networking event (the PM); finance commits its cost."""
    access.ensure_can_organise(principal)
    row = await service.schedule(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session,
        views.programme_event_read(row),
        headers=created(f"/programme-events/{row.id}", 1),
    )


@router.get("", response_model=Page[ProgrammeEventRead])
async def list_programme_events(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    cohort_id: uuid.UUID | None = None,
    status: ProgrammeEventStatus | None = None,
) -> Page[ProgrammeEventRead]:
    """Programme events: staff all, a sponsor those it sponsors, a local company those it
    is invited to."""
    statement = service.listing(
        principal=principal,
        sees_all=access.sees_all(principal),
        cohort_id=cohort_id,
        status=status,
    )
    rows, next_cursor = await keyset(
        session, statement, model=ProgrammeEvent, limit=limit, cursor=cursor
    )
    return Page(items=[views.programme_event_read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{programme_event_id:uuid}", response_model=ProgrammeEventRead)
async def read_programme_event(
    programme_event_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> ProgrammeEventRead:
    """One programme event."""
    row = await service.get(session=session, programme_event_id=programme_event_id)
    access.ensure_visible(principal, row)
    tag(response, row.version)
    return views.programme_event_read(row)


@router.patch(
    "/{programme_event_id:uuid}",
    response_model=ProgrammeEventRead,
    responses=rules("programme_event_cancelled"),
)
async def update_programme_event(
    programme_event_id: uuid.UUID,
    body: ProgrammeEventUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> ProgrammeEventRead:
    """Change the date, place, cost, sponsors, invited or attending companies (the PM)."""
    access.ensure_can_organise(principal)
    row = await service.get(session=session, programme_event_id=programme_event_id, lock=True)
    check_if_match(if_match, row.version)
    await service.update(session=session, row=row, data=body, principal=principal, now=utcnow())
    tag(response, row.version)
    return views.programme_event_read(row)


@router.put(
    "/{programme_event_id:uuid}/cancellation",
    response_model=ProgrammeEventRead,
    responses=rules("programme_event_cancelled"),
)
async def cancel_programme_event(
    programme_event_id: uuid.UUID,
    body: ProgrammeEventCancellation,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> ProgrammeEventRead:
    """Call the event off (the PM); finance releases its commitment."""
    access.ensure_can_organise(principal)
    row = await service.get(session=session, programme_event_id=programme_event_id, lock=True)
    check_if_match(if_match, row.version)
    await service.cancel(
        session=session, row=row, reason=body.reason, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return views.programme_event_read(row)


@router.get("/{programme_event_id:uuid}/history", response_model=Page[AuditEntryRead])
async def programme_event_history(
    programme_event_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who scheduled, changed or cancelled it, and when."""
    row = await service.get(session=session, programme_event_id=programme_event_id)
    access.ensure_visible(principal, row)
    return await audit.history(
        session, resource=service.RESOURCE, resource_id=row.id, limit=limit, cursor=cursor
    )
