"""Targets: set (and reset) by the programme manager, approved by the ministry, every
decision on the record; snapshots: a quarterly report frozen as issued."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import jwt
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from assessment.cohort import service as cohorts
from assessment.messages import MESSAGES
from assessment.targets.models import FrameworkSnapshot, IndicatorTarget
from assessment.targets.schemas import FrameworkStatement, SnapshotIssue, TargetSet
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import FRAMEWORK_STATEMENT_TYPE, Principal, TokenVerifier
from shared.concurrency import check_if_match
from shared.errors import Conflict, InvalidInput
from shared.i18n import message
from shared.pagination import Page
from shared.persistence import bump, flush_or_conflict, one_or_404

RESOURCE = "indicator_target"


def _audited(target: IndicatorTarget) -> dict[str, Any]:
    return {
        "baseline": str(target.baseline),
        "target": str(target.target),
        "milestones": target.milestones,
        "on_track_percent": str(target.on_track_percent),
        "at_risk_percent": str(target.at_risk_percent),
        "status": target.status,
    }


async def targets(*, session: AsyncSession, cohort_id: uuid.UUID) -> list[IndicatorTarget]:
    """The cohort's targets (404 for an unknown cohort), by indicator."""
    await cohorts.get(session=session, cohort_id=cohort_id)
    rows = await session.scalars(
        sa.select(IndicatorTarget)
        .where(IndicatorTarget.cohort_id == cohort_id)
        .order_by(IndicatorTarget.indicator)
    )
    return list(rows)


async def _target(
    session: AsyncSession, cohort_id: uuid.UUID, indicator: str, lock: bool = False
) -> IndicatorTarget | None:
    statement = sa.select(IndicatorTarget).where(
        IndicatorTarget.cohort_id == cohort_id, IndicatorTarget.indicator == indicator
    )
    if lock:
        statement = statement.with_for_update()
    return (await session.scalars(statement)).first()


async def set_target(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    indicator: str,
    data: TargetSet,
    if_match: str | None,
    principal: Principal,
    now: datetime,
) -> tuple[IndicatorTarget, bool]:
    """Create the target, or replace it (If-Match): a changed target is proposed again and
    waits for the ministry's approval. (target, created)."""
    await cohorts.get(session=session, cohort_id=cohort_id, lock=True)
    target = await _target(session, cohort_id, indicator, lock=True)
    figures = {
        "baseline": data.baseline,
        "target": data.target,
        "milestones": [
            {"due_on": m.due_on.isoformat(), "value": str(m.value)}
            for m in sorted(data.milestones, key=lambda m: m.due_on)
        ],
        "on_track_percent": data.on_track_percent,
        "at_risk_percent": data.at_risk_percent,
    }
    if target is None:
        target = IndicatorTarget(
            cohort_id=cohort_id,
            indicator=indicator,
            status="proposed",
            set_by=principal.subject,
            created_at=now,
            updated_at=now,
            version=1,
            **figures,
        )
        session.add(target)
        await flush_or_conflict(
            session,
            rule="target_exists",
            detail="The indicator already has a target; PUT it again with If-Match.",
        )
        await audit.record(
            session,
            principal=principal,
            resource=RESOURCE,
            record=target,
            action="set",
            after=_audited(target),
            now=now,
        )
        return target, True
    check_if_match(if_match, target.version)
    before = _audited(target)
    for field, value in figures.items():
        setattr(target, field, value)
    target.status = "proposed"
    target.set_by = principal.subject
    target.approved_by = None
    target.approved_at = None
    bump(target, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=target,
        action="set",
        before=before,
        after=_audited(target),
        now=now,
    )
    return target, False


async def approve(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    indicator: str,
    if_match: str | None,
    principal: Principal,
    now: datetime,
) -> IndicatorTarget:
    """The ministry approves the target as it read it (If-Match)."""
    target = await get(session=session, cohort_id=cohort_id, indicator=indicator, lock=True)
    check_if_match(if_match, target.version)
    if target.status == "approved":
        raise Conflict("The target is already approved.", rule="target_already_approved")
    before = _audited(target)
    target.status = "approved"
    target.approved_by = principal.subject
    target.approved_at = now
    bump(target, now)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=target,
        action="approved",
        before=before,
        after=_audited(target),
        now=now,
    )
    return target


