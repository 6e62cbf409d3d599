"""HTTP API of partner needs (``/needs``) and their shortlists."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from sqlmodel import col, select

from registry.company.access import EDITORS, sees_everything
from registry.needs import service
from registry.needs.models import PartnerNeed
from registry.needs.schemas import NeedCreate, NeedRead, NeedUpdate, Shortlist
from shared.auth import CurrentPrincipal, Principal, Role
from shared.concurrency import check_if_match, etag
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Forbidden, NotFound
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, decode_cursor, encode_cursor

router = APIRouter(prefix="/needs", tags=["matchmaking"])


def _owner_or_staff(principal: Principal, need: PartnerNeed) -> None:
    """Needs are the international company's business: staff and the company see them."""
    if not (sees_everything(principal) or principal.acts_for(need.international_company_id)):
        raise NotFound("No such partner need.")


def _may_write(principal: Principal, international_company_id: uuid.UUID) -> None:
    if principal.role in EDITORS or (
        principal.role == Role.INTERNATIONAL_COMPANY
        and principal.acts_for(international_company_id)
    ):
        return
    raise Forbidden("An international company records its own needs (or programme staff do).")


@router.post("", status_code=201, response_model=NeedRead)
async def create_need(
    body: NeedCreate, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep
) -> Response:
    """Record a partner need: capabilities, certifications, region, size, free text."""
    _may_write(principal, body.international_company_id)
    need = await service.create(session, data=body, created_by=principal.subject)
    return await idem.respond(
        session,
        need.model_dump(exclude={"created_by"}),
        headers={"Location": f"/needs/{need.id}", "ETag": etag(need.version)},
    )


@router.get("", response_model=Page[NeedRead])
async def list_needs(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Needs the caller may see, oldest first."""
    statement = select(PartnerNeed).order_by(col(PartnerNeed.id))
    if not sees_everything(principal):
        statement = statement.where(
            col(PartnerNeed.international_company_id) == principal.company_id
        )
    position = decode_cursor(cursor, expect={"id"})
    if position is not None:
        statement = statement.where(col(PartnerNeed.id) > uuid.UUID(position["id"]))
    rows = list((await session.execute(statement.limit(limit + 1))).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [r.model_dump(exclude={"created_by"}) for r in rows],
        "next_cursor": encode_cursor({"id": str(rows[-1].id)}) if more else None,
    }


@router.get("/{need_id}", response_model=NeedRead)
async def get_need(
    need_id: uuid.UUID, session: ReadSessionDep, principal: CurrentPrincipal, response: Response
) -> dict[str, Any]:
    """One partner need."""
    need = await service.get(session, need_id=need_id)
    _owner_or_staff(principal, need)
    response.headers["ETag"] = etag(need.version)
    return need.model_dump(exclude={"created_by"})


@router.patch("/{need_id}", response_model=NeedRead)
async def update_need(
    need_id: uuid.UUID,
    body: NeedUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Change or close a need; needs If-Match."""
    need = await service.get(session, need_id=need_id)
    _owner_or_staff(principal, need)
    _may_write(principal, need.international_company_id)
    check_if_match(if_match, need.version)
    await service.update(session, need=need, data=body)
    response.headers["ETag"] = etag(need.version)
    return need.model_dump(exclude={"created_by"})


@router.get("/{need_id}/shortlist", response_model=Shortlist)
async def shortlist(
    need_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Local companies ranked for this need, each with its per-criterion score breakdown."""
    need = await service.get(session, need_id=need_id)
    _owner_or_staff(principal, need)
    return {"need_id": need.id, "items": await service.shortlist(session, need=need, limit=limit)}
