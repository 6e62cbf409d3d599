"""Who graduates: a company selected into the cohort whose training needs (its development
plan's training items) are fulfilled to at least the threshold, once the cohort is in review.
A company with no training needs has no plan to implement and does not graduate."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.errors import Conflict, NotFound
from shared.events.assessment import COHORT_STATUSES, CohortStatus
from shared.i18n import message
from training.certifications.models import Certification
from training.cohorts.models import CohortMembership, CohortState
from training.companies.models import CompanyFact
from training.graduation.schemas import GraduateRead, GraduatesRead, VerifiedCertificationRead
from training.messages import MESSAGES
from training.needs.models import TrainingNeed
from training.needs.schemas import NeedStatus
from training.needs.views import percent

GRADUATING_STATUSES = (CohortStatus.REVIEW, CohortStatus.CLOSED)
"""A cohort in review has its graduates listed; closed, they stay listed."""


async def graduates(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    threshold: Decimal,
    company_id: uuid.UUID | None,
    today: date,
) -> GraduatesRead:
    """The cohort's graduates (only ``company_id``'s line, when given): 404 for a cohort the
    assessment never told of, 409 ``cohort_not_in_review`` before review."""
    state = await session.get(CohortState, cohort_id)
    if state is None:
        raise NotFound(message(MESSAGES["no_such_cohort_yet"]))
    if state.status not in GRADUATING_STATUSES:
        raise Conflict(
            f"The cohort is {state.status}: graduates are listed once it is in review.",
            rule="cohort_not_in_review",
            params={"status": COHORT_STATUSES.text(state.status)},
        )
    members = sa.select(CohortMembership.company_id).where(CohortMembership.cohort_id == cohort_id)
    if company_id is not None:
        members = members.where(CohortMembership.company_id == company_id)
    counts = await session.execute(
        sa.select(TrainingNeed.company_id, TrainingNeed.status, sa.func.count())
        .where(
            TrainingNeed.cohort_id == cohort_id,
            TrainingNeed.kind == "training",
            col(TrainingNeed.company_id).in_(members),
        )
        .group_by(TrainingNeed.company_id, TrainingNeed.status)
    )
    planned: dict[uuid.UUID, int] = defaultdict(int)
    fulfilled: dict[uuid.UUID, int] = defaultdict(int)
    for company, status, count in counts:
        planned[company] += count
        if status == NeedStatus.FULFILLED:
            fulfilled[company] += count
    reached = sorted(
        (c for c in planned if percent(fulfilled[c], planned[c]) >= threshold), key=str
    )
    facts = {
        f.company_id: f
        for f in (
            await session.execute(
                sa.select(CompanyFact).where(col(CompanyFact.company_id).in_(reached))
            )
        ).scalars()
    }
    certified = await verified_certifications(session=session, company_ids=reached, today=today)
    return GraduatesRead(
        cohort_id=cohort_id,
        cohort_name=state.cohort_name,
        cohort_status=state.status,
        threshold_percent=threshold,
        items=[
            GraduateRead(
                company_id=c,
                bin=facts[c].bin if c in facts else None,
                name=facts[c].display_name if c in facts else None,
                planned=planned[c],
                fulfilled=fulfilled[c],
                percent=percent(fulfilled[c], planned[c]),
                verified_certifications=certified[c],
            )
            for c in reached
        ],
    )


async def verified_certifications(
    *, session: AsyncSession, company_ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, list[VerifiedCertificationRead]]:
    """Each company's verified certifications still valid ``today``, grouped as the registry
    shows them (vendor, certification, level; how many staff hold it)."""
    result: dict[uuid.UUID, list[VerifiedCertificationRead]] = {c: [] for c in company_ids}
    if not company_ids:
        return result
    rows = await session.execute(
        sa.select(
            Certification.company_id,
            Certification.vendor,
            Certification.certification_name,
            Certification.level,
            # staff, not certificates: one trainee holding the same certification twice (a
            # renewal verified before the old one expired) is one certified staff member
            sa.func.count(sa.distinct(Certification.trainee_id)),
            sa.func.min(Certification.expires_on),
        )
        .where(
            col(Certification.company_id).in_(company_ids),
            Certification.status == "verified",
            col(Certification.expires_on).is_(None) | (Certification.expires_on >= today),
        )
        .group_by(
            Certification.company_id,
            Certification.vendor,
            Certification.certification_name,
            Certification.level,
        )
        .order_by(Certification.vendor, Certification.certification_name, Certification.level)
    )
    for company, vendor, name, level, count, expires_on in rows:
        result[company].append(
            VerifiedCertificationRead(
                vendor=vendor,
                certification=name,
                level=level,
                staff_count=count,
                expires_on=expires_on,
            )
        )
    return result


async def graduate(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    company_id: uuid.UUID,
    threshold: Decimal,
    today: date,
) -> tuple[GraduatesRead, GraduateRead]:
    """One graduate's line (for the certificate); 409 ``not_a_graduate`` below the threshold
    or outside the cohort."""
    listed = await graduates(
        session=session,
        cohort_id=cohort_id,
        threshold=threshold,
        company_id=company_id,
        today=today,
    )
    if not listed.items:
        raise Conflict(
            f"The company's plan implementation has not reached {threshold} % in this cohort.",
            rule="not_a_graduate",
            params={"threshold": threshold},
        )
    return listed, listed.items[0]
