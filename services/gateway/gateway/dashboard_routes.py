"""The ministry dashboard: the page (``/dashboard``), its assets, and the one call it makes
for a cohort (``GET /v1/dashboard/cohorts/{cohort_id}``, ``gateway.dashboard``).

Ministry networks may have no internet access, so the page, its script, its styles, its
message catalogue and its font (DejaVu Sans, the one ``shared.fonts`` copy the PDFs use;
it covers Kazakh and Russian) are all served here; nothing comes from a CDN. The charts are
hand-written SVG (``dashboard_assets/dashboard.js``), so there is no chart library to vendor
and keep up to date. The page carries a strict Content-Security-Policy: scripts, styles,
fonts and requests from this origin only, no inline script or style, no framing.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles

from gateway.dashboard import DashboardRead, compose
from gateway.fanout import FanOut, admit
from shared.auth import Staff
from shared.db import utcnow
from shared.fonts import BOLD, REGULAR

ASSETS_PATH = "/dashboard/assets"
ASSETS_DIR = Path(__file__).parent / "dashboard_assets"
assets = StaticFiles(directory=ASSETS_DIR)
FONTS = {font.name: font for font in (REGULAR, BOLD)}

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard", include_in_schema=False)
async def dashboard_page() -> Response:
    return FileResponse(ASSETS_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)


@router.get("/dashboard/fonts/{name}", include_in_schema=False)
async def dashboard_font(name: str) -> Response:
    font = FONTS.get(name)
    if font is None:
        return Response(status_code=404)
    return FileResponse(
        font, media_type="font/ttf", headers={"Cache-Control": "public, max-age=604800"}
    )


@router.get(
    "/v1/dashboard/cohorts/{cohort_id}",
    response_model=DashboardRead,
    responses={
        404: {"description": "No such cohort."},
        429: {"description": "The caller's rate limit is spent; see Retry-After."},
    },
)
async def cohort_dashboard(request: Request, principal: Staff, cohort_id: uuid.UUID) -> Any:
    """Everything the ministry dashboard shows of a cohort, now: the results framework, the
    selection funnel, certifications per skills area, linkages signed per month and the
    budget's execution per module; a part whose service does not answer in time is
    marked unavailable, never the whole answer an error."""
    proxy = request.app.state.proxy
    admit(proxy, principal)
    calls = FanOut(proxy, request, cap=request.app.state.framework_timeout)
    return await compose(calls=calls, cohort_id=cohort_id, now=utcnow())
