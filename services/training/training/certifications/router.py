"""Certifications: record a trainee's certificate, upload its evidence, verify, reject or
revoke it, and see which expire soon."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from shared import audit
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import CurrentPrincipal, ProgrammeManager
from shared.concurrency import IfMatch, check_if_match, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.i18n import message
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset
from training.certifications import access, badges, evidence, reminders, service, views
from training.certifications.models import Certification
from training.certifications.schemas import (
    BadgeKeyRead,
    BadgeRead,
    CertificationCreate,
    CertificationRead,
    CertificationReview,
    CertificationRevocation,
    CertificationStatus,
)
from training.messages import MESSAGES
from training.scope import OTHER_COMPANY

router = APIRouter(prefix="/certifications", tags=["certifications"])
EVIDENCE = "/{certification_id:uuid}/evidence"
EVIDENCE_PATH = router.prefix + EVIDENCE
"""Its body streams to storage under the evidence's own limit (``ServiceSpec.streamed_bodies``)."""

UPLOAD = {
    "requestBody": {
        "required": True,
        "description": "the file itself as the body (PDF, PNG or JPEG, at most 10 MB); its "
        "type is read from its content",
        "content": {
            t: {"schema": {"type": "string", "format": "binary"}}
            for t in ("application/pdf", "image/png", "image/jpeg", "application/octet-stream")
        },
    }
}


def _evidence_dir(request: Request) -> Path:
    return Path(request.app.state.runtime.settings.evidence_dir)


@router.post(
    "",
    status_code=201,
    response_model=CertificationRead,
    responses=rules("course_proposed_elsewhere"),
)
async def record_certification(
    body: CertificationCreate,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: CurrentPrincipal,
) -> Response:
    """Record a trainee's certificate (the company or programme editors); it awaits review."""
    access.ensure_can_record(principal)
    row = await service.record(session=session, data=body, principal=principal, now=utcnow())
    read = await views.certification(session=session, row=row)
    return await idem.respond(session, read, headers=created(f"/certifications/{row.id}", 1))


@router.get("", response_model=Page[CertificationRead], responses=OTHER_COMPANY)
async def list_certifications(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
    trainee_id: uuid.UUID | None = None,
    status: CertificationStatus | None = None,
) -> Page[CertificationRead]:
    """Certifications, oldest first (a local company sees only its own)."""
    statement = service.listing(
        company_id=access.listing_scope(principal, company_id),
        trainee_id=trainee_id,
        status=status,
    )
    rows, next_cursor = await keyset(
        session, statement, model=Certification, limit=limit, cursor=cursor
    )
    return Page(
        items=await views.certifications(session=session, rows=rows), next_cursor=next_cursor
    )


@router.get("/expiring", response_model=Page[CertificationRead], responses=OTHER_COMPANY)
async def expiring_certifications(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    within_days: Annotated[int, Query(ge=0, le=3660)] = 90,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    company_id: uuid.UUID | None = None,
) -> Page[CertificationRead]:
    """Verified certifications expiring within ``within_days`` from today."""
    today = utcnow().date()
    statement = service.listing(
        company_id=access.listing_scope(principal, company_id),
        trainee_id=None,
        status=None,
        expiring_by=service.expiring_window(today, within_days),
        today=today,
    )
    rows, next_cursor = await keyset(
        session, statement, model=Certification, limit=limit, cursor=cursor
    )
    return Page(
        items=await views.certifications(session=session, rows=rows), next_cursor=next_cursor
    )


class RemindersSent(BaseModel):
    sent: int = Field(description="expiry reminders staged by this run (0: all were sent)")


@router.post("/reminders", response_model=RemindersSent)
async def send_expiry_reminders(request: Request, _: ProgrammeManager) -> RemindersSent:
    """Run the expiry-reminder job now (it also runs hourly): each verified certification's
    90- and 30-day reminders go out once, however often this runs."""
    return RemindersSent(sent=await reminders.run_once(request.app.state.runtime.sessions))


async def _badge_key(request: Request) -> str:
    state = request.app.state
    if getattr(state, "badge_key", None) is None:
        path = Path(state.runtime.settings.badge_key_file)
        state.badge_key = await asyncio.to_thread(badges.load_or_create_key, path)
    return state.badge_key


@router.get("/badge-key", response_model=BadgeKeyRead)
async def badge_key(request: Request) -> BadgeKeyRead:
    """The public key that verifies the platform's badges (no token needed)."""
    return BadgeKeyRead(**badges.public_key(await _badge_key(request)))


