"""Enrolments: enrol a trainee against a training need, record the result, withdraw."""

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
from training.enrolments import access, service, views
from training.enrolments.models import Enrolment
from training.enrolments.schemas import (
    EnrolmentCompletion,
    EnrolmentCreate,
    EnrolmentRead,
    EnrolmentStatus,
    EnrolmentWithdrawal,
)
from training.scope import OTHER_COMPANY

router = APIRouter(prefix="/enrolments", tags=["enrolments"])

ENROLMENT_RULES = (
    "need_not_training",
    "need_not_open",
    "trainee_of_another_company",
    "company_not_selected",
    "course_not_approved",
    "skills_area_mismatch",
    "already_enrolled",
    "session_started",
    "session_full",
)


@router.post("", status_code=201, response_model=EnrolmentRead, responses=rules(*ENROLMENT_RULES))
async def enrol(
    body: EnrolmentCreate, session: SessionDep, idem: IdempotencyDep, principal: CurrentPrincipal
) -> Response:
    """Enrol a trainee in an approved course, or a session of it, of the need's skills area
    (the company for its own trainees, or the PM). A language the trainee does not speak is
    a warning on the enrolment, not a refusal."""
    access.ensure_can_enrol(principal)
    enrolment = await service.enrol(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session,
        views.enrolment_read(enrolment),
        headers=created(f"/enrolments/{enrolment.id}", 1),
    )


@router.get("", response_model=Page[EnrolmentRead], responses=OTHER_COMPANY)
async def list_enrolments(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
    trainee_id: uuid.UUID | None = None,
    course_id: uuid.UUID | None = None,
    session_id: uuid.UUID | None = None,
    need_id: uuid.UUID | None = None,
    status: EnrolmentStatus | None = None,
) -> Page[EnrolmentRead]:
    """Enrolments, oldest first (a local company sees only its own)."""
    statement = service.listing(
        company_id=access.listing_scope(principal, company_id),
        trainee_id=trainee_id,
        course_id=course_id,
        session_id=session_id,
        need_id=need_id,
        status=status,
    )
    rows, next_cursor = await keyset(
        session, statement, model=Enrolment, limit=limit, cursor=cursor
    )
    return Page(items=[views.enrolment_read(e) for e in rows], next_cursor=next_cursor)


@router.get("/{enrolment_id:uuid}", response_model=EnrolmentRead)
async def read_enrolment(
    enrolment_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> EnrolmentRead:
    """One enrolment."""
    enrolment = await service.get(session=session, enrolment_id=enrolment_id)
    access.ensure_visible(principal, enrolment)
    tag(response, enrolment.version)
    return views.enrolment_read(enrolment)


@router.put(
    "/{enrolment_id:uuid}/completion",
    response_model=EnrolmentRead,
    responses=rules("enrolment_not_active"),
)
async def complete_enrolment(
    enrolment_id: uuid.UUID,
    body: EnrolmentCompletion,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> EnrolmentRead:
    """Record the result: passed (the need is fulfilled) or failed (the need reopens)."""
    enrolment = await service.get(session=session, enrolment_id=enrolment_id, lock=True)
    access.ensure_can_complete(principal, enrolment)
    check_if_match(if_match, enrolment.version)
    await service.complete(
        session=session, enrolment=enrolment, passed=body.passed, principal=principal, now=utcnow()
    )
    tag(response, enrolment.version)
    return views.enrolment_read(enrolment)


@router.put(
    "/{enrolment_id:uuid}/withdrawal",
    response_model=EnrolmentRead,
    responses=rules("enrolment_not_active"),
)
async def withdraw_enrolment(
    enrolment_id: uuid.UUID,
    body: EnrolmentWithdrawal,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> EnrolmentRead:
    """Withdraw before completion: the seat is freed and the need open again."""
    enrolment = await service.get(session=session, enrolment_id=enrolment_id, lock=True)
    access.ensure_can_withdraw(principal, enrolment)
    check_if_match(if_match, enrolment.version)
    await service.withdraw(
        session=session, enrolment=enrolment, reason=body.reason, principal=principal, now=utcnow()
    )
    tag(response, enrolment.version)
    return views.enrolment_read(enrolment)


@router.get("/{enrolment_id:uuid}/history", response_model=Page[AuditEntryRead])
async def enrolment_history(
    enrolment_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who enrolled, completed or withdrew it, and when."""
    enrolment = await service.get(session=session, enrolment_id=enrolment_id)
    access.ensure_visible(principal, enrolment)
    return await audit.history(
        session, resource=service.RESOURCE, resource_id=enrolment.id, limit=limit, cursor=cursor
    )
