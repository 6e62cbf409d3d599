"""``/v1/framework``: the results framework of a cohort, its CSV export, and the quarterly
reports issued to the ministry beside where the live figures have since moved.

Staff and the ministry only (the services check again with the same token). The CSV is
UTF-8 with a BOM so that spreadsheet programs read Cyrillic and Kazakh letters, and carries
every name in the three languages; the XLSX is for a person, in the language Accept-Language
chose (``gateway.framework_xlsx``).
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import aiohttp
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from gateway import framework_xlsx
from gateway.fanout import FanOut, admit
from gateway.framework import (
    FrameworkRead,
    SnapshotCompared,
    compare,
    compose,
    ensure_targets_read,
)
from gateway.messages import MESSAGES
from shared import i18n
from shared.api import rules
from shared.auth import FRAMEWORK_STATEMENT_TYPE, Principal, ProgrammeManager, Staff
from shared.db import utcnow
from shared.errors import UpstreamError
from shared.i18n import AcceptLanguage
from shared.indicators import as_of_or_now
from shared.inputs import Input, IsoDateTime
from shared.spreadsheet import neutral

router = APIRouter(prefix="/v1/framework", tags=["framework"])

NO_COHORT: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such cohort."},
    429: {"description": "The caller's rate limit is spent; see Retry-After."},
}

STATEMENT_TTL_SECONDS = 60
"""How long the assessment service accepts a signed framework: the gateway posts it at once."""

CohortQuery = Query(description="the cohort")
AsOfQuery = Query(default=None, description="a past time with its offset; now if none")


async def _framework(
    request: Request, principal: Principal, cohort_id: uuid.UUID, as_of: datetime | None
) -> FrameworkRead:
    """The framework, once the caller's rate-limit bucket (the one its proxied calls spend)
    admits the call."""
    now = utcnow()
    proxy = request.app.state.proxy
    admit(proxy, principal)
    calls = FanOut(proxy, request, cap=request.app.state.framework_timeout)
    return await compose(calls=calls, cohort_id=cohort_id, as_of=as_of_or_now(as_of, now), now=now)


@router.get("", response_model=FrameworkRead, responses=NO_COHORT)
async def framework(
    request: Request,
    principal: Staff,
    cohort_id: uuid.UUID = CohortQuery,
    as_of: IsoDateTime | None = AsOfQuery,
) -> FrameworkRead:
    """Every indicator of a cohort against its target, as of a time; a service that does not
    answer in time makes its indicators unavailable, not the whole answer an error."""
    return await _framework(request, principal, cohort_id, as_of)


COLUMNS = (
    "code",
    "name_en",
    "name_ru",
    "name_kk",
    "service",
    "unit",
    "status",
    "as_of",
    "dimensions",
    "value",
    "low",
    "high",
    "baseline",
    "target",
    "due",
    "approval",
    "progress",
)


def _cell(value: Any) -> str:
    """A cell a spreadsheet shows as text (vendors' names come from users); a figure, even
    a negative one, is written as the plain decimal it is."""
    text = "" if value is None else str(value)
    return text if _number(text) else neutral(text)


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def framework_csv(read: FrameworkRead) -> bytes:
    """One row per indicator, then one per breakdown row under it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i in read.indicators:
        target = i.target
        writer.writerow(
            _cell(v)
            for v in (
                i.code,
                i.name["en"],
                i.name["ru"],
                i.name["kk"],
                i.service,
                i.unit,
                i.status,
                i.as_of.isoformat() if i.as_of else "",
                "",
                i.value,
                "",
                "",
                target.baseline if target else "",
                target.target if target else "",
                target.due if target else "",
                target.approval if target else "",
                i.progress,
            )
        )
        for row in i.breakdown:
            dims = "; ".join(f"{k}={v}" for k, v in row.dimensions.items())
            writer.writerow(
                _cell(v)
                for v in (
                    i.code,
                    "",
                    "",
                    "",
                    i.service,
                    i.unit,
                    i.status,
                    "",
                    dims,
                    row.value,
                    row.low,
                    row.high,
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@router.get(
    "/export.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "the framework as CSV"},
        **NO_COHORT,
    },
)
async def framework_export(
    request: Request,
    principal: Staff,
    cohort_id: uuid.UUID = CohortQuery,
    as_of: IsoDateTime | None = AsOfQuery,
) -> Response:
    """The framework as CSV (UTF-8 with BOM) for a quarterly report."""
    read = await _framework(request, principal, cohort_id, as_of)
    name = f"framework-{cohort_id}-{read.as_of:%Y%m%dT%H%M%SZ}.csv"
    return Response(
        framework_csv(read),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/export.xlsx",
    response_class=Response,
    responses={
        200: {
            "content": {
                framework_xlsx.MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}
            },
            "description": "the framework as an XLSX workbook",
        },
        **NO_COHORT,
    },
)
async def framework_export_xlsx(
    request: Request,
    principal: Staff,
    _: AcceptLanguage = None,
    cohort_id: uuid.UUID = CohortQuery,
    as_of: IsoDateTime | None = AsOfQuery,
) -> Response:
    """The framework as an XLSX workbook for a quarterly report, its words (indicator names,
    units, statuses, headings) in Russian, Kazakh or English (Accept-Language)."""
    read = await _framework(request, principal, cohort_id, as_of)
    language = i18n.current.get()
    name = f"framework-{cohort_id}-{read.as_of:%Y%m%dT%H%M%SZ}-{language}.xlsx"
    return Response(
        framework_xlsx.framework_xlsx(read, language),
        media_type=framework_xlsx.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Language": language,
            "Vary": "Accept-Language",
        },
    )


