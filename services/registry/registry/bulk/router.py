"""``/companies/import`` (CSV upsert by BIN, as a job), its ``/companies/import-jobs/{id}``,
and ``/companies/export`` (CSV of any search)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from registry.bulk import service
from registry.bulk.csvformat import EXPORT_COLUMNS, HEADER_PATTERN, cell
from registry.bulk.schemas import ImportReport
from registry.company import access, search
from registry.company.params import SearchQueryDep
from registry.company.queries import Details
from registry.config import IMPORT_MAX_BYTES
from shared import jobs
from shared.auth import CurrentPrincipal, Editor, OptionalPrincipal, Principal
from shared.db import utcnow
from shared.jobs import ImportJobRead, JobKey

router = APIRouter(prefix="/companies", tags=["bulk"])
IMPORT_PATH = "/companies/import"
"""Its body streams to the job's spool (``ServiceSpec.streamed_bodies``): CSV or JSON, the
import's size limit applies while it is read."""
EXPORT_PAGE = 1000


@router.post(
    IMPORT_PATH.removeprefix(router.prefix),
    status_code=202,
    response_model=ImportJobRead[ImportReport],
    responses=jobs.responses(
        f"the import limit (BLP_REGISTRY_IMPORT_MAX_BYTES, {jobs.describe(IMPORT_MAX_BYTES)})"
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {
                        "type": "string",
                        "pattern": HEADER_PATTERN,
                        "description": "a header line naming the columns (bin, kind, "
                        "display_name and segments required), then a company a line",
                    }
                },
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            },
        }
    },
)
async def import_companies(
    request: Request,
    principal: Editor,
    idempotency_key: JobKey = None,
    publish: bool = False,
) -> JSONResponse:
    """Upsert companies by BIN from CSV (or a JSON array of full profiles) as a job: 202 with
    its ``Location``, whose report names every rejected line and counts what was created,
    updated and left unchanged. ``publish=true`` makes new companies public at once (data
    staff reviewed elsewhere)."""
    runtime = request.app.state.runtime
    upload = await jobs.receive(
        request, limit=runtime.settings.import_max_bytes, what="A company import"
    )
    job, replayed = await service.submit_import(
        jobs=request.app.state.jobs,
        sessions=runtime.sessions,
        upload=upload,
        principal=principal,
        key=idempotency_key,
        json_body=request.headers.get("content-type", "").startswith("application/json"),
        publish=publish,
        now=utcnow(),
    )
    return jobs.accepted(job, ImportReport, service.JOBS_AT, replayed=replayed)


@router.get(
    "/import-jobs/{job_id:uuid}",
    response_model=ImportJobRead[ImportReport],
    responses=jobs.JOB_RESPONSES,
)
async def read_import_job(
    job_id: uuid.UUID, request: Request, principal: CurrentPrincipal
) -> ImportJobRead[ImportReport]:
    """A company import: its state, rows done of the total, rows rejected so far, and its
    report once finished (the caller who started it, the programme manager, the ministry)."""
    job = await jobs.read(
        sessions=request.app.state.runtime.sessions,
        kind=service.KIND,
        job_id=job_id,
        principal=principal,
        now=utcnow(),
    )
    return jobs.view(job, ImportReport)


@router.get(
    "/export", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}}
)
async def export_companies(
    request: Request, query: SearchQueryDep, principal: OptionalPrincipal
) -> StreamingResponse:
    """The companies a search finds, as CSV in the import format (re-importable as is).

    The first page is read before the answer starts: a refused query (a filter the caller
    may not use, a query without words) is a problem with its status, not a 200 with an
    empty file. A failure on a later page aborts the chunked answer, so a client never takes
    a cut file for a whole one."""
    staff = access.sees_everything(principal)
    query.sort = "name"
    sessions = request.app.state.runtime.sessions

    async def page(cursor: str | None) -> search.Results:
        async with sessions() as session:
            await session.connection(execution_options={"readonly": True})
            return await search.search(
                session=session,
                query=query,
                viewer=principal,
                staff=staff,
                limit=EXPORT_PAGE,
                cursor=cursor,
            )

    first = await page(None)

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        found = first
        while True:
            for company, detail in found.items:
                writer.writerow(_cells(company, detail, principal))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if found.next_cursor is None:
                return
            found = await page(found.next_cursor)

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="companies.csv"'},
    )


def _cells(company: Any, detail: Details, principal: Principal | None) -> list[str]:
    full = access.sees_full_profile(principal, company)
    values: dict[str, Any] = {
        **company._mapping,  # a search result row: the company table's columns
        "segments": detail.segments,
        "capabilities": detail.capabilities,
    }
    if not full:
        values["private_sector_share"] = None
    return [cell(values.get(column)) for column in EXPORT_COLUMNS]
