"""A cohort's graduates and each graduate's programme completion certificate."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from shared import i18n
from shared.api import rules
from shared.auth import CurrentPrincipal
from shared.db import utcnow
from shared.deps import ReadSessionDep
from training.graduation import pdf, service
from training.graduation.schemas import GraduatesRead
from training.scope import ensure_owns, listing_scope

router = APIRouter(prefix="/cohorts", tags=["graduation"])
PDF = "application/pdf"


def _threshold(request: Request) -> Decimal:
    return Decimal(request.app.state.runtime.settings.graduation_threshold_percent)


@router.get(
    "/{cohort_id:uuid}/graduates",
    response_model=GraduatesRead,
    responses=rules("cohort_not_in_review"),
)
async def list_graduates(
    cohort_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    company_id: uuid.UUID | None = None,
) -> GraduatesRead:
    """Once the cohort is in review: its companies whose development plan reached the
    programme's threshold (training needs fulfilled / planned), with their verified
    certifications. Staff and the ministry see all; a local company only itself."""
    return await service.graduates(
        session=session,
        cohort_id=cohort_id,
        threshold=_threshold(request),
        company_id=listing_scope(principal, company_id),
        today=utcnow().date(),
    )


@router.get(
    "/{cohort_id:uuid}/graduates/{company_id:uuid}/certificate",
    response_class=Response,
    responses={
        200: {"content": {PDF: {"schema": {"type": "string", "format": "binary"}}}},
        **rules("cohort_not_in_review", "not_a_graduate"),
    },
)
async def graduation_certificate(
    cohort_id: uuid.UUID,
    company_id: uuid.UUID,
    request: Request,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    accept_language: Annotated[
        str | None,
        Header(description="the certificate's language: ru, kk or en (English when none matches)"),
    ] = None,
) -> Response:
    """The graduate's programme completion certificate as a PDF, in Russian, Kazakh or English
    (Accept-Language): the company, its BIN, the cohort, its plan implementation and its
    staff's verified certifications. Staff, the ministry, or the company itself."""
    ensure_owns(principal, company_id, what="graduate")
    today = utcnow().date()
    cohort, graduate = await service.graduate(
        session=session,
        cohort_id=cohort_id,
        company_id=company_id,
        threshold=_threshold(request),
        today=today,
    )
    lang = i18n.negotiate(accept_language)
    content = await asyncio.to_thread(pdf.render, cohort, graduate, lang, today)
    return Response(
        content,
        media_type=PDF,
        headers={
            "Content-Disposition": f'inline; filename="graduation-{company_id}-{lang}.pdf"',
            "Content-Language": lang,
            "Vary": "Accept-Language",
        },
    )