class SnapshotRequest(Input):
    period: str = Field(pattern=r"^\d{4}-Q[1-4]$", examples=["2027-Q1"])


class IssuedSnapshot(BaseModel):
    """A quarterly report as the assessment service stored it."""

    id: uuid.UUID
    cohort_id: uuid.UUID
    period: str
    as_of: datetime
    framework: dict[str, Any]
    issued_by: str
    created_at: datetime


@router.post(
    "/snapshots",
    status_code=201,
    response_model=IssuedSnapshot,
    responses={
        **NO_COHORT,
        **rules("snapshot_issued"),
        502: {"description": "assessment down: the targets or the report's storage"},
    },
)
async def issue_snapshot(
    request: Request,
    body: SnapshotRequest,
    principal: ProgrammeManager,
    cohort_id: uuid.UUID = CohortQuery,
    as_of: IsoDateTime | None = AsOfQuery,
) -> Any:
    """Issue a quarterly report: the framework as of a time, frozen by the assessment
    service exactly as composed now (the programme manager); not while its targets cannot
    be read."""
    read = await _framework(request, principal, cohort_id, as_of)
    ensure_targets_read(read)
    # signed, so the assessment stores only figures the platform composed (docs/indicators.md)
    statement = request.app.state.token_issuer.statement(
        {
            "sub": principal.subject,
            "cohort_id": str(cohort_id),
            "period": body.period,
            "as_of": read.as_of.isoformat(),
            "framework": read.model_dump(mode="json"),
        },
        typ=FRAMEWORK_STATEMENT_TYPE,
        ttl_seconds=STATEMENT_TTL_SECONDS,
    )
    status, answer = await _assessment(
        request, "POST", f"/cohorts/{cohort_id}/snapshots", json={"statement": statement}
    )
    return JSONResponse(answer, status_code=status, media_type=_media(status))


@router.get(
    "/snapshots/{snapshot_id}",
    response_model=SnapshotCompared,
    responses={**NO_COHORT, 502: {"description": "assessment down"}},
)
async def compare_snapshot(
    request: Request,
    snapshot_id: uuid.UUID,
    principal: Staff,
    cohort_id: uuid.UUID = CohortQuery,
) -> Any:
    """A report as issued beside the live figures as of the same time: what moved since."""
    status, snapshot = await _assessment(
        request, "GET", f"/cohorts/{cohort_id}/snapshots/{snapshot_id}"
    )
    if status != 200:
        return JSONResponse(snapshot, status_code=status, media_type=_media(status))
    live = await _framework(
        request, principal, cohort_id, datetime.fromisoformat(snapshot["as_of"])
    )
    return compare(snapshot, live)


def _media(status: int) -> str:
    return "application/json" if status < 400 else "application/problem+json"


async def _assessment(request: Request, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    proxy = request.app.state.proxy
    assert proxy.session is not None
    try:
        async with proxy.session.request(
            method,
            proxy.upstreams["assessment"] + path,
            headers={"Authorization": request.headers["authorization"]},
            timeout=aiohttp.ClientTimeout(total=proxy.timeout("assessment", method, path)),
            **kwargs,
        ) as response:
            return response.status, await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        raise UpstreamError(i18n.message(MESSAGES["reports_unavailable"])) from None
