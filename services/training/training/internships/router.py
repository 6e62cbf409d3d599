"""Internships abroad: propose, fill in, approve, start, complete with a report, cancel."""

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
from training.internships import access, service, views
from training.internships.models import Internship
from training.internships.schemas import (
    InternshipCreate,
    InternshipKind,
    InternshipRead,
    InternshipStatus,
    InternshipStatusChange,
    InternshipUpdate,
)
from training.scope import OTHER_COMPANY

router = APIRouter(prefix="/internships", tags=["internships"])

DURATION_RULES = ("short_internship_duration", "long_internship_duration")


@router.post("", status_code=201, response_model=InternshipRead, responses=rules(*DURATION_RULES))
async def propose_internship(
    body: InternshipCreate, session: SessionDep, idem: IdempotencyDep, principal: CurrentPrincipal
) -> Response:
    """Propose an internship (the programme manager; development plans propose their own)."""
    access.ensure_can_propose(principal)
    row = await service.propose(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, views.internship_read(row), headers=created(f"/internships/{row.id}", 1)
    )


@router.get("", response_model=Page[InternshipRead], responses=OTHER_COMPANY)
async def list_internships(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
    cohort_id: uuid.UUID | None = None,
    status: InternshipStatus | None = None,
    kind: InternshipKind | None = None,
) -> Page[InternshipRead]:
    """Internships, oldest first: staff all, a local company its own, a host those it hosts."""
    company, hosted = access.listing_scope(principal, company_id)
    statement = service.listing(
        company_id=company,
        host_company_id=hosted,
        cohort_id=cohort_id,
        status=status,
        kind=kind,
    )
    rows, next_cursor = await keyset(
        session, statement, model=Internship, limit=limit, cursor=cursor
    )
    return Page(items=[views.internship_read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{internship_id:uuid}", response_model=InternshipRead)
async def read_internship(
    internship_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> InternshipRead:
    """One internship."""
    row = await service.get(session=session, internship_id=internship_id)
    access.ensure_visible(principal, row)
    tag(response, row.version)
    return views.internship_read(row)


@router.patch(
    "/{internship_id:uuid}",
    response_model=InternshipRead,
    responses=rules("internship_not_proposed", *DURATION_RULES),
)
async def update_internship(
    internship_id: uuid.UUID,
    body: InternshipUpdate,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> InternshipRead:
    """Fill in who goes, where, when and at what estimated cost (while proposed)."""
    row = await service.get(session=session, internship_id=internship_id, lock=True)
    access.ensure_can_edit(principal, row)
    check_if_match(if_match, row.version)
    await service.update(
        session=session, internship=row, data=body, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return views.internship_read(row)


@router.put(
    "/{internship_id:uuid}/status",
    response_model=InternshipRead,
    responses=rules(
        "illegal_status_transition",
        "internship_incomplete",
        "host_not_international",
        "company_not_selected",
        *DURATION_RULES,
    ),
)
async def change_internship_status(
    internship_id: uuid.UUID,
    body: InternshipStatusChange,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> InternshipRead:
    """proposed -> approved (finance commits) -> in_progress -> completed (with a report);
    or cancelled (finance releases what an approval committed). Programme manager only."""
    row = await service.get(session=session, internship_id=internship_id, lock=True)
    access.ensure_can_decide(principal, row)
    check_if_match(if_match, row.version)
    await service.change_status(
        session=session, internship=row, data=body, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return views.internship_read(row)


@router.get("/{internship_id:uuid}/history", response_model=Page[AuditEntryRead])
async def internship_history(
    internship_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who proposed, filled in, approved, started, completed or cancelled it, and when."""
    row = await service.get(session=session, internship_id=internship_id)
    access.ensure_visible(principal, row)
    return await audit.history(
        session, resource=service.RESOURCE, resource_id=row.id, limit=limit, cursor=cursor
    )
