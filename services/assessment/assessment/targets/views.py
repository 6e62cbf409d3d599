"""The TargetRead and SnapshotRead models the routes return."""

from __future__ import annotations

from decimal import Decimal

from assessment.targets.models import FrameworkSnapshot, IndicatorTarget
from assessment.targets.schemas import SnapshotList, SnapshotRead, TargetList, TargetRead
from shared.indicators import Milestone


def plain(value: Decimal) -> Decimal:
    """A figure without the column's trailing zeros (``25.0000`` → ``25``; ``2.50`` → ``2.5``),
    the same on both engines and straight after a write."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def target(row: IndicatorTarget) -> TargetRead:
    return TargetRead(
        id=row.id,
        cohort_id=row.cohort_id,
        indicator=row.indicator,  # type: ignore[arg-type]
        baseline=plain(Decimal(row.baseline)),
        target=plain(Decimal(row.target)),
        milestones=[Milestone(**m) for m in row.milestones],
        on_track_percent=plain(Decimal(row.on_track_percent)),
        at_risk_percent=plain(Decimal(row.at_risk_percent)),
        status=row.status,  # type: ignore[arg-type]
        set_by=row.set_by,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def snapshot(row: FrameworkSnapshot) -> SnapshotRead:
    return SnapshotRead(
        id=row.id,
        cohort_id=row.cohort_id,
        period=row.period,
        as_of=row.as_of,
        framework=row.framework,
        issued_by=row.issued_by,
        created_at=row.created_at,
    )


def targets(rows: list[IndicatorTarget]) -> TargetList:
    return TargetList(items=[target(r) for r in rows])


def snapshots(rows: list[FrameworkSnapshot]) -> SnapshotList:
    return SnapshotList(items=[snapshot(r) for r in rows])
