"""Reports over HTTP, as JSON."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Response

from finance.exchange_rates.schemas import DEFAULT_SOURCE, RateType, Source
from finance.reports import service
from finance.reports.access import (
    ExecutionReader,
    StatementReader,
    authorize_partner_statement,
    authorize_statement,
)
from finance.reports.csvformat import execution_csv
from finance.reports.schemas import CompanyStatementRead, ExecutionRead, PartnerStatementRead
from finance.reports.views import execution_read, partner_read, statement_read
from finance.reports.xlsxformat import MEDIA_TYPE, execution_xlsx
from shared.db import utcnow
from shared.deps import ReadSessionDep

router = APIRouter(prefix="/reports", tags=["reports"])
CSV = "text/csv"
XLSX = MEDIA_TYPE


@router.get(
    "/budget-execution/{budget_id}",
    response_model=ExecutionRead,
    responses={
        200: {
            "content": {
                CSV: {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
)
async def budget_execution(
    budget_id: uuid.UUID,
    session: ReadSessionDep,
    _: ExecutionReader,
    accept: Annotated[str | None, Header()] = None,
    rate_policy: Literal["transaction_date", "fixed"] | None = None,
    rate_on: date | None = None,
    rate_source: Source = DEFAULT_SOURCE,
    rate_type: RateType = "official",
) -> Response:
    """Per module: the budget's low and high estimate and, on the commitments in force,
    what is committed, invoiced, paid and remaining, each by paying party; other currencies
    beside them, unconverted; with ``rate_policy`` (each commitment's date, or ``fixed`` on
    ``rate_on``) also converted. As CSV (UTF-8 with BOM) with ``Accept: text/csv``; as an
    XLSX workbook (execution, sources of funding, budget lines, every commitment line) with
    ``Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``."""
    policy = service.rate_policy(rate_policy, rate_on, rate_source, rate_type)
    data = await service.execution(session=session, budget_id=budget_id, policy=policy)
    report = execution_read(data, utcnow())
    if wants(XLSX, accept):
        lines = service.execution_lines(session=session, budget=data.budget)
        return Response(
            await execution_xlsx(report, data.budget, data.figures, lines),
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="budget-execution-{budget_id}.xlsx"',
                "Vary": "Accept",
            },
        )
    if wants(CSV, accept):
        filename = f"budget-execution-{budget_id}.csv"
        return Response(
            execution_csv(report),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept"},
        )
    return Response(
        report.model_dump_json(), media_type="application/json", headers={"Vary": "Accept"}
    )


def wants(media_type: str, accept: str | None) -> bool:
    """``media_type`` when the caller lists it before JSON (or without it)."""
    types = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    if media_type not in types:
        return False
    return "application/json" not in types or types.index(media_type) < types.index(
        "application/json"
    )


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


@router.get("/partner-statement/{company_id}", response_model=PartnerStatementRead)
async def partner_statement(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: StatementReader,
    cohort_id: uuid.UUID | None = None,
) -> PartnerStatementRead:
    """What an international company committed to (sponsor, partner, host) and has
    contributed so far, per module."""
    authorize_partner_statement(principal, company_id)
    committed, paid, count = await service.partner_statement(
        session=session, company_id=company_id, cohort_id=cohort_id
    )
    return partner_read(company_id, cohort_id, committed, paid, count, utcnow())
