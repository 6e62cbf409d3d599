"""The results framework of a cohort in one call: every service's ``/indicators``, asked in
parallel with the caller's token and a timeout per service (``gateway.fanout``), joined with
the cohort's targets from the assessment service.

A service that is down, slow or failing makes its own indicators ``unavailable``; the
answer is still the framework, with what the other services said. Only the targets'
404 (no such cohort) fails the whole call, since then there is no framework to show. Targets
that could not be read make every progress ``target_unavailable``, never ``no_target``: the
reader must not take an absent assessment service for a cohort without targets.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from gateway.fanout import FanOut, Reply
from shared import i18n
from shared.errors import NotFound, UpstreamError
from shared.indicators import (
    BY_CODE,
    CATALOGUE,
    BreakdownRead,
    IndicatorCode,
    IndicatorsRead,
    Milestone,
    ServiceName,
    Status,
    TargetStatus,
    Unit,
    milestone_due,
    status_of,
)

SERVICES: tuple[ServiceName, ...] = ("registry", "assessment", "training", "finance")


class ServiceAnswer(BaseModel):
    status: Literal["available", "unavailable"]
    detail: str | None = Field(default=None, description="why unavailable: timeout, HTTP status")
    elapsed_ms: int


class TargetJoined(BaseModel):
    baseline: Decimal
    target: Decimal
    milestones: list[Milestone]
    due: Decimal = Field(description="what should have been reached by as_of (see docs)")
    approval: TargetStatus
    on_track_percent: Decimal
    at_risk_percent: Decimal


class FrameworkIndicator(BaseModel):
    code: IndicatorCode
    service: ServiceName
    unit: Unit
    name: dict[str, str] = Field(description="ru, kk, en")
    definition: dict[str, str] = Field(description="ru, kk, en")
    how: str = Field(description="how the service computes it from its records")
    status: Literal["available", "unavailable"]
    value: Decimal | None
    breakdown: list[BreakdownRead]
    as_of: datetime | None
    target: TargetJoined | None
    progress: Status = Field(
        description="on_track / at_risk / off_track against the milestone due, by the "
        "target's thresholds; no_target without a target or a value; target_unavailable "
        "when the cohort's targets could not be read (see targets)"
    )


class FrameworkRead(BaseModel):
    cohort_id: uuid.UUID
    as_of: datetime
    computed_at: datetime
    services: dict[str, ServiceAnswer] = Field(description="each service's /indicators")
    targets: ServiceAnswer = Field(description="the cohort's targets (the assessment service)")
    indicators: list[FrameworkIndicator]


async def compose(
    *, calls: FanOut, cohort_id: uuid.UUID, as_of: datetime, now: datetime
) -> FrameworkRead:
    """Ask every service and the cohort's targets at once; join what came back."""
    params = {"cohort_id": str(cohort_id), "as_of": as_of.isoformat()}
    *answers, targets_reply = await asyncio.gather(
        *(calls.get(name, "/indicators", params) for name in SERVICES),
        calls.get("assessment", f"/cohorts/{cohort_id}/targets"),
    )
    if targets_reply.status == 404:
        raise NotFound(i18n.no_such("cohort"))
    targets = (
        {t["indicator"]: t for t in (targets_reply.data or {}).get("items", [])}
        if targets_reply.ok
        else None
    )
    services: dict[str, ServiceAnswer] = {}
    values: dict[str, dict[str, Any]] = {}
    for name, reply in zip(SERVICES, answers, strict=True):
        if reply.ok:
            read = IndicatorsRead.model_validate(reply.data)
            values.update({v.code: v.model_dump() for v in read.indicators})
        services[name] = _answer(reply, calls.seconds[name])
    return FrameworkRead(
        cohort_id=cohort_id,
        as_of=as_of,
        computed_at=now,
        services=services,
        targets=_answer(targets_reply, calls.seconds["assessment"]),
        indicators=[
            _joined(
                i.code,
                values.get(i.code),
                None if targets is None else targets.get(i.code),
                as_of,
                targets_read=targets is not None,
            )
            for i in CATALOGUE
        ],
    )


