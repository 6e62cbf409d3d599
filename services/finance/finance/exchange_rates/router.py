"""Exchange rates over HTTP."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from finance.amounts import Currency
from finance.exchange_rates import service
from finance.exchange_rates.access import RateEditor, RateReader
from finance.exchange_rates.models import ExchangeRate
from finance.exchange_rates.schemas import (
    DEFAULT_SOURCE,
    ExchangeRateCreate,
    ExchangeRateRead,
    ImportRead,
    RateType,
    Source,
)
from finance.exchange_rates.views import ConversionRead, rate_read
from finance.messages import MESSAGES
from shared import jobs
from shared.api import rules
from shared.auth import CurrentPrincipal
from shared.concurrency import created
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.i18n import AcceptLanguage, localized, message
from shared.idempotency import IdempotencyDep
from shared.inputs import IsoDate
from shared.jobs import ImportJobRead, JobKey
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(prefix="/exchange-rates", tags=["exchange rates"])

IMPORT_PATH = "/exchange-rates/imports"
"""Its body streams to the job's spool (``ServiceSpec.streamed_bodies``): the import's size
limit applies while it is read, whatever ``Content-Type`` the caller sent."""


@router.post("", status_code=201, response_model=ExchangeRateRead, responses=rules("rate_exists"))
async def create_rate(
    body: ExchangeRateCreate, session: SessionDep, idem: IdempotencyDep, principal: RateEditor
) -> Response:
    """Record a dated rate for a currency pair, with its source, type and quoting unit."""
    rate = await service.create(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, rate_read(rate), headers=created(f"/exchange-rates/{rate.id}", 1)
    )


@router.post(
    IMPORT_PATH.removeprefix(router.prefix),
    status_code=202,
    response_model=ImportJobRead[ImportRead],
    responses=jobs.responses(jobs.describe(service.MAX_IMPORT_BYTES)),
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
)
async def import_rates(
    request: Request, principal: RateEditor, idempotency_key: JobKey = None
) -> JSONResponse:
    """Import rates from CSV (``on,base,quote,rate[,unit,source,rate_type]``) as a job: 202
    with its ``Location``; all or none, and a row equal to a stored rate is left alone."""
    upload = await jobs.receive(
        request, limit=service.MAX_IMPORT_BYTES, what=message(MESSAGES["rate_import"])
    )
    job, replayed = await service.submit_import(
        jobs=request.app.state.jobs,
        sessions=request.app.state.runtime.sessions,
        upload=upload,
        principal=principal,
        key=idempotency_key,
        now=utcnow(),
    )
    return jobs.accepted(job, ImportRead, service.JOBS_AT, replayed=replayed)


@router.get(
    "/import-jobs/{job_id:uuid}",
    response_model=ImportJobRead[ImportRead],
    responses=jobs.JOB_RESPONSES,
)
async def read_import_job(
    job_id: uuid.UUID,
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
    _: AcceptLanguage = None,
) -> ImportJobRead[ImportRead]:
    """An exchange-rate import: its state and counts, its report once finished, or the
    problem (bad rows named, a rate that exists) that stopped it (the caller who started
    it, the programme manager, the ministry)."""
    job = await jobs.read(
        sessions=request.app.state.runtime.sessions,
        kind=service.IMPORT_KIND,
        job_id=job_id,
        principal=principal,
        now=utcnow(),
    )
    localized(response)  # a failure's words, in the reader's language
    return jobs.view(job, ImportRead)


@router.get("", response_model=Page[ExchangeRateRead])
async def list_rates(
    session: ReadSessionDep,
    _: RateReader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    base: Currency | None = None,
    quote: Currency | None = None,
    on_from: IsoDate | None = None,
    on_to: IsoDate | None = None,
) -> Page[ExchangeRateRead]:
    """Rates in the order they were entered, filtered by pair and dates."""
    rows, next_cursor = await keyset(
        session,
        service.listing(base=base, quote=quote, on_from=on_from, on_to=on_to),
        model=ExchangeRate,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[rate_read(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/conversion", response_model=ConversionRead, responses={404: {"description": "no rate"}}
)
async def convert(
    amount: Annotated[str, Query(max_length=40, description='decimal text, e.g. "1200.50"')],
    currency: Currency,
    to: Currency,
    on: IsoDate,
    session: ReadSessionDep,
    _: RateReader,
    source: Source = DEFAULT_SOURCE,
    rate_type: RateType = "official",
) -> ConversionRead:
    """An amount in another currency at the rate in force on a date; a missing rate is a
    404 naming the pair and the date, never a silent 1.0."""
    money = service.money_of(amount, currency, field="amount", where="query")
    converted, rate = await service.convert(
        session=session, money=money, to=to, on=on, source=source, rate_type=rate_type
    )
    return ConversionRead(
        amount=money, converted=converted, on=on, rate=rate_read(rate) if rate else None
    )


@router.get("/{rate_id:uuid}", response_model=ExchangeRateRead)
async def read_rate(rate_id: uuid.UUID, session: ReadSessionDep, _: RateReader) -> ExchangeRateRead:
    """One rate."""
    return rate_read(await service.get(session=session, rate_id=rate_id))
