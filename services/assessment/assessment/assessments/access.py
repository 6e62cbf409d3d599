"""Who sees and changes which assessment: the object-level rules every route applies.

The programme manager and the ministry see every assessment (the ministry only reads);
assessors and analysts only those assigned to them; a local company its own, once
approved; nobody else any. Whoever may not see an assessment gets 404, never 403, so ids
cannot be probed; a reader who may not change it gets 403.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.assessments.models import Assessment, AssessmentAssessor, AssessmentStatus
from assessment.messages import MESSAGES
from shared import i18n
from shared.auth import MANAGER_ROLES, MINISTRY_ROLES, STAFF_ROLES, Principal, Role
from shared.concurrency import check_if_match
from shared.errors import Forbidden, NotFound
from shared.i18n import message
from shared.persistence import one_or_404

ASSIGNED_ROLES = frozenset({Role.ASSESSOR, Role.ANALYST})
"""Roles that see only the assessments they are assigned to."""
READ_ALL_ROLES = MANAGER_ROLES | MINISTRY_ROLES
READER_ROLES = STAFF_ROLES | {Role.LOCAL_COMPANY}
"""Roles admitted to the assessment routes at all (object-level rules then apply)."""


async def _assigned(session: AsyncSession, assessment: Assessment, subject: str) -> bool:
    return bool(
        await session.scalar(
            sa.select(sa.func.count()).where(
                AssessmentAssessor.assessment_id == assessment.id,
                AssessmentAssessor.subject == subject,
            )
        )
    )


async def authorize(
    *, session: AsyncSession, assessment: Assessment, principal: Principal, edit: bool = False
) -> None:
    """404 to whoever may not see the assessment, 403 to a reader who may not change it."""
    if principal.role in ASSIGNED_ROLES:
        if not await _assigned(session, assessment, principal.subject):
            raise NotFound(i18n.no_such("assessment"))
        return
    if principal.role == Role.PROGRAMME_MANAGER:
        return
    visible = principal.role == Role.MINISTRY or (
        principal.role == Role.LOCAL_COMPANY
        and principal.acts_for(assessment.company_id)
        and assessment.status == AssessmentStatus.APPROVED
    )
    if not visible:
        raise NotFound(i18n.no_such("assessment"))
    if edit:
        raise Forbidden(message(MESSAGES["assessment_editors"]))


async def readable(
    *, session: AsyncSession, assessment_id: uuid.UUID, principal: Principal
) -> Assessment:
    """The assessment, if the caller may see it."""
    assessment = await one_or_404(
        session, sa.select(Assessment).where(Assessment.id == assessment_id), what="assessment"
    )
    await authorize(session=session, assessment=assessment, principal=principal)
    return assessment


async def editable(
    *,
    session: AsyncSession,
    assessment_id: uuid.UUID,
    principal: Principal,
    if_match: str | None,
) -> Assessment:
    """The locked assessment, if the caller may change it and quoted its current ETag."""
    assessment = await one_or_404(
        session,
        sa.select(Assessment).where(Assessment.id == assessment_id),
        what="assessment",
        lock=True,
    )
    await authorize(session=session, assessment=assessment, principal=principal, edit=True)
    check_if_match(if_match, assessment.version)
    return assessment


def visible(principal: Principal) -> sa.Select[tuple[Assessment]]:
    """The assessments the caller may see, as a statement to filter and page."""
    statement = sa.select(Assessment)
    if principal.role in ASSIGNED_ROLES:
        return statement.where(
            col(Assessment.id).in_(
                sa.select(AssessmentAssessor.assessment_id).where(
                    AssessmentAssessor.subject == principal.subject
                )
            )
        )
    if principal.role == Role.LOCAL_COMPANY:
        return statement.where(
            Assessment.company_id == principal.company_id,
            Assessment.status == AssessmentStatus.APPROVED,
        )
    if principal.role in READ_ALL_ROLES:
        return statement
    return statement.where(sa.false())
