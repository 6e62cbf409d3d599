"""Certifications' rules: what is certified comes from the catalogue course, evidence is
needed before a verification, and the registry hears of each verification and revocation."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.events.training import CertificationRevoked, CertificationVerified
from shared.i18n import message
from shared.messaging import outbox
from shared.persistence import bump, one_or_404, where_given
from training.audit_trail import Trail
from training.certifications import badges
from training.certifications.evidence import StoredFile
from training.certifications.models import Certification
from training.certifications.schemas import (
    CertificationCreate,
    CertificationReview,
    CertificationStatus,
)
from training.courses import access as course_access
from training.courses.models import Course
from training.courses.schemas import CourseStatus
from training.enrolments.models import Enrolment
from training.messages import MESSAGES
from training.scope import company_scope
from training.statuses import STATUSES
from training.trainees.models import Trainee

RESOURCE = "certification"
OPEN_TO_EVIDENCE = (CertificationStatus.SUBMITTED, CertificationStatus.REJECTED)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it is shorter (31 Jan + 1
    month is 28 or 29 Feb), as certificates count validity."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _snapshot(row: Certification) -> dict[str, Any]:
    """What the audit trail keeps: states, dates and the evidence's hash, nothing personal."""
    return {
        "status": row.status,
        "certificate_number": row.certificate_number,
        "obtained_on": row.obtained_on,
        "expires_on": row.expires_on,
        "credential_url": row.credential_url,
        "evidence_sha256": row.evidence_sha256,
        "review_reason": row.review_reason,
    }


_audit: Trail[Certification] = Trail(RESOURCE, _snapshot)


