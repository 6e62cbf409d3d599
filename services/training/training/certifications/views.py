"""Read models of certifications."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from training.certifications import service
from training.certifications.models import Certification
from training.certifications.schemas import (
    CertificationRead,
    CertificationStatus,
    EvidenceRead,
)


def certification_read(row: Certification, duplicate_evidence: bool) -> CertificationRead:
    evidence = None
    if row.evidence_sha256 is not None:
        assert row.evidence_type and row.evidence_size and row.evidence_uploaded_at
        evidence = EvidenceRead(
            sha256=row.evidence_sha256,
            content_type=row.evidence_type,
            size=row.evidence_size,
            uploaded_at=row.evidence_uploaded_at,
        )
    return CertificationRead(
        id=row.id,
        company_id=row.company_id,
        trainee_id=row.trainee_id,
        course_id=row.course_id,
        enrolment_id=row.enrolment_id,
        renews_id=row.renews_id,
        skills_area=row.skills_area,
        vendor=row.vendor,
        certification=row.certification_name,
        certification_code=row.certification_code,
        level=row.level,
        certificate_number=row.certificate_number,
        obtained_on=row.obtained_on,
        expires_on=row.expires_on,
        credential_url=row.credential_url,
        evidence=evidence,
        duplicate_evidence=duplicate_evidence,
        status=CertificationStatus(row.status),
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        review_reason=row.review_reason,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


async def certifications(
    *, session: AsyncSession, rows: Sequence[Certification]
) -> list[CertificationRead]:
    """The read models of ``rows``, each flagged when its evidence file was offered for
    another trainee too (one query for the whole page)."""
    flagged = await service.duplicates(session=session, rows=rows)
    return [certification_read(r, flagged[r.id]) for r in rows]


async def certification(*, session: AsyncSession, row: Certification) -> CertificationRead:
    (read,) = await certifications(session=session, rows=[row])
    return read
