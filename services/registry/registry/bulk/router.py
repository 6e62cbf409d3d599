"""``/companies/import`` (CSV upsert by BIN, as a job), its ``/companies/import-jobs/{id}``,
and ``/companies/export`` (CSV of any search)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from registry.bulk import service
from registry.bulk.csvformat import HEADER_PATTERN
from registry.bulk.export import export
from registry.bulk.schemas import ImportReport
from registry.company.params import SearchQueryDep
from registry.config import IMPORT_MAX_BYTES
from registry.messages import MESSAGES
from shared import jobs
from shared.auth import CurrentPrincipal, Editor, OptionalPrincipal
from shared.db import utcnow
from shared.i18n import AcceptLanguage, localized, message
from shared.jobs import ImportJobRead, JobKey

router = APIRouter(prefix="/companies", tags=["bulk"])
IMPORT_PATH = "/companies/import"
"""Its body streams to the job's spool (``ServiceSpec.streamed_bodies``): CSV or JSON, the
import's size limit applies while it is read."""


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
        request, limit=runtime.settings.import_max_bytes, what=message(MESSAGES["company_import"])
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
    job_id: uuid.UUID,
    request: Request,
    response: Response,
    principal: CurrentPrincipal,
    _: AcceptLanguage = None,
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
    localized(response)  # the report's reasons, in the reader's language
    return jobs.view(job, ImportReport)


@router.get(
    "/export", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}}
)
async def export_companies(
    request: Request, query: SearchQueryDep, principal: OptionalPrincipal
) -> StreamingResponse:
    """The companies a search finds, as CSV in the import format (re-importable as is), UTF-8
    with a BOM so that spreadsheet programs read Cyrillic.

    A refused query (a filter the caller may not use, a query without words) is a problem
    with its status, not a 200 with an empty file. A failure on a later page aborts the
    chunked answer, so a client never takes a cut file for a whole one."""
    chunks = await export(
        sessions=request.app.state.runtime.sessions, query=query, principal=principal
    )
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="companies.csv"'},
    )