def _answer(reply: Reply, timeout: float) -> ServiceAnswer:
    return ServiceAnswer(
        status="available" if reply.ok else "unavailable",
        detail=why_not(reply, timeout),
        elapsed_ms=reply.elapsed_ms,
    )


def ensure_targets_read(read: FrameworkRead) -> None:
    """A quarterly report is a statement against the targets: one composed while they could
    not be read would freeze every progress as unknown, so it is refused (502) rather than
    issued; the manager issues it once the assessment service answers."""
    if read.targets.status != "available":
        raise UpstreamError(i18n.message(i18n.KIT["upstream_unavailable"], service="assessment"))


def why_not(reply: Reply, timeout: float) -> str | None:
    if reply.ok:
        return None
    if reply.timed_out:
        return f"no answer within {timeout:g} s"
    if reply.status is None:
        return f"unreachable ({reply.failure})"
    return f"HTTP {reply.status}"


def _joined(
    code: str,
    found: dict[str, Any] | None,
    target: dict[str, Any] | None,
    as_of: datetime,
    *,
    targets_read: bool = True,
) -> FrameworkIndicator:
    indicator = BY_CODE[code]
    raw = None if found is None else found["value"]
    value = None if raw is None else Decimal(raw)
    joined = None
    progress: Status = "no_target" if targets_read else "target_unavailable"
    if target is not None:
        milestones = [Milestone.model_validate(m) for m in target["milestones"]]
        due = milestone_due(milestones, Decimal(target["target"]), as_of.date())
        joined = TargetJoined(
            baseline=Decimal(target["baseline"]),
            target=Decimal(target["target"]),
            milestones=milestones,
            due=due,
            approval=target["status"],
            on_track_percent=Decimal(target["on_track_percent"]),
            at_risk_percent=Decimal(target["at_risk_percent"]),
        )
        progress = status_of(
            value,
            baseline=joined.baseline,
            expected=due,
            on_track_percent=joined.on_track_percent,
            at_risk_percent=joined.at_risk_percent,
        )
    return FrameworkIndicator(
        code=code,  # type: ignore[arg-type]
        service=indicator.service,
        unit=indicator.unit,
        name=indicator.name._asdict(),
        definition=indicator.definition._asdict(),
        how=indicator.how,
        status="available" if found is not None else "unavailable",
        value=value,
        breakdown=[] if found is None else found["breakdown"],
        as_of=None if found is None else found["as_of"],
        target=joined,
        progress=progress,
    )


class IndicatorMove(BaseModel):
    code: IndicatorCode
    issued: Decimal | None
    live: Decimal | None
    moved: Decimal | None = Field(description="live − issued; null when either is missing")
    live_status: Literal["available", "unavailable"]


class SnapshotCompared(BaseModel):
    """A quarterly report as issued beside the same figures computed live today, as of the
    report's own time: what later corrections moved."""

    snapshot: dict[str, Any]
    live: FrameworkRead
    moves: list[IndicatorMove]


def compare(snapshot: dict[str, Any], live: FrameworkRead) -> SnapshotCompared:
    issued = {i["code"]: i for i in snapshot["framework"].get("indicators", [])}
    moves = []
    for indicator in live.indicators:
        was = issued.get(indicator.code, {}).get("value")
        was_value = None if was is None else Decimal(was)
        now_value = indicator.value if indicator.status == "available" else None
        moves.append(
            IndicatorMove(
                code=indicator.code,
                issued=was_value,
                live=now_value,
                moved=None if was_value is None or now_value is None else now_value - was_value,
                live_status=indicator.status,
            )
        )
    return SnapshotCompared(snapshot=snapshot, live=live, moves=moves)
