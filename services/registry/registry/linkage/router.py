"""HTTP API of linkages (``/linkages``) and the outcome figures (``/outcomes``)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from registry.linkage import access, service
from registry.linkage.outcomes import outcomes as outcome_figures
from registry.linkage.schemas import (
    GroupBy,
    LinkageCreate,
    LinkageRead,
    LinkageUpdate,
    Outcomes,
    Stage,
)
from registry.linkage.views import linkage_read
from registry.messages import MESSAGES
from shared import i18n
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.errors import InvalidInput
from shared.i18n import AcceptLanguage, message
from shared.idempotency import IdempotencyDep
from shared.inputs import IsoDate
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(tags=["linkages"])


@router.post(
    "/linkages",
    status_code=201,
    response_model=LinkageRead,
    responses=rules("linkage_duplicate"),
)
async def create_linkage(
    body: LinkageCreate, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep
) -> JSONResponse:
    """Record what came of a match: type, stage, and once signed the contract's figures.

    The same local company, international company and need recorded twice is a 409
    (``linkage_duplicate``, ``Location`` the existing linkage) unless ``separate_contract``."""
    access.ensure_recorder(principal, body.international_company_id)
    linkage = await service.create(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session,
        linkage_read(linkage),
        headers=created(service.location(linkage.id), linkage.version),
    )


@router.get("/linkages", response_model=Page[LinkageRead])
async def list_linkages(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    company_id: uuid.UUID | None = None,
    stage: Stage | None = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[LinkageRead]:
    """Linkages the caller may see (staff: all; a company: those it is party to), in the
    order they were recorded."""
    return await service.list_(
        session=session,
        everything=access.sees_every_linkage(principal),
        party=principal.company_id,
        company_id=company_id,
        stage=stage,
        limit=limit,
        cursor=cursor,
    )


@router.get("/linkages/{linkage_id}", response_model=LinkageRead)
async def get_linkage(
    linkage_id: uuid.UUID, session: ReadSessionDep, principal: CurrentPrincipal, response: Response
) -> LinkageRead:
    """One linkage (staff, or a company party to it)."""
    linkage = await service.get(session=session, linkage_id=linkage_id)
    access.ensure_visible(principal, linkage)
    tag(response, linkage.version)
    return linkage_read(linkage)


@router.patch(
    "/linkages/{linkage_id}",
    response_model=LinkageRead,
    responses=rules("linkage_stage_final", "linkage_stage_order"),
)
async def update_linkage(
    linkage_id: uuid.UUID,
    body: LinkageUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> LinkageRead:
    """Move a linkage to its next stage or correct its figures; needs If-Match."""
    linkage = await service.get(session=session, linkage_id=linkage_id, lock=True)
    access.ensure_visible(principal, linkage)
    access.ensure_recorder(principal, linkage.international_company_id)
    check_if_match(if_match, linkage.version)
    await service.update(
        session=session, linkage=linkage, data=body, principal=principal, now=utcnow()
    )
    tag(response, linkage.version)
    return linkage_read(linkage)


@router.get("/linkages/{linkage_id}/history", response_model=Page[AuditEntryRead])
async def linkage_history(
    linkage_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who recorded the linkage and moved it on, when, and what changed (oldest first);
    visible to whoever sees the linkage."""
    linkage = await service.get(session=session, linkage_id=linkage_id)
    access.ensure_visible(principal, linkage)
    return await service.history(session=session, linkage_id=linkage.id, limit=limit, cursor=cursor)


@router.get("/outcomes", response_model=Outcomes)
async def outcomes(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    response: Response,
    _: AcceptLanguage = None,
    group_by: Annotated[GroupBy, Query()] = "cohort",
    period_from: Annotated[
        IsoDate | None, Query(alias="from", description="the period's first day (included)")
    ] = None,
    period_to: Annotated[
        IsoDate | None, Query(alias="to", description="the period's last day (included)")
    ] = None,
    cohort_id: Annotated[uuid.UUID | None, Query(description="one cohort's linkages")] = None,
) -> Outcomes:
    """The figures the ministry reports: contracts signed, their value and jobs, per group
    (labelled for people), for a period and a cohort if asked."""
    access.ensure_sees_outcomes(principal)
    if period_from is not None and period_to is not None and period_to < period_from:
        raise InvalidInput("to", message(MESSAGES["period_reversed"]), where="query")
    return await outcome_figures(
        session=session,
        group_by=group_by,
        language=i18n.localized(response),
        period_from=period_from,
        period_to=period_to,
        cohort_id=cohort_id,
    )
