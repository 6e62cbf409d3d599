"""``/companies/import`` (CSV upsert by BIN) and ``/companies/export`` (CSV of any search)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from registry.bulk import service
from registry.bulk.csvformat import EXPORT_COLUMNS, HEADER_PATTERN, cell
from registry.bulk.schemas import ImportReport
from registry.company import access, search
from registry.company.params import SearchQueryDep
from registry.company.queries import Details
from registry.company.service import Actor
from shared.auth import Editor, OptionalPrincipal, Principal

router = APIRouter(prefix="/companies", tags=["bulk"])
EXPORT_PAGE = 1000


@router.post(
    "/import",
    response_model=ImportReport,
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
    request: Request, principal: Editor, publish: bool = False
) -> dict[str, Any]:
    """Upsert companies by BIN from CSV (or a JSON array of full profiles); the report names
    every rejected line and counts what was created, updated and left unchanged.
    ``publish=true`` makes new companies public at once (data staff reviewed elsewhere)."""
    content = await request.body()
    json_body = request.headers.get("content-type", "").startswith("application/json")
    return await service.import_companies(
        sessions=request.app.state.runtime.sessions,
        content=content,
        actor=Actor.of(principal),
        json_body=json_body,
        publish=publish,
    )


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
