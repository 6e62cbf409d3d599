"""Commitments over HTTP: read only (events make them)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from finance.commitments import service
from finance.commitments.access import CommitmentReader
from finance.commitments.models import CommitmentStatus, SourceKind
from finance.commitments.schemas import CommitmentRead
from finance.commitments.views import commitment_read, commitment_reads
from finance.modules import Module
from shared.audit import AuditEntryRead
from shared.concurrency import tag
from shared.deps import ReadSessionDep
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/commitments", tags=["commitments"])


@router.get("", response_model=Page[CommitmentRead])
async def list_commitments(
    session: ReadSessionDep,
    principal: CommitmentReader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    cohort_id: uuid.UUID | None = None,
    module: Module | None = None,
    company_id: uuid.UUID | None = None,
    status: CommitmentStatus | None = None,
    source_kind: SourceKind | None = None,
    source_id: uuid.UUID | None = None,
    over_budget: bool | None = None,
) -> Page[CommitmentRead]:
    """Commitments the caller may see, in the order they were made, filtered."""
    filters = service.Filters(
        cohort_id=cohort_id,
        module=module,
        company_id=company_id,
        status=status,
        source_kind=source_kind,
        source_id=source_id,
        over_budget=over_budget,
    )
    rows, lines, sums, next_cursor = await service.page(
        session=session, principal=principal, filters=filters, limit=limit, cursor=cursor
    )
    return Page(items=commitment_reads(rows, lines, sums, principal), next_cursor=next_cursor)


@router.get("/{commitment_id}", response_model=CommitmentRead)
async def read_commitment(
    commitment_id: uuid.UUID,
    session: ReadSessionDep,
    response: Response,
    principal: CommitmentReader,
) -> CommitmentRead:
    """One commitment: its rule version, what it was for and a line per paying party."""
    commitment, lines, sums = await service.get_with_lines(
        session=session, commitment_id=commitment_id, principal=principal
    )
    tag(response, commitment.version)
    return commitment_read(commitment, lines, sums, principal)


@router.get("/{commitment_id}/history", response_model=Page[AuditEntryRead])
async def commitment_history(
    commitment_id: uuid.UUID,
    session: ReadSessionDep,
    principal: CommitmentReader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """How the commitment was made, replaced (a reschedule) and released, by which event."""
    return await service.history(
        session=session,
        commitment_id=commitment_id,
        principal=principal,
        limit=limit,
        cursor=cursor,
    )
