"""HTTP API of partner needs (``/needs``), their shortlists and their history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from registry.needs import access, service
from registry.needs.schemas import NeedCreate, NeedRead, NeedUpdate, Shortlist
from registry.needs.shortlist import shortlist as ranked
from registry.needs.views import need_read
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/needs", tags=["needs"])


@router.post("", status_code=201, response_model=NeedRead)
async def create_need(
    body: NeedCreate, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep
) -> JSONResponse:
    """Record a partner need: capabilities, certifications, region, size, free text."""
    access.ensure_may_write(principal, body.international_company_id)
    need = await service.create(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, need_read(need), headers=created(service.location(need.id), need.version)
    )


@router.get("", response_model=Page[NeedRead])
async def list_needs(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[NeedRead]:
    """Needs the caller may see, oldest first."""
    return await service.list_(
        session=session,
        everything=access.sees_every_need(principal),
        owner=principal.company_id,
        limit=limit,
        cursor=cursor,
    )


@router.get("/{need_id}", response_model=NeedRead)
async def get_need(
    need_id: uuid.UUID, session: ReadSessionDep, principal: CurrentPrincipal, response: Response
) -> NeedRead:
    """One partner need."""
    need = await service.get(session=session, need_id=need_id)
    access.ensure_visible(principal, need)
    tag(response, need.version)
    return need_read(need)


@router.patch("/{need_id}", response_model=NeedRead)
async def update_need(
    need_id: uuid.UUID,
    body: NeedUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> NeedRead:
    """Change or close a need; needs If-Match."""
    need = await service.get(session=session, need_id=need_id, lock=True)
    access.ensure_visible(principal, need)
    access.ensure_may_write(principal, need.international_company_id)
    check_if_match(if_match, need.version)
    await service.update(session=session, need=need, data=body, principal=principal, now=utcnow())
    tag(response, need.version)
    return need_read(need)


@router.get("/{need_id}/shortlist", response_model=Shortlist)
async def shortlist(
    need_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Shortlist:
    """Local companies ranked for this need, each with its per-criterion score breakdown."""
    need = await service.get(session=session, need_id=need_id)
    access.ensure_visible(principal, need)
    return await ranked(session=session, need=need, limit=limit, today=utcnow().date())


@router.get("/{need_id}/history", response_model=Page[AuditEntryRead])
async def need_history(
    need_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who recorded the need and changed or closed it, when, and what changed (oldest
    first); visible to whoever sees the need."""
    need = await service.get(session=session, need_id=need_id)
    access.ensure_visible(principal, need)
    return await service.history(session=session, need_id=need.id, limit=limit, cursor=cursor)
