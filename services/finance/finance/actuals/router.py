"""Actuals over HTTP."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from finance.actuals import service
from finance.actuals.access import ActualsRecorder
from finance.actuals.models import Actual
from finance.actuals.schemas import ActualCreate, ActualRead
from finance.actuals.views import actual_read
from shared.api import rules
from shared.auth import CurrentPrincipal
from shared.concurrency import created
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(prefix="/actuals", tags=["actuals"])


@router.post(
    "",
    status_code=201,
    response_model=ActualRead,
    responses={
        **rules(
            "commitment_released", "line_overinvoiced", "line_overpaid", "payment_exceeds_invoiced"
        ),
        404: {"description": "no such commitment line"},
    },
)
async def record_actual(
    body: ActualCreate, session: SessionDep, idem: IdempotencyDep, principal: ActualsRecorder
) -> Response:
    """Record an invoice, payment, contribution or in-kind recognition against one line."""
    actual = await service.record(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, actual_read(actual), headers=created(f"/actuals/{actual.id}", 1)
    )


@router.get("", response_model=Page[ActualRead])
async def list_actuals(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    commitment_id: uuid.UUID | None = None,
    line_id: uuid.UUID | None = None,
) -> Page[ActualRead]:
    """The actuals the caller may see, in the order they were recorded."""
    rows, next_cursor = await keyset(
        session,
        service.listing(principal=principal, commitment_id=commitment_id, line_id=line_id),
        model=Actual,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[actual_read(a) for a in rows], next_cursor=next_cursor)
