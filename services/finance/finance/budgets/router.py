"""Budgets over HTTP."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from finance.budgets import service
from finance.budgets.access import (
    BudgetDecider,
    BudgetEditor,
    BudgetReader,
    authorize_status_change,
)
from finance.budgets.models import BudgetStatus
from finance.budgets.schemas import (
    BudgetCopy,
    BudgetCreate,
    BudgetDiffRead,
    BudgetRead,
    BudgetStatusChange,
    BudgetUpdate,
)
from finance.budgets.views import budget_read
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/budgets", tags=["budgets"])


@router.post("", status_code=201, response_model=BudgetRead, responses=rules("budget_exists"))
async def create_budget(
    body: BudgetCreate, session: SessionDep, idem: IdempotencyDep, principal: BudgetEditor
) -> Response:
    """Draft a programme year's budget (revision 1) from cost lines in the seven modules."""
    budget, lines, figures = await service.create(
        session=session, data=body, principal=principal, now=utcnow()
    )
    return await idem.respond(
        session,
        budget_read(budget, lines, figures),
        headers=created(f"/budgets/{budget.id}", budget.version),
    )


@router.get("", response_model=Page[BudgetRead])
async def list_budgets(
    session: ReadSessionDep,
    _: BudgetReader,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    programme_year: int | None = None,
    cohort_id: uuid.UUID | None = None,
    status: BudgetStatus | None = None,
) -> Page[BudgetRead]:
    """Budget revisions with their figures, in the order they were made."""
    rows, next_cursor = await service.page(
        session=session,
        programme_year=programme_year,
        cohort_id=cohort_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[budget_read(*row) for row in rows], next_cursor=next_cursor)


@router.get("/{budget_id}", response_model=BudgetRead)
async def read_budget(
    budget_id: uuid.UUID, session: ReadSessionDep, response: Response, _: BudgetReader
) -> BudgetRead:
    """One revision: its lines, each module's and the whole budget's low and high totals,
    each party's share and the programme's share in percent."""
    budget, lines, figures = await service.read(session=session, budget_id=budget_id)
    tag(response, budget.version)
    return budget_read(budget, lines, figures)


@router.patch("/{budget_id}", response_model=BudgetRead, responses=rules("budget_not_draft"))
async def update_budget(
    budget_id: uuid.UUID,
    body: BudgetUpdate,
    session: SessionDep,
    response: Response,
    principal: BudgetEditor,
    if_match: IfMatch = None,
) -> BudgetRead:
    """Change a draft's title or replace its cost lines."""
    budget = await service.get(session=session, budget_id=budget_id, lock=True)
    check_if_match(if_match, budget.version)
    budget, lines, figures = await service.update(
        session=session, budget=budget, data=body, principal=principal, now=utcnow()
    )
    tag(response, budget.version)
    return budget_read(budget, lines, figures)


@router.put(
    "/{budget_id}/status",
    response_model=BudgetRead,
    responses=rules("illegal_status_transition", "budget_empty"),
)
async def change_budget_status(
    budget_id: uuid.UUID,
    body: BudgetStatusChange,
    session: SessionDep,
    response: Response,
    principal: BudgetDecider,
    if_match: IfMatch = None,
) -> BudgetRead:
    """Submit (programme manager), approve or send back (ministry); approval freezes it."""
    authorize_status_change(principal, body.status)
    budget = await service.get(session=session, budget_id=budget_id, lock=True)
    check_if_match(if_match, budget.version)
    budget, lines, figures = await service.change_status(
        session=session, budget=budget, data=body, principal=principal, now=utcnow()
    )
    tag(response, budget.version)
    return budget_read(budget, lines, figures)


@router.post(
    "/{budget_id}/revisions",
    status_code=201,
    response_model=BudgetRead,
    responses=rules("budget_not_approved", "revision_open"),
)
async def revise_budget(
    budget_id: uuid.UUID, session: SessionDep, idem: IdempotencyDep, principal: BudgetEditor
) -> Response:
    """Start the next revision of an approved budget: a draft copy to change and approve."""
    budget = await service.get(session=session, budget_id=budget_id, lock=True)
    revision, lines, figures = await service.revise(
        session=session, budget=budget, principal=principal, now=utcnow()
    )
    return await idem.respond(
        session,
        budget_read(revision, lines, figures),
        headers=created(f"/budgets/{revision.id}", revision.version),
    )


@router.get("/{budget_id}/diff", response_model=BudgetDiffRead)
async def diff_budgets(
    budget_id: uuid.UUID, against: uuid.UUID, session: ReadSessionDep, _: BudgetReader
) -> BudgetDiffRead:
    """What changed from this budget to ``against`` (another revision, or another year's):
    lines added, removed and changed, and how each module's figures moved."""
    return await service.diff(session=session, budget_id=budget_id, against_id=against)


@router.post(
    "/{budget_id}/copies",
    status_code=201,
    response_model=BudgetRead,
    responses=rules("budget_exists"),
)
async def copy_budget(
    budget_id: uuid.UUID,
    body: BudgetCopy,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: BudgetEditor,
) -> Response:
    """Start the next year's (or another cohort's) budget as a draft copy of this one."""
    budget = await service.get(session=session, budget_id=budget_id)
    copied, lines, figures = await service.copy(
        session=session, budget=budget, data=body, principal=principal, now=utcnow()
    )
    return await idem.respond(
        session,
        budget_read(copied, lines, figures),
        headers=created(f"/budgets/{copied.id}", copied.version),
    )


@router.get("/{budget_id}/history", response_model=Page[AuditEntryRead])
async def budget_history(
    budget_id: uuid.UUID,
    session: ReadSessionDep,
    _: BudgetReader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who drafted, changed, submitted, approved or superseded this revision, and when."""
    return await service.history(session=session, budget_id=budget_id, limit=limit, cursor=cursor)
