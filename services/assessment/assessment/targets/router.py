"""Targets per cohort and indicator, and the quarterly reports issued (snapshots)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from assessment.targets import service, views
from assessment.targets.schemas import (
    SnapshotIssue,
    SnapshotList,
    SnapshotRead,
    TargetList,
    TargetRead,
    TargetSet,
)
from shared.api import rules
from shared.audit import AuditEntryRead
from shared.auth import Ministry, ProgrammeManager, Staff
from shared.concurrency import IfMatch, created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.indicators import IndicatorCode
from shared.pagination import CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/cohorts", tags=["targets"])


@router.get("/{cohort_id}/targets", response_model=TargetList)
async def list_targets(
    cohort_id: uuid.UUID, session: ReadSessionDep, principal: Staff
) -> TargetList:
    """The cohort's baseline, target and milestones per indicator (staff and the ministry)."""
    rows = await service.targets(session=session, cohort_id=cohort_id)
    return views.targets(rows)


@router.put(
    "/{cohort_id}/targets/{indicator}",
    response_model=TargetRead,
    responses={201: {"model": TargetRead}, **rules("target_exists")},
)
async def set_target(
    cohort_id: uuid.UUID,
    indicator: IndicatorCode,
    body: TargetSet,
    session: SessionDep,
    response: Response,
    principal: ProgrammeManager,
    if_match: IfMatch = None,
) -> TargetRead:
    """Set an indicator's target; a change (If-Match) awaits the ministry's approval again.

    The first PUT creates the target (201) whatever If-Match says: there is no version yet.
    """
    target, new = await service.set_target(
        session=session,
        cohort_id=cohort_id,
        indicator=indicator,
        data=body,
        if_match=if_match,
        principal=principal,
        now=utcnow(),
    )
    if new:
        response.status_code = 201
        for name, value in created(
            f"/cohorts/{cohort_id}/targets/{indicator}", target.version
        ).items():
            response.headers[name] = value
    else:
        tag(response, target.version)
    return views.target(target)


@router.put(
    "/{cohort_id}/targets/{indicator}/approval",
    response_model=TargetRead,
    responses=rules("target_already_approved"),
)
async def approve_target(
    cohort_id: uuid.UUID,
    indicator: IndicatorCode,
    session: SessionDep,
    response: Response,
    principal: Ministry,
    if_match: IfMatch = None,
) -> TargetRead:
    """The ministry approves the target as it read it."""
    target = await service.approve(
        session=session,
        cohort_id=cohort_id,
        indicator=indicator,
        if_match=if_match,
        principal=principal,
        now=utcnow(),
    )
    tag(response, target.version)
    return views.target(target)


@router.get("/{cohort_id}/targets/{indicator}/history", response_model=Page[AuditEntryRead])
async def target_history(
    cohort_id: uuid.UUID,
    indicator: IndicatorCode,
    session: ReadSessionDep,
    principal: Staff,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
) -> Page[AuditEntryRead]:
    """Who set and approved the target, and when."""
    return await service.history(
        session=session, cohort_id=cohort_id, indicator=indicator, limit=limit, cursor=cursor
    )


@router.post(
    "/{cohort_id}/snapshots",
    status_code=201,
    response_model=SnapshotRead,
    responses=rules("snapshot_issued"),
)
async def issue_snapshot(
    cohort_id: uuid.UUID,
    body: SnapshotIssue,
    request: Request,
    session: SessionDep,
    response: Response,
    principal: ProgrammeManager,
) -> SnapshotRead:
    """Freeze a quarterly report as the gateway composed and signed it (once per period)."""
    snapshot = await service.issue_snapshot(
        session=session,
        cohort_id=cohort_id,
        data=body,
        verifier=request.app.state.token_verifier,
        principal=principal,
        now=utcnow(),
    )
    response.headers["Location"] = f"/cohorts/{cohort_id}/snapshots/{snapshot.id}"
    return views.snapshot(snapshot)


@router.get("/{cohort_id}/snapshots", response_model=SnapshotList)
async def list_snapshots(
    cohort_id: uuid.UUID, session: ReadSessionDep, principal: Staff
) -> SnapshotList:
    """The quarterly reports issued for the cohort, by period."""
    rows = await service.snapshots(session=session, cohort_id=cohort_id)
    return views.snapshots(rows)


@router.get("/{cohort_id}/snapshots/{snapshot_id}", response_model=SnapshotRead)
async def get_snapshot(
    cohort_id: uuid.UUID, snapshot_id: uuid.UUID, session: ReadSessionDep, principal: Staff
) -> SnapshotRead:
    """One quarterly report exactly as issued."""
    row = await service.snapshot(session=session, cohort_id=cohort_id, snapshot_id=snapshot_id)
    return views.snapshot(row)