async def record(
    *, session: AsyncSession, data: CertificationCreate, principal: Principal, now: datetime
) -> Certification:
    """A trainee's certification, submitted for review; what it certifies is the course's."""
    scope = company_scope(principal)
    trainee = await session.get(Trainee, data.trainee_id)
    if trainee is None or (scope is not None and trainee.company_id != scope):
        raise InvalidInput("trainee_id", message(MESSAGES["no_such_trainee"]))
    course = await session.get(Course, data.course_id)
    if course is None or not course_access.is_visible(principal, course):
        raise InvalidInput("course_id", message(MESSAGES["no_such_course"]))
    if (
        course.status == CourseStatus.PROPOSED
        and course.proposed_by_company_id != trainee.company_id
    ):
        # the certification names its course to the trainee's company, which may not see
        # someone else's proposal (a company user meets it above, as an unknown id)
        raise Conflict(
            "The course is a proposal not yet approved, and not one the trainee's company "
            "made: certify against an approved course.",
            rule="course_proposed_elsewhere",
        )
    if data.enrolment_id is not None:
        enrolment = await session.get(Enrolment, data.enrolment_id)
        if (
            enrolment is None
            or enrolment.trainee_id != trainee.id
            or enrolment.course_id != course.id
        ):
            raise InvalidInput("enrolment_id", message(MESSAGES["no_enrolment_in_course"]))
    if data.renews_id is not None:
        renewed = await session.get(Certification, data.renews_id)
        if (
            renewed is None
            or renewed.trainee_id != trainee.id
            or renewed.status != CertificationStatus.VERIFIED
            or (renewed.vendor, renewed.certification_name)
            != (course.provider, course.certification_name)
        ):
            raise InvalidInput("renews_id", message(MESSAGES["not_a_renewable_certification"]))
    if data.obtained_on > now.date():
        raise InvalidInput("obtained_on", message(MESSAGES["obtained_in_future"]))
    expires_on = data.expires_on
    if expires_on is None and course.validity_months is not None:
        expires_on = add_months(data.obtained_on, course.validity_months)
    row = Certification(
        company_id=trainee.company_id,
        trainee_id=trainee.id,
        course_id=course.id,
        enrolment_id=data.enrolment_id,
        renews_id=data.renews_id,
        skills_area=course.skills_area,
        vendor=course.provider,
        certification_name=course.certification_name,
        certification_code=course.certification_code,
        level=course.certification_level,
        certificate_number=data.certificate_number,
        obtained_on=data.obtained_on,
        expires_on=expires_on,
        credential_url=str(data.credential_url) if data.credential_url else None,
        status=CertificationStatus.SUBMITTED,
        recorded_by=principal.subject,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(row)
    await session.flush()
    await _audit(session, principal, row, "recorded", None, now)
    return row


async def get(
    *, session: AsyncSession, certification_id: uuid.UUID, lock: bool = False
) -> Certification:
    """The certification, or 404; ``lock`` before changing it."""
    return await one_or_404(
        session,
        sa.select(Certification).where(Certification.id == certification_id),
        what="certification",
        lock=lock,
    )


def listing(
    *,
    company_id: uuid.UUID | None,
    trainee_id: uuid.UUID | None,
    status: CertificationStatus | None,
    expiring_by: date | None = None,
    today: date | None = None,
) -> sa.Select[tuple[Certification]]:
    """Certifications, filtered; ``expiring_by``: verified ones expiring from ``today`` to it."""
    statement = where_given(
        sa.select(Certification),
        (Certification.company_id, company_id),
        (Certification.trainee_id, trainee_id),
        (Certification.status, status),
    )
    if expiring_by is not None:
        assert today is not None
        statement = statement.where(
            Certification.status == CertificationStatus.VERIFIED,
            col(Certification.expires_on).between(today, expiring_by),
        )
    return statement


def expiring_window(today: date, within_days: int) -> date:
    return today + timedelta(days=within_days)


async def duplicates(
    *, session: AsyncSession, rows: Sequence[Certification]
) -> dict[uuid.UUID, bool]:
    """Per certification: whether its evidence file was offered for another trainee too."""
    hashes = {r.evidence_sha256 for r in rows if r.evidence_sha256}
    flagged = dict.fromkeys((r.id for r in rows), False)
    if not hashes:
        return flagged
    pairs = (
        await session.execute(
            sa.select(Certification.evidence_sha256, Certification.trainee_id)
            .where(col(Certification.evidence_sha256).in_(hashes))
            .distinct()
        )
    ).all()
    trainees: dict[str, set[uuid.UUID]] = {}
    for sha256, trainee_id in pairs:
        trainees.setdefault(sha256, set()).add(trainee_id)
    for row in rows:
        if row.evidence_sha256 and len(trainees.get(row.evidence_sha256, ())) > 1:
            flagged[row.id] = True
    return flagged


async def attach_evidence(
    *,
    session: AsyncSession,
    certification: Certification,
    stored: StoredFile,
    principal: Principal,
    now: datetime,
) -> Certification:
    """Attach an uploaded file to a locked certification still open to evidence; a rejected
    one goes back to review with it."""
    if certification.status not in OPEN_TO_EVIDENCE:
        raise Conflict(
            f"The certification is {certification.status}; its evidence is closed.",
            rule="certification_decided",
            params={"status": STATUSES.text("certification", certification.status)},
        )
    before = _snapshot(certification)
    certification.evidence_sha256 = stored.sha256
    certification.evidence_type = stored.content_type
    certification.evidence_size = stored.size
    certification.evidence_uploaded_at = now
    certification.status = CertificationStatus.SUBMITTED
    bump(certification, now)
    await _audit(session, principal, certification, "evidence_uploaded", before, now)
    return certification


async def review(
    *,
    session: AsyncSession,
    certification: Certification,
    data: CertificationReview,
    principal: Principal,
    now: datetime,
) -> Certification:
    """Verify or reject a locked, submitted certification; a verification tells the registry."""
    if certification.status != CertificationStatus.SUBMITTED:
        raise Conflict(
            f"The certification is {certification.status}; only a submitted one is reviewed.",
            rule="certification_not_submitted",
            params={"status": STATUSES.text("certification", certification.status)},
        )
    if data.decision == "verified" and not (
        certification.evidence_sha256 or certification.credential_url
    ):
        raise Conflict(
            "There is no evidence to verify: upload the certificate or give a credential URL.",
            rule="no_evidence",
        )
    before = _snapshot(certification)
    certification.status = CertificationStatus(data.decision)
    certification.reviewed_by = principal.subject
    certification.reviewed_at = now
    certification.review_reason = data.reason
    bump(certification, now)
    if certification.status == CertificationStatus.VERIFIED:
        await outbox.add(
            session,
            CertificationVerified(
                certification_id=certification.id,
                company_id=certification.company_id,
                trainee_id=certification.trainee_id,
                skills_area=certification.skills_area,
                vendor=certification.vendor,
                certification=certification.certification_name,
                level=certification.level,
                expires_on=certification.expires_on,
                verified_at=now,
            ),
        )
    await _audit(session, principal, certification, data.decision, before, now)
    return certification


async def revoke(
    *,
    session: AsyncSession,
    certification: Certification,
    reason: str,
    principal: Principal,
    now: datetime,
) -> Certification:
    """Withdraw a locked, verified certification for good; the registry stops counting it."""
    if certification.status != CertificationStatus.VERIFIED:
        raise Conflict(
            f"The certification is {certification.status}; only a verified one is revoked.",
            rule="certification_not_verified",
            params={"status": STATUSES.text("certification", certification.status)},
        )
    before = _snapshot(certification)
    certification.status = CertificationStatus.REVOKED
    certification.reviewed_by = principal.subject
    certification.reviewed_at = now
    certification.review_reason = reason
    bump(certification, now)
    await outbox.add(
        session,
        CertificationRevoked(
            certification_id=certification.id,
            company_id=certification.company_id,
            trainee_id=certification.trainee_id,
            skills_area=certification.skills_area,
            vendor=certification.vendor,
            certification=certification.certification_name,
            expires_on=certification.expires_on,
            reason=reason,
        ),
    )
    await _audit(session, principal, certification, "revoked", before, now)
    return certification


async def badge(
    *, session: AsyncSession, certification: Certification, private_pem: str
) -> tuple[dict[str, Any], str]:
    """The Open Badges credential of a verified certification and its signed JWT."""
    if certification.status != CertificationStatus.VERIFIED:
        raise Conflict(
            f"The certification is {certification.status}; only a verified one has a badge.",
            rule="certification_not_verified",
            params={"status": STATUSES.text("certification", certification.status)},
        )
    trainee = await session.get(Trainee, certification.trainee_id)
    document = badges.credential(certification, email=trainee.email if trainee else None)
    return document, badges.sign(document, private_pem)
