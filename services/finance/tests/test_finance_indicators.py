"""GET /indicators: committed and paid per module beside the approved budget's band, and the
co-financing leverage, as of now and as of a past time."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from finance.actuals.models import Actual
from finance.budgets.models import Budget
from finance.commitments.models import Commitment, CommitmentLine

from shared.db import session_scope
from shared.events.assessment import AssessmentScheduled
from shared.money import Money


def at(month: int, day: int = 1) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC)


def by_code(body: dict[str, Any]) -> dict[str, Any]:
    return {i["code"]: i for i in body["indicators"]}


def line(module: str, unit: str, low: int, high: int) -> dict[str, Any]:
    return {
        "module": module,
        "description": f"{module} line",
        "unit_cost": {"amount": unit, "currency": "USD"},
        "low_quantity": str(low),
        "high_quantity": str(high),
        "rule": module,
    }


async def assessed(service: Any, cohort: uuid.UUID, cost: str) -> uuid.UUID:
    event = AssessmentScheduled(
        assessment_id=uuid.uuid4(),
        company_id=uuid.uuid4(),
        cohort_id=cohort,
        starts_on=date(2027, 4, 5),
        ends_on=date(2027, 4, 9),
        expected_cost=Money.of(cost, "USD"),
        assessors=2,
    )
    await service.publish(event)
    return event.assessment_id


class TestFinanceIndicators:
    async def test_committed_paid_and_leverage_as_of_a_time(self, service: Any) -> None:
        cohort = uuid.uuid4()
        budget = await service.post(
            "/budgets",
            {
                "programme_year": 2026,
                "cohort_id": str(cohort),
                "currency": "USD",
                "title": "Cohort budget",
                "lines": [line("assessment", "1000.00", 2, 3)],
            },
        )
        budget = await service.send(
            "PUT", f"/budgets/{budget['id']}/status", {"status": "submitted"}, budget
        )
        await service.send(
            "PUT",
            f"/budgets/{budget['id']}/status",
            {"status": "approved"},
            budget,
            service.ministry,
        )
        first = await assessed(service, cohort, "1100.00")
        second = await assessed(service, cohort, "1000.00")
        await assessed(service, uuid.uuid4(), "9999.00")  # another cohort's
        await service.consumed(3)
        async for session in session_scope(service.app.state.runtime.sessions):
            await session.execute(sa.update(Budget).values(approved_at=at(2)))
            await session.execute(
                sa.update(Commitment)
                .where(Commitment.source_id == first)
                .values(committed_at=at(3))
            )
            await session.execute(
                sa.update(Commitment)
                .where(Commitment.source_id == second)
                .values(committed_at=at(5))
            )
            programme_line = (
                await session.execute(
                    sa.select(CommitmentLine.id, CommitmentLine.commitment_id)
                    .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
                    .where(Commitment.source_id == first, CommitmentLine.party == "programme")
                )
            ).one()
            session.add(
                Actual(
                    commitment_id=programme_line.commitment_id,
                    line_id=programme_line.id,
                    kind="payment",
                    amount_minor=50_000,
                    currency="USD",
                    occurred_on=date(2026, 4, 1),
                    recorded_by="pm-1",
                    created_at=at(4),
                )
            )

        now = by_code(await service.get(f"/indicators?cohort_id={cohort}", service.ministry))
        committed = now["budget_committed"]
        assert committed["value"] == "2100.00"
        row = next(r for r in committed["breakdown"] if r["dimensions"]["module"] == "assessment")
        assert (row["value"], row["low"], row["high"]) == ("2100.00", "2000.00", "3000.00")
        assert row["dimensions"]["currency"] == "USD"
        assert now["budget_paid"]["value"] == "500.00"
        # the assessment rule: the programme pays 90 %, the local company 10 %
        assert now["co_financing_leverage"]["value"] == "10.00"

        april = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-04-15T00:00:00Z", service.ministry
            )
        )
        assert april["budget_committed"]["value"] == "1100.00"
        assert april["budget_paid"]["value"] == "500.00"
        march = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-03-15T00:00:00Z", service.ministry
            )
        )
        assert march["budget_paid"]["value"] == "0.00"
        january = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-01-15T00:00:00Z", service.ministry
            )
        )
        # before the budget's approval and any commitment: nothing, and no band
        assert january["budget_committed"]["value"] is None
        assert january["budget_committed"]["breakdown"] == []
        assert january["co_financing_leverage"]["value"] is None
        assert Decimal(now["co_financing_leverage"]["breakdown"][0]["value"]) == Decimal(10)

    async def test_a_company_may_not_read_them(self, service: Any) -> None:
        response = await service.http.get(
            f"/indicators?cohort_id={uuid.uuid4()}", headers=service.company(uuid.uuid4())
        )
        assert response.status_code == 403
