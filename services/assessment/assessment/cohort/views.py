"""The read models cohort routes return, built from rows the service loaded."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from assessment.cohort import service
from assessment.cohort.flow import quarter_of, thresholds_of
from assessment.cohort.models import BoardMember, Cohort, CohortReview
from assessment.cohort.schemas import (
    BoardMemberRead,
    CohortRead,
    CohortStatus,
    ReviewDecision,
    ReviewRead,
)


async def cohorts(session: AsyncSession, rows: Sequence[Cohort]) -> list[CohortRead]:
    """Cohorts with how many companies each has selected (one query for the lot)."""
    counts = await service.selected_counts(session=session, cohort_ids=[c.id for c in rows])
    return [
        CohortRead(
            id=c.id,
            name=c.name,
            description=c.description,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            max_companies=c.max_companies,
            max_nominations_per_partner=c.max_nominations_per_partner,
            thresholds=thresholds_of(c),
            status=CohortStatus(c.status),
            nomination_round=c.nomination_round,
            selected_count=counts[c.id],
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
        )
        for c in rows
    ]


async def cohort(session: AsyncSession, row: Cohort) -> CohortRead:
    [read] = await cohorts(session, [row])
    return read


def member(row: BoardMember) -> BoardMemberRead:
    return BoardMemberRead.model_validate(row, from_attributes=True)


def review(of: Cohort, row: CohortReview) -> ReviewRead:
    """A review, with the cohort quarter it falls in (``of``: its cohort)."""
    return ReviewRead(
        id=row.id,
        cohort_id=row.cohort_id,
        held_on=row.held_on,
        quarter=quarter_of(of, row.held_on),
        notes=row.notes,
        decisions=[ReviewDecision.model_validate(d) for d in row.decisions],
        recorded_by=row.recorded_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
