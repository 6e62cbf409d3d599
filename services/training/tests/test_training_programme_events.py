"""Programme events: scheduled by the programme manager with a cost estimate and sponsors,
rescheduled and cancelled; finance hears of each; sponsors and invited companies see theirs."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.auth import Role
from shared.events.training import ProgrammeEventCancelled, ProgrammeEventScheduled

if TYPE_CHECKING:
    from conftest import TrainingHarness


def graduation(**overrides: Any) -> dict[str, Any]:
    return {
        "cohort_id": str(uuid.uuid4()),
        "kind": "graduation",
        "title": "Выпускной вечер когорты 2027",
        "held_on": "2027-12-10",
        "place": "Астана, Дворец Независимости",
        "estimated_cost": {"amount": "25000.00", "currency": "USD"},
        **overrides,
    }


class TestSchedule:
    async def test_scheduling_rescheduling_and_cancelling_each_tell_finance(
        self, service: TrainingHarness
    ) -> None:
        sponsors = [uuid.uuid4(), uuid.uuid4()]
        row = await service.create(
            "/programme-events", graduation(sponsor_company_ids=[str(s) for s in sponsors])
        )
        assert row["status"] == "scheduled"
        path = f"/programme-events/{row['id']}"
        # a change of place only is not finance's business; a new date is
        row = await service.send("PATCH", path, {"place": "Астана, EXPO"}, row)
        row = await service.send("PATCH", path, {"held_on": "2027-12-17"}, row)
        row = await service.send("PUT", f"{path}/cancellation", {"reason": "Перенос на 2028"}, row)
        assert row["status"] == "cancelled"
        response = await service.http.patch(
            path, json={"place": "x"}, headers={**service.pm, "If-Match": f'"{row["version"]}"'}
        )
        service.problem(response, 409, "programme_event_cancelled")

        events = await service.events(3)
        assert [e.type for e in events] == [
            ProgrammeEventScheduled.event_type,
            ProgrammeEventScheduled.event_type,
            ProgrammeEventCancelled.event_type,
        ]
        first, second = (ProgrammeEventScheduled.model_validate(e.data) for e in events[:2])
        assert first.sponsor_company_ids == sponsors
        assert first.estimated_cost.amount == Decimal("25000.00")
        assert (str(first.held_on), str(second.held_on)) == ("2027-12-10", "2027-12-17")
        assert {e.subject for e in events} == {row["id"]}
        history = await service.get(f"{path}/history")
        assert [e["action"] for e in history["items"]] == [
            "scheduled",
            "updated",
            "updated",
            "cancelled",
        ]

    async def test_only_the_programme_manager_organises(self, service: TrainingHarness) -> None:
        response = await service.http.post(
            "/programme-events", json=graduation(), headers=service.ministry
        )
        service.problem(response, 403)


class TestVisibility:
    async def test_sponsors_and_invited_companies_see_theirs_others_do_not(
        self, service: TrainingHarness
    ) -> None:
        sponsor, invited = uuid.uuid4(), uuid.uuid4()
        row = await service.create(
            "/programme-events",
            graduation(sponsor_company_ids=[str(sponsor)], invited_company_ids=[str(invited)]),
        )
        await service.create("/programme-events", graduation(kind="networking"))
        for headers in (service.as_(Role.INTERNATIONAL_COMPANY, sponsor), service.local(invited)):
            listed = await service.get("/programme-events", headers)
            assert [r["id"] for r in listed["items"]] == [row["id"]]
            assert (await service.get(f"/programme-events/{row['id']}", headers))["id"] == row["id"]
        for stranger in (
            service.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
            service.local(sponsor),  # a sponsor's id as a local company: not invited
        ):
            assert (await service.get("/programme-events", stranger))["items"] == []
            service.problem(
                await service.http.get(f"/programme-events/{row['id']}", headers=stranger), 404
            )
        assert len((await service.get("/programme-events", service.ministry))["items"]) == 2
