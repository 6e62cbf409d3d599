"""Reports over HTTP, as JSON."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Response

from finance.amounts import Currency
from finance.exchange_rates.schemas import DEFAULT_SOURCE, RateType, Source
from finance.reports import service
from finance.reports.access import (
    ExecutionReader,
    StatementReader,
    authorize_partner_statement,
    authorize_statement,
)
from finance.reports.csvformat import execution_csv, statement_csv
from finance.reports.schemas import CompanyStatementRead, ExecutionRead, PartnerStatementRead
from finance.reports.service import RatePolicy
from finance.reports.statement_table import Cell, company_table, partner_table
from finance.reports.views import execution_read, partner_read, statement_read
from finance.reports.xlsxformat import MEDIA_TYPE, execution_xlsx, policy_text, statement_xlsx
from shared.api import rules
from shared.db import utcnow
from shared.deps import ReadSessionDep
from shared.inputs import IsoDate

router = APIRouter(prefix="/reports", tags=["reports"])
CSV = "text/csv"
XLSX = MEDIA_TYPE
FORMATS: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            CSV: {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
"""The reports' other media types, chosen by ``Accept``."""


def rate_query(
    rate_policy: Literal["transaction_date", "fixed"] | None = None,
    rate_on: IsoDate | None = None,
    rate_source: Source = DEFAULT_SOURCE,
    rate_type: RateType = "official",
) -> RatePolicy | None:
    """The rate policy a report's query asks for, or None (nothing converted)."""
    return service.rate_policy(rate_policy, rate_on, rate_source, rate_type)


RateQuery = Annotated[RatePolicy | None, Depends(rate_query)]


@router.get(
    "/budget-execution/{budget_id}",
    response_model=ExecutionRead,
    responses={**FORMATS, **rules("rate_missing")},
)
async def budget_execution(
    budget_id: uuid.UUID,
    session: ReadSessionDep,
    _: ExecutionReader,
    policy: RateQuery,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Per module: the budget's low and high estimate and, on the commitments in force,
    what is committed, invoiced, paid and remaining, each by paying party; other currencies
    beside them, unconverted; with ``rate_policy`` (each commitment's and actual's own date,
    or ``fixed`` on ``rate_on``) also every currency's figures converted. As CSV (UTF-8
    with BOM) with ``Accept: text/csv``; as an XLSX workbook (execution, sources of funding,
    budget lines, every commitment line) with
    ``Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``."""
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


def _statement(
    body: CompanyStatementRead | PartnerStatementRead,
    table: tuple[list[str], list[tuple[str, str]], list[list[Cell]]],
    title: tuple[str, str],
    accept: str | None,
) -> Response:
    """A statement as JSON, or its table as CSV or XLSX when the caller asks for it."""
    kind = "partner" if isinstance(body, PartnerStatementRead) else "company"
    filename = f"{kind}-statement-{body.company_id}"
    keys, headings, rows = table
    if wants(XLSX, accept):
        about = [
            ("Company / Компания", str(body.company_id)),
            ("Cohort / Когорта", str(body.cohort_id) if body.cohort_id else "—"),
            ("Commitments / Обязательств", str(body.commitments)),
            ("Rate policy / Пересчёт валют", policy_text(body.rate_policy)),
            ("Converted into / Пересчитано в", body.converted.currency if body.converted else "—"),
            ("Generated / Сформирован", body.generated_at.isoformat()),
        ]
        return Response(
            statement_xlsx(title, about, headings, rows),
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}.xlsx"',
                "Vary": "Accept",
            },
        )
    if wants(CSV, accept):
        return Response(
            statement_csv(keys, rows),
            media_type=f"{CSV}; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}.csv"',
                "Vary": "Accept",
            },
        )
    return Response(
        body.model_dump_json(), media_type="application/json", headers={"Vary": "Accept"}
    )


@router.get(
    "/company-statement/{company_id}",
    response_model=CompanyStatementRead,
    responses={**FORMATS, **rules("rate_missing")},
)
async def company_statement(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: StatementReader,
    policy: RateQuery,
    cohort_id: uuid.UUID | None = None,
    accept: Annotated[str | None, Header()] = None,
    currency: Currency | None = None,
) -> Response:
    """What was committed for a local company, per module: what it owes, what the
    programme pays for it, what vendors give in kind, and what each has paid; with
    ``rate_policy`` and ``currency`` also every currency converted into that one. As CSV
    (UTF-8 with BOM) or XLSX by ``Accept``, as the execution report."""
    authorize_statement(principal, company_id)
    rates = service.statement_rates(session, policy, currency)
    committed, paid, count, converted = await service.company_statement(
        session=session, company_id=company_id, cohort_id=cohort_id, rates=rates
    )
    body = statement_read(company_id, cohort_id, committed, paid, count, utcnow(), converted, rates)
    title = ("Company statement", "Выписка компании")
    return _statement(body, company_table(body), title, accept)


@router.get(
    "/partner-statement/{company_id}",
    response_model=PartnerStatementRead,
    responses={**FORMATS, **rules("rate_missing")},
)
async def partner_statement(
    company_id: uuid.UUID,
    session: ReadSessionDep,
    principal: StatementReader,
    policy: RateQuery,
    cohort_id: uuid.UUID | None = None,
    accept: Annotated[str | None, Header()] = None,
    currency: Currency | None = None,
) -> Response:
    """What an international company committed to (sponsor, partner, host) and has
    contributed so far, per module; with ``rate_policy`` and ``currency`` also every
    currency converted into that one. As CSV (UTF-8 with BOM) or XLSX by ``Accept``."""
    authorize_partner_statement(principal, company_id)
    rates = service.statement_rates(session, policy, currency)
    committed, paid, count, converted = await service.partner_statement(
        session=session, company_id=company_id, cohort_id=cohort_id, rates=rates
    )
    body = partner_read(company_id, cohort_id, committed, paid, count, utcnow(), converted, rates)
    title = ("Partner statement", "Выписка партнёра")
    return _statement(body, partner_table(body), title, accept)
