"""``/companies/import`` (CSV upsert by BIN) and ``/companies/export`` (CSV of any search)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from registry.bulk import service
from registry.bulk.csvformat import HEADER_PATTERN
from registry.bulk.export import export
from registry.bulk.schemas import ImportReport
from registry.company.params import SearchQueryDep
from registry.company.service import Actor
from shared.auth import Editor, OptionalPrincipal

router = APIRouter(prefix="/companies", tags=["bulk"])


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