@router.get("/{certification_id:uuid}", response_model=CertificationRead)
async def read_certification(
    certification_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CurrentPrincipal,
) -> CertificationRead:
    """One certification, with its evidence's hash and whether that file was seen elsewhere."""
    row = await service.get(session=session, certification_id=certification_id)
    access.ensure_visible(principal, row)
    tag(response, row.version)
    return await views.certification(session=session, row=row)


@router.put(
    EVIDENCE,
    response_model=CertificationRead,
    openapi_extra=UPLOAD,
    responses={
        413: {"description": "larger than 10 MB"},
        415: {"description": "not a PDF, PNG or JPEG by its content"},
        **rules("certification_decided"),
    },
)
async def upload_evidence(
    certification_id: uuid.UUID,
    request: Request,
    reader: ReadSessionDep,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CertificationRead:
    """Upload the certificate file (streamed to storage, SHA-256 recorded)."""
    # who may upload, checked before a byte is stored (and checked again under the lock)
    access.ensure_can_upload(
        principal, await service.get(session=reader, certification_id=certification_id)
    )
    await reader.rollback()  # no snapshot held open while the file arrives
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > evidence.MAX_BYTES:
        raise evidence.too_large()
    # the file is stored before the write transaction starts: no lock is held meanwhile
    stored = await evidence.receive(request.stream(), _evidence_dir(request))
    row = await service.get(session=session, certification_id=certification_id, lock=True)
    access.ensure_can_upload(principal, row)
    check_if_match(if_match, row.version)
    await service.attach_evidence(
        session=session, certification=row, stored=stored, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return await views.certification(session=session, row=row)


@router.get(
    EVIDENCE,
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def download_evidence(
    certification_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
) -> FileResponse:
    """The uploaded certificate file, as stored."""
    row = await service.get(session=session, certification_id=certification_id)
    access.ensure_visible(principal, row)
    if row.evidence_sha256 is None or row.evidence_type is None:
        raise evidence.NotFound(message(MESSAGES["no_evidence_file"]))
    return FileResponse(
        evidence.path_of(_evidence_dir(request), row.evidence_sha256),
        media_type=row.evidence_type,
        headers={"X-Content-Type-Options": "nosniff"},
    )


@router.put(
    "/{certification_id:uuid}/review",
    response_model=CertificationRead,
    responses=rules("certification_not_submitted", "no_evidence"),
)
async def review_certification(
    certification_id: uuid.UUID,
    body: CertificationReview,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CertificationRead:
    """Verify (the registry counts it) or reject with a reason (programme editors only)."""
    row = await service.get(session=session, certification_id=certification_id, lock=True)
    access.ensure_can_review(principal, row)
    check_if_match(if_match, row.version)
    await service.review(
        session=session, certification=row, data=body, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return await views.certification(session=session, row=row)


@router.put(
    "/{certification_id:uuid}/revocation",
    response_model=CertificationRead,
    responses=rules("certification_not_verified"),
)
async def revoke_certification(
    certification_id: uuid.UUID,
    body: CertificationRevocation,
    session: SessionDep,
    response: Response,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> CertificationRead:
    """Revoke a verified certification for good (forged, or withdrawn by the vendor)."""
    row = await service.get(session=session, certification_id=certification_id, lock=True)
    access.ensure_can_review(principal, row)
    check_if_match(if_match, row.version)
    await service.revoke(
        session=session, certification=row, reason=body.reason, principal=principal, now=utcnow()
    )
    tag(response, row.version)
    return await views.certification(session=session, row=row)


@router.get(
    "/{certification_id:uuid}/badge",
    response_model=BadgeRead,
    responses=rules("certification_not_verified"),
)
async def certification_badge(
    certification_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
) -> BadgeRead:
    """The verified certification as an Open Badges 3.0 achievement credential, signed by
    the platform so that anyone can verify it offline with the badge key."""
    row = await service.get(session=session, certification_id=certification_id)
    access.ensure_visible(principal, row)
    document, token = await service.badge(
        session=session, certification=row, private_pem=await _badge_key(request)
    )
    return BadgeRead(credential=document, jwt=token)


@router.get("/{certification_id:uuid}/history", response_model=Page[AuditEntryRead])
async def certification_history(
    certification_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who recorded, uploaded evidence for, verified, rejected or revoked it, and when."""
    row = await service.get(session=session, certification_id=certification_id)
    access.ensure_visible(principal, row)
    return await audit.history(
        session, resource=service.RESOURCE, resource_id=row.id, limit=limit, cursor=cursor
    )
