"""How the registry applies what the programme's other services report.

Each handler is idempotent by itself (on top of the inbox) and tolerates any order: a
revocation that overtakes its verification leaves a tombstone; an assessment result that
overtakes the selection creates the participation row the selection later completes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from registry.company import service as companies
from registry.company.service import Actor, key
from registry.participation.models import ProgrammeParticipation, VerifiedCertification
from shared.events.assessment import AssessmentCompleted, CompanySelected
from shared.events.base import CloudEvent
from shared.events.training import CertificationRevoked, CertificationVerified


def _actor(envelope: CloudEvent) -> Actor:
    return Actor(subject=f"event:{envelope.source}", role=None)


async def certification_verified(
    session: AsyncSession, event: CertificationVerified, envelope: CloudEvent
) -> None:
    """Add a trainee's verified certification to the company's programme-verified ones."""
    existing = await session.get(VerifiedCertification, event.certification_id)
    if existing is not None and existing.revoked_at is not None:
        return  # revoked already (the revocation overtook this event): it stays revoked
    row = existing or VerifiedCertification(
        certification_id=event.certification_id,
        company_id=event.company_id,
        trainee_id=event.trainee_id,
        skills_area="",
        vendor="",
        vendor_key="",
        certification="",
        certification_key="",
    )
    row.company_id, row.trainee_id, row.skills_area = (
        event.company_id,
        event.trainee_id,
        event.skills_area,
    )
    row.vendor, row.vendor_key = event.vendor, key(event.vendor)
    row.certification, row.certification_key = event.certification, key(event.certification)
    row.level, row.expires_on = event.level, event.expires_on
    row.verified_at = event.verified_at or envelope.time
    session.add(row)
    if existing is None:
        await companies.touch(
            session=session,
            now=datetime.now(UTC),
            company_id=event.company_id,
            action="certification_verified",
            actor=_actor(envelope),
            after={
                "vendor": event.vendor,
                "certification": event.certification,
                "certification_id": str(event.certification_id),
            },
        )
    await companies.refresh_details(session=session, ids=[event.company_id])


async def certification_revoked(
    session: AsyncSession, event: CertificationRevoked, envelope: CloudEvent
) -> None:
    """Take a verified certification back off the profile (or pre-empt a late verification)."""
    row = await session.get(VerifiedCertification, event.certification_id)
    if row is not None and row.revoked_at is not None:
        return
    if row is None:
        row = VerifiedCertification(
            certification_id=event.certification_id,
            company_id=event.company_id,
            trainee_id=event.trainee_id,
            skills_area=event.skills_area,
            vendor=event.vendor,
            vendor_key=key(event.vendor),
            certification=event.certification,
            certification_key=key(event.certification),
            expires_on=event.expires_on,
        )
    row.revoked_at = envelope.time or datetime.now(UTC)
    row.revocation_reason = event.reason
    session.add(row)
    await companies.touch(
        session=session,
        now=datetime.now(UTC),
        company_id=event.company_id,
        action="certification_revoked",
        actor=_actor(envelope),
        after={
            "vendor": event.vendor,
            "certification": event.certification,
            "certification_id": str(event.certification_id),
            "reason": event.reason,
        },
    )
    await companies.refresh_details(session=session, ids=[event.company_id])


async def _participation(
    session: AsyncSession, company_id: uuid.UUID, cohort_id: uuid.UUID
) -> ProgrammeParticipation:
    row = await session.get(ProgrammeParticipation, (company_id, cohort_id))
    return row or ProgrammeParticipation(company_id=company_id, cohort_id=cohort_id)


async def company_selected(
    session: AsyncSession, event: CompanySelected, envelope: CloudEvent
) -> None:
    """The company joined a cohort: programme staff see it on the profile and can filter."""
    row = await _participation(session, event.company_id, event.cohort_id)
    row.cohort_name = event.cohort_name
    row.selected_at = event.selected_at or envelope.time
    session.add(row)
    await companies.refresh_details(session=session, ids=[event.company_id])


async def assessment_completed(
    session: AsyncSession, event: AssessmentCompleted, envelope: CloudEvent
) -> None:
    """Keep the latest approved assessment of the company in that cohort (by completion time)."""
    row = await _participation(session, event.company_id, event.cohort_id)
    completed = event.completed_at or envelope.time
    if row.assessed_at is not None and _aware(row.assessed_at) > completed:
        return  # an older report arriving late does not replace a newer one
    row.assessment_id, row.efqm_total, row.assessment_band, row.assessed_at = (
        event.assessment_id,
        event.efqm_total,
        event.band,
        completed,
    )
    session.add(row)
    await companies.refresh_details(session=session, ids=[event.company_id])


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
