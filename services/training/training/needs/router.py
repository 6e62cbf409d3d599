"""Training needs (from approved development plans) and plan implementation per company."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from shared.auth import CurrentPrincipal, Staff
from shared.concurrency import tag
from shared.db import utcnow
from shared.deps import ReadSessionDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from shared.skills import SkillsAreaCode
from training.needs import access, service, views
from training.needs.models import TrainingNeed
from training.needs.schemas import (
    DemandReport,
    ImplementationReport,
    NeedKind,
    NeedRead,
    NeedStatus,
)
from training.scope import OTHER_COMPANY

router = APIRouter(prefix="/needs", tags=["needs"])


@router.get("", response_model=Page[NeedRead], responses=OTHER_COMPANY)
async def list_needs(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
    cohort_id: uuid.UUID | None = None,
    kind: NeedKind | None = None,
    status: NeedStatus | None = None,
    skills_area: SkillsAreaCode | None = None,
) -> Page[NeedRead]:
    """Training needs, oldest first (a local company sees only its own)."""
    statement = service.listing(
        company_id=access.listing_scope(principal, company_id),
        cohort_id=cohort_id,
        kind=kind,
        status=status,
        skills_area=skills_area,
    )
    rows, next_cursor = await keyset(
        session, statement, model=TrainingNeed, limit=limit, cursor=cursor
    )
    return Page(items=[views.need_read(n) for n in rows], next_cursor=next_cursor)


@router.get("/implementation", response_model=ImplementationReport, responses=OTHER_COMPANY)
async def plan_implementation(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    company_id: uuid.UUID | None = None,
    cohort_id: uuid.UUID | None = None,
) -> ImplementationReport:
    """Each company's development plan: training needs fulfilled / planned, in percent (a
    local company sees only its own)."""
    counts = await service.implementation_counts(
        session=session,
        company_id=access.listing_scope(principal, company_id),
        cohort_id=cohort_id,
    )
    return views.implementation(counts)


@router.get("/demand", response_model=DemandReport)
async def demand_against_supply(session: ReadSessionDep, _: Staff) -> DemandReport:
    """Per skills area: every plan's open training needs against the seats left in the
    upcoming sessions of approved courses, by city and language (programme staff)."""
    today = utcnow().date()
    return views.demand(
        today=today,
        open_needs=await service.open_needs_per_area(session=session),
        seats=await service.upcoming_seats(session=session, today=today),
    )


@router.get("/{need_id:uuid}", response_model=NeedRead)
async def read_need(
    need_id: uuid.UUID, session: ReadSessionDep, response: Response, principal: CurrentPrincipal
) -> NeedRead:
    """One training need."""
    need = await service.get(session=session, need_id=need_id)
    access.ensure_visible(principal, need)
    tag(response, need.version)
    return views.need_read(need)
