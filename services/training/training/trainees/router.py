"""Trainees: a local company's staff to be enrolled (personal data, kept in this service)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from training.scope import OTHER_COMPANY, listing_scope
from training.trainees import access, service, views
from training.trainees.models import Trainee
from training.trainees.schemas import TraineeCreate, TraineeRead, TraineeUpdate

router = APIRouter(prefix="/trainees", tags=["trainees"])


@router.post("", status_code=201, response_model=TraineeRead)
async def add_trainee(
    body: TraineeCreate, session: SessionDep, idem: IdempotencyDep, principal: CurrentPrincipal
) -> Response:
    """Add a staff member who may be enrolled (the company itself, or programme editors)."""
    company_id = access.company_of_new_trainee(principal, body.company_id)
    trainee = await service.add(session=session, company_id=company_id, data=body, now=utcnow())
    return await idem.respond(
        session, views.trainee_read(trainee), headers=created(f"/trainees/{trainee.id}", 1)
    )


@router.get("", response_model=Page[TraineeRead], responses=OTHER_COMPANY)
async def list_trainees(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
) -> Page[TraineeRead]:
    """Trainees, oldest first (a local company sees only its own)."""
    statement = service.listing(company_id=listing_scope(principal, company_id))
    rows, next_cursor = await keyset(session, statement, model=Trainee, limit=limit, cursor=cursor)
    return Page(items=[views.trainee_read(t) for t in rows], next_cursor=next_cursor)


@router.get("/{trainee_id:uuid}", response_model=TraineeRead)
async def read_trainee(
    trainee_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> TraineeRead:
    """One trainee."""
    trainee = await service.get(session=session, trainee_id=trainee_id)
    access.ensure_visible(principal, trainee)
    tag(response, trainee.version)
    return views.trainee_read(trainee)


@router.patch("/{trainee_id:uuid}", response_model=TraineeRead)
async def update_trainee(
    trainee_id: uuid.UUID,
    body: TraineeUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> TraineeRead:
    """Correct a trainee's name, function, languages or email."""
    trainee = await service.get(session=session, trainee_id=trainee_id, lock=True)
    access.ensure_can_edit(principal, trainee)
    check_if_match(if_match, trainee.version)
    await service.update(session=session, trainee=trainee, data=body, now=utcnow())
    tag(response, trainee.version)
    return views.trainee_read(trainee)
