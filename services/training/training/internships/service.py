"""Internship rules: the handbook's durations, what an approval needs, and the events finance
commits and releases money on."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.events.training import CostItem, InternshipApproved, InternshipCancelled
from shared.i18n import message
from shared.messaging import outbox
from shared.money import Money
from shared.persistence import bump, one_or_404, where_given
from training.audit_trail import Trail
from training.certifications.service import add_months
from training.cohorts import service as cohorts
from training.companies import service as companies
from training.internships.models import Internship
from training.internships.schemas import (
    CostItemInput,
    InternshipCreate,
    InternshipStatus,
    InternshipStatusChange,
    InternshipUpdate,
)
from training.messages import MESSAGES
from training.needs.models import TrainingNeed
from training.statuses import STATUSES
from training.trainees.models import Trainee

RESOURCE = "internship"
SHORT_MIN_DAYS, SHORT_MAX_DAYS = 10, 28
LONG_MIN_MONTHS, LONG_MAX_MONTHS = 3, 6

NEXT: dict[str, set[str]] = {
    InternshipStatus.PROPOSED: {InternshipStatus.APPROVED, InternshipStatus.CANCELLED},
    InternshipStatus.APPROVED: {InternshipStatus.IN_PROGRESS, InternshipStatus.CANCELLED},
    InternshipStatus.IN_PROGRESS: {InternshipStatus.COMPLETED, InternshipStatus.CANCELLED},
    InternshipStatus.COMPLETED: set(),
    InternshipStatus.CANCELLED: set(),
}


def _costs(items: Sequence[CostItemInput]) -> list[dict[str, Any]]:
    return [
        {"item": i.item, "amount_minor": i.amount.minor, "currency": i.amount.currency}
        for i in items
    ]


def _snapshot(row: Internship) -> dict[str, Any]:
    """What the audit trail keeps: states, dates, host and costs (no staff names)."""
    return {
        "status": row.status,
        "trainee_id": row.trainee_id,
        "host_company_id": row.host_company_id,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "estimated_cost": row.estimated_cost,
    }


_audit: Trail[Internship] = Trail(RESOURCE, _snapshot)


def check_duration(kind: str, starts_on: date | None, ends_on: date | None) -> None:
    """Short: 10 days to 4 weeks (a study trip); long: 3 to 6 months (a team placement)."""
    if starts_on is None or ends_on is None:
        return
    if kind == "short":
        days = (ends_on - starts_on).days + 1
        if not SHORT_MIN_DAYS <= days <= SHORT_MAX_DAYS:
            raise Conflict(
                f"A short internship lasts 10 days to 4 weeks; this one lasts {days} days.",
                rule="short_internship_duration",
                params={"days": days},
            )
        return
    earliest = add_months(starts_on, LONG_MIN_MONTHS) - timedelta(days=1)
    latest = add_months(starts_on, LONG_MAX_MONTHS) - timedelta(days=1)
    if not earliest <= ends_on <= latest:
        raise Conflict(
            f"A long internship lasts 3 to 6 months: from {starts_on} it ends between "
            f"{earliest} and {latest}.",
            rule="long_internship_duration",
            params={"earliest": earliest, "latest": latest},
        )


async def _trainee_of(
    session: AsyncSession, trainee_id: uuid.UUID | None, company_id: uuid.UUID
) -> None:
    if trainee_id is None:
        return
    trainee = await session.get(Trainee, trainee_id)
    if trainee is None or trainee.company_id != company_id:
        raise InvalidInput("trainee_id", message(MESSAGES["no_such_trainee_of_company"]))


async def propose(
    *, session: AsyncSession, data: InternshipCreate, principal: Principal, now: datetime
) -> Internship:
    """A proposed internship, by the programme manager."""
    await _trainee_of(session, data.trainee_id, data.company_id)
    check_duration(data.kind, data.starts_on, data.ends_on)
    row = Internship(
        company_id=data.company_id,
        cohort_id=data.cohort_id,
        trainee_id=data.trainee_id,
        kind=data.kind,
        host_company_id=data.host_company_id,
        host_name=data.host_name,
        purpose=data.purpose,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        estimated_cost=_costs(data.estimated_cost),
        status=InternshipStatus.PROPOSED,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(row)
    await session.flush()
    await _audit(session, principal, row, "proposed", None, now)
    return row


async def propose_from_needs(
    *, session: AsyncSession, needs: Sequence[TrainingNeed], now: datetime
) -> int:
    """A proposed internship per internship need of a plan not proposed yet."""
    wanted = [n for n in needs if n.kind == "internship"]
    if not wanted:
        return 0
    known = set(
        (
            await session.scalars(
                sa.select(Internship.need_id).where(
                    col(Internship.need_id).in_([n.id for n in wanted])
                )
            )
        ).all()
    )
    rows = [
        Internship(
            company_id=n.company_id,
            cohort_id=n.cohort_id,
            need_id=n.id,
            staff_member=n.staff_member,
            staff_member_id=n.staff_member_id,
            kind=n.internship_kind or "short",
            host_company_id=n.host_company_id,
            purpose=n.recommendation,
            estimated_cost=(
                [
                    {
                        "item": "other",
                        "amount_minor": n.estimated_cost_minor,
                        "currency": n.estimated_cost_currency,
                    }
                ]
                if n.estimated_cost_minor is not None
                else []
            ),
            status=InternshipStatus.PROPOSED,
            created_at=now,
            updated_at=now,
            version=1,
        )
        for n in wanted
        if n.id not in known
    ]
    session.add_all(rows)
    await session.flush()
    for row in rows:
        await _audit(session, None, row, "proposed", None, now)
    return len(rows)


async def get(*, session: AsyncSession, internship_id: uuid.UUID, lock: bool = False) -> Internship:
    """The internship, or 404; ``lock`` before changing it."""
    return await one_or_404(
        session,
        sa.select(Internship).where(Internship.id == internship_id),
        what="internship",
        lock=lock,
    )


def listing(
    *,
    company_id: uuid.UUID | None,
    host_company_id: uuid.UUID | None,
    cohort_id: uuid.UUID | None,
    status: InternshipStatus | None,
    kind: str | None,
) -> sa.Select[tuple[Internship]]:
    """Internships, filtered (a statement, for paging)."""
    return where_given(
        sa.select(Internship),
        (Internship.company_id, company_id),
        (Internship.host_company_id, host_company_id),
        (Internship.cohort_id, cohort_id),
        (Internship.status, status),
        (Internship.kind, kind),
    )


async def update(
    *,
    session: AsyncSession,
    internship: Internship,
    data: InternshipUpdate,
    principal: Principal,
    now: datetime,
) -> Internship:
    """Fill in a locked, proposed internship's details."""
    if internship.status != InternshipStatus.PROPOSED:
        raise Conflict(
            f"The internship is {internship.status}; its details are fixed once approved.",
            rule="internship_not_proposed",
            params={"status": STATUSES.text("internship", internship.status)},
        )
    before = _snapshot(internship)
    changes = data.model_dump(exclude_unset=True, exclude={"estimated_cost"})
    if "trainee_id" in changes:
        await _trainee_of(session, data.trainee_id, internship.company_id)
    starts_on = changes.get("starts_on", internship.starts_on)
    ends_on = changes.get("ends_on", internship.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput("ends_on", message(MESSAGES["ends_not_before"], starts_on=starts_on))
    check_duration(internship.kind, starts_on, ends_on)
    for field, value in changes.items():
        setattr(internship, field, value)
    if data.estimated_cost is not None:
        internship.estimated_cost = _costs(data.estimated_cost)
    bump(internship, now)
    await _audit(session, principal, internship, "updated", before, now)
    return internship


async def change_status(
    *,
    session: AsyncSession,
    internship: Internship,
    data: InternshipStatusChange,
    principal: Principal,
    now: datetime,
) -> Internship:
    """Move a locked internship one step; an approval or a cancellation tells finance."""
    current, target = InternshipStatus(internship.status), InternshipStatus(data.status)
    if target not in NEXT[current]:
        raise Conflict(
            f"A {current} internship cannot become {target}.",
            rule="illegal_status_transition",
            params={
                "current": STATUSES.text("internship", current),
                "target": STATUSES.text("internship", target),
            },
            current_status=current,
        )
    before = _snapshot(internship)
    if target == InternshipStatus.APPROVED:
        await _ready_for_approval(session, internship)
        internship.approved_at = now
        internship.decided_by = principal.subject
    if target == InternshipStatus.COMPLETED:
        if data.report is None:
            raise InvalidInput("report", message(MESSAGES["completion_needs_report"]))
        internship.report = data.report.model_dump()
    if target == InternshipStatus.CANCELLED:
        internship.cancelled_at = now
        internship.cancellation_reason = data.reason
    was_committed = current in (InternshipStatus.APPROVED, InternshipStatus.IN_PROGRESS)
    internship.status = target
    bump(internship, now)
    if target == InternshipStatus.APPROVED:
        await outbox.add(session, _approved_event(internship, now))
    if target == InternshipStatus.CANCELLED and was_committed:
        await outbox.add(
            session,
            InternshipCancelled(
                internship_id=internship.id,
                company_id=internship.company_id,
                cohort_id=internship.cohort_id,
                cancelled_at=now,
            ),
        )
    await _audit(session, principal, internship, target.value, before, now)
    return internship


async def _ready_for_approval(session: AsyncSession, internship: Internship) -> None:
    missing = [
        name
        for name, value in (
            ("trainee_id", internship.trainee_id),
            ("starts_on", internship.starts_on),
            ("ends_on", internship.ends_on),
            ("estimated_cost", internship.estimated_cost),
        )
        if not value
    ]
    if internship.kind == "long" and internship.host_company_id is None:
        missing.append("host_company_id")
    if missing:
        raise Conflict(
            f"Fill in {', '.join(missing)} before approving.",
            rule="internship_incomplete",
            missing=missing,
        )
    check_duration(internship.kind, internship.starts_on, internship.ends_on)
    if internship.host_company_id is not None and not await companies.is_international(
        session=session, company_id=internship.host_company_id
    ):
        raise Conflict(
            "The host is not an international company in the registry.",
            rule="host_not_international",
        )
    if not await cohorts.is_member(
        session=session, company_id=internship.company_id, cohort_id=internship.cohort_id
    ):
        raise Conflict(
            "The company has not been selected into the internship's cohort.",
            rule="company_not_selected",
        )


def _approved_event(internship: Internship, now: datetime) -> InternshipApproved:
    assert internship.trainee_id and internship.starts_on and internship.ends_on
    return InternshipApproved(
        internship_id=internship.id,
        company_id=internship.company_id,
        cohort_id=internship.cohort_id,
        trainee_id=internship.trainee_id,
        kind=internship.kind,  # type: ignore[arg-type]
        host_company_id=internship.host_company_id,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        estimated_cost=[
            CostItem(item=i["item"], amount=Money.from_minor(i["amount_minor"], i["currency"]))
            for i in internship.estimated_cost
        ],
        approved_at=now,
    )