async def get(
    *, session: AsyncSession, cohort_id: uuid.UUID, indicator: str, lock: bool = False
) -> IndicatorTarget:
    return await one_or_404(
        session,
        sa.select(IndicatorTarget).where(
            IndicatorTarget.cohort_id == cohort_id, IndicatorTarget.indicator == indicator
        ),
        what="target",
        lock=lock,
    )


async def history(
    *, session: AsyncSession, cohort_id: uuid.UUID, indicator: str, limit: int, cursor: str | None
) -> Page[AuditEntryRead]:
    target = await get(session=session, cohort_id=cohort_id, indicator=indicator)
    return await audit.history(
        session, resource=RESOURCE, resource_id=target.id, limit=limit, cursor=cursor
    )


def _statement(
    data: SnapshotIssue, verifier: TokenVerifier, cohort_id: uuid.UUID, principal: Principal
) -> FrameworkStatement:
    """The report a statement signed by the gateway holds, for this cohort and this caller;
    anything else (typed by hand, altered, expired, another's) is a 422 naming ``statement``."""
    try:
        claims = verifier.statement(data.statement, typ=FRAMEWORK_STATEMENT_TYPE)
        statement = FrameworkStatement.model_validate(claims)
    except jwt.ExpiredSignatureError:
        raise InvalidInput("statement", message(MESSAGES["statement_expired"])) from None
    except (jwt.PyJWTError, ValidationError):
        raise InvalidInput("statement", message(MESSAGES["statement_not_signed"])) from None
    if statement.cohort_id != cohort_id:
        raise InvalidInput("statement", message(MESSAGES["statement_other_cohort"]))
    if statement.sub != principal.subject:
        raise InvalidInput("statement", message(MESSAGES["statement_other_caller"]))
    return statement


async def issue_snapshot(
    *,
    session: AsyncSession,
    cohort_id: uuid.UUID,
    data: SnapshotIssue,
    verifier: TokenVerifier,
    principal: Principal,
    now: datetime,
) -> FrameworkSnapshot:
    """Freeze a period's report as the gateway composed and signed it (``data.statement``):
    the platform's figures, never a caller's. A period is issued once."""
    await cohorts.get(session=session, cohort_id=cohort_id)
    statement = _statement(data, verifier, cohort_id, principal)
    snapshot = FrameworkSnapshot(
        cohort_id=cohort_id,
        period=statement.period,
        as_of=statement.as_of,
        framework=statement.framework,
        issued_by=principal.subject,
        created_at=now,
    )
    session.add(snapshot)
    await flush_or_conflict(
        session,
        rule="snapshot_issued",
        detail=f"The report of {statement.period} is already issued; it is never replaced.",
    )
    await audit.record(
        session,
        principal=principal,
        resource="framework_snapshot",
        record=snapshot,
        action="issued",
        after={"period": statement.period, "as_of": statement.as_of.isoformat()},
        now=now,
    )
    return snapshot


async def snapshots(*, session: AsyncSession, cohort_id: uuid.UUID) -> list[FrameworkSnapshot]:
    await cohorts.get(session=session, cohort_id=cohort_id)
    rows = await session.scalars(
        sa.select(FrameworkSnapshot)
        .where(FrameworkSnapshot.cohort_id == cohort_id)
        .order_by(FrameworkSnapshot.period)
    )
    return list(rows)


async def snapshot(
    *, session: AsyncSession, cohort_id: uuid.UUID, snapshot_id: uuid.UUID
) -> FrameworkSnapshot:
    return await one_or_404(
        session,
        sa.select(FrameworkSnapshot).where(
            FrameworkSnapshot.cohort_id == cohort_id, FrameworkSnapshot.id == snapshot_id
        ),
        what="snapshot",
    )
