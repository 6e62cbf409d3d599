"""Reports over HTTP, as JSON."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from finance.reports import service
from finance.reports.access import ExecutionReader, StatementReader, authorize_statement
from finance.reports.schemas import CompanyStatementRead, ExecutionRead
from finance.reports.views import execution_read, statement_read
from shared.db import utcnow
from shared.deps import ReadSessionDep

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/budget-execution/{budget_id}", response_model=ExecutionRead)
async def budget_execution(
    budget_id: uuid.UUID, session: ReadSessionDep, _: ExecutionReader
) -> ExecutionRead:
    """Per module: the budget's low and high estimate and the commitments in force, each
    by paying party; commitments in other currencies beside them, unconverted."""
    data = await service.execution(session=session, budget_id=budget_id)
    return execution_read(data, utcnow())


@router.get("/company-statement/{company_id}", response_model=CompanyStatementRead)
async def company_statement(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: StatementReader,
    cohort_id: uuid.UUID | None = None,
) -> CompanyStatementRead:
    """What was committed for a local company, per module: what it owes, what the
    programme pays for it, what vendors give in kind."""
    authorize_statement(principal, company_id)
    tallies, count = await service.company_statement(
        session=session, company_id=company_id, cohort_id=cohort_id
    )
    return statement_read(company_id, cohort_id, tallies, count, utcnow())
