"""Training indicators of a cohort by a time: certifications, trainees certified,
internships completed and how far the development plans are implemented."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.indicators import BreakdownRead, IndicatorValueRead, value
from training.certifications.models import Certification
from training.certifications.schemas import CertificationStatus
from training.cohorts.models import CohortMembership
from training.enrolments.models import Enrolment
from training.internships.models import Internship
from training.internships.schemas import InternshipStatus
from training.needs.models import TrainingNeed


async def compute(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    """certifications_verified (per skills area and vendor), trainees_certified,
    internships_completed (per kind), plan_implementation."""
    return [
        *await _certifications(session, cohort_id, as_of),
        await _internships(session, cohort_id, as_of),
        await _implementation(session, cohort_id, as_of),
    ]


async def _certifications(
    session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    members = sa.select(CohortMembership.company_id).where(CohortMembership.cohort_id == cohort_id)
    verified = (
        col(Certification.company_id).in_(members),
        Certification.status == CertificationStatus.VERIFIED,
        Certification.reviewed_at <= as_of,  # type: ignore[operator]
    )
    rows = (
        await session.execute(
            sa.select(Certification.skills_area, Certification.vendor, sa.func.count())
            .where(*verified)
            .group_by(Certification.skills_area, Certification.vendor)
            .order_by(Certification.skills_area, Certification.vendor)
        )
    ).all()
    trainees = await session.scalar(
        sa.select(sa.func.count(sa.distinct(Certification.trainee_id))).where(*verified)
    )
    breakdown = [
        BreakdownRead(dimensions={"skills_area": area, "vendor": vendor}, value=Decimal(count))
        for area, vendor, count in rows
    ]
    return [
        value("certifications_verified", sum(count for _, _, count in rows), as_of, breakdown),
        value("trainees_certified", trainees or 0, as_of),
    ]


async def _internships(
    session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> IndicatorValueRead:
    rows = (
        await session.execute(
            sa.select(Internship.kind, sa.func.count())
            .where(
                Internship.cohort_id == cohort_id,
                Internship.status == InternshipStatus.COMPLETED,
                Internship.updated_at <= as_of,
            )
            .group_by(Internship.kind)
            .order_by(Internship.kind)
        )
    ).all()
    breakdown = [
        BreakdownRead(dimensions={"kind": kind}, value=Decimal(count)) for kind, count in rows
    ]
    return value("internships_completed", sum(c for _, c in rows), as_of, breakdown)


async def _implementation(
    session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> IndicatorValueRead:
    passed = sa.exists().where(
        Enrolment.need_id == TrainingNeed.id,
        Enrolment.passed.is_(True),  # type: ignore[union-attr,attr-defined]
        Enrolment.completed_at <= as_of,  # type: ignore[operator]
    )
    completed = sa.exists().where(
        Internship.need_id == TrainingNeed.id,
        Internship.status == InternshipStatus.COMPLETED,
        Internship.updated_at <= as_of,
    )
    rows = await session.execute(
        sa.select(TrainingNeed.company_id, sa.or_(passed, completed)).where(
            TrainingNeed.cohort_id == cohort_id, TrainingNeed.plan_approved_at <= as_of
        )
    )
    items: dict[uuid.UUID, list[bool]] = defaultdict(list)
    for company_id, done in rows:
        items[company_id].append(bool(done))
    if not items:
        return value("plan_implementation", None, as_of)
    shares = [Decimal(sum(done)) * 100 / len(done) for done in items.values()]
    average = (sum(shares) / len(shares)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    return value("plan_implementation", average, as_of)
