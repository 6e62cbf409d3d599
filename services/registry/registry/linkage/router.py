"""HTTP API of linkages (``/linkages``) and the outcome figures (``/outcomes``)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Header, Query, Response
from sqlmodel import col, select

from registry.company.access import EDITORS, sees_everything
from registry.linkage import service
from registry.linkage.models import Linkage
from registry.linkage.schemas import (
    LinkageCreate,
    LinkageRead,
    LinkageUpdate,
    Outcomes,
    Stage,
)
from shared.auth import CurrentPrincipal, Principal, Role
from shared.concurrency import check_if_match, etag
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import Forbidden, NotFound
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, decode_cursor, encode_cursor

router = APIRouter(tags=["linkages"])


def _party(principal: Principal, linkage: Linkage) -> bool:
    return principal.acts_for(linkage.local_company_id) or principal.acts_for(
        linkage.international_company_id
    )


def _ensure_visible(principal: Principal, linkage: Linkage) -> None:
    if not (sees_everything(principal) or _party(principal, linkage)):
        raise NotFound("No such linkage.")


def _ensure_recorder(principal: Principal, international_company_id: uuid.UUID) -> None:
    """Staff record any linkage; an international company records its own."""
    if principal.role in EDITORS:
        return
    if principal.role == Role.INTERNATIONAL_COMPANY and principal.acts_for(
        international_company_id
    ):
        return
    raise Forbidden("Programme staff, or the international company party to it, record a linkage.")


@router.post("/linkages", status_code=201, response_model=LinkageRead)
async def create_linkage(
    body: LinkageCreate, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep
) -> Response:
    """Record what came of a match: type, stage, and once signed the contract's figures."""
    _ensure_recorder(principal, body.international_company_id)
    linkage = await service.create(session, data=body, created_by=principal.subject)
    return await idem.respond(
        session,
        service.read(linkage),
        headers={"Location": f"/linkages/{linkage.id}", "ETag": etag(linkage.version)},
    )


@router.get("/linkages", response_model=Page[LinkageRead])
async def list_linkages(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    company_id: uuid.UUID | None = None,
    stage: Stage | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Linkages the caller may see (staff: all; a company: those it is party to)."""
    statement = select(Linkage).order_by(col(Linkage.created_at), col(Linkage.id))
    if not sees_everything(principal):
        mine = principal.company_id
        statement = statement.where(
            sa.or_(
                col(Linkage.local_company_id) == mine, col(Linkage.international_company_id) == mine
            )
        )
    if company_id is not None:
        statement = statement.where(
            sa.or_(
                col(Linkage.local_company_id) == company_id,
                col(Linkage.international_company_id) == company_id,
            )
        )
    if stage is not None:
        statement = statement.where(col(Linkage.stage) == stage)
    position = decode_cursor(cursor, expect={"id"})
    if position is not None:
        after = await session.get(Linkage, uuid.UUID(position["id"]))
        if after is not None:
            statement = statement.where(
                sa.or_(
                    col(Linkage.created_at) > after.created_at,
                    sa.and_(
                        col(Linkage.created_at) == after.created_at, col(Linkage.id) > after.id
                    ),
                )
            )
    rows = list((await session.execute(statement.limit(limit + 1))).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [service.read(r) for r in rows],
        "next_cursor": encode_cursor({"id": str(rows[-1].id)}) if more else None,
    }


@router.get("/linkages/{linkage_id}", response_model=LinkageRead)
async def get_linkage(
    linkage_id: uuid.UUID, session: ReadSessionDep, principal: CurrentPrincipal, response: Response
) -> dict[str, Any]:
    """One linkage (staff, or a company party to it)."""
    linkage = await service.get(session, linkage_id=linkage_id)
    _ensure_visible(principal, linkage)
    response.headers["ETag"] = etag(linkage.version)
    return service.read(linkage)


@router.patch("/linkages/{linkage_id}", response_model=LinkageRead)
async def update_linkage(
    linkage_id: uuid.UUID,
    body: LinkageUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Move a linkage to its next stage or correct its figures; needs If-Match."""
    linkage = await service.get(session, linkage_id=linkage_id)
    _ensure_visible(principal, linkage)
    _ensure_recorder(principal, linkage.international_company_id)
    check_if_match(if_match, linkage.version)
    await service.update(session, linkage=linkage, data=body)
    response.headers["ETag"] = etag(linkage.version)
    return service.read(linkage)


@router.get("/outcomes", response_model=Outcomes)
async def outcomes(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    group_by: Annotated[Literal["cohort", "segment", "region"], Query()] = "cohort",
) -> dict[str, Any]:
    """The figures the ministry reports: contracts signed, their value and jobs, per group."""
    if not sees_everything(principal):
        raise Forbidden("Outcome figures are for programme staff and the ministry.")
    rows, total = await service.outcomes(session, group_by=group_by)
    return {"group_by": group_by, "rows": rows, "total": total}
