"""Expiry: verified certifications expiring within N days, and the reminder job that emits
``certification.expiring`` once per certification and threshold (90, then 30 days), when
run twice and when two runs race (two replicas), on both engines."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from training.certifications.reminders import run_once

from shared.events.training import CertificationExpiring

if TYPE_CHECKING:
    from conftest import TrainingHarness


async def verified(service: TrainingHarness, expires_in_days: int) -> dict[str, Any]:
    """A verified certification that expires ``expires_in_days`` from today."""
    company = uuid.uuid4()
    course = await service.course()
    trainee = await service.trainee(company)
    today = date.today()
    row = await service.create(
        "/certifications",
        {
            "trainee_id": trainee["id"],
            "course_id": course["id"],
            "certificate_number": f"N-{uuid.uuid4().hex[:6]}",
            "obtained_on": (today - timedelta(days=700)).isoformat(),
            "expires_on": (today + timedelta(days=expires_in_days)).isoformat(),
            "credential_url": "https://www.credly.com/badges/abc",
        },
        service.local(company),
    )
    return await service.send(
        "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, row
    )


async def reminders(service: TrainingHarness, count: int) -> list[CertificationExpiring]:
    envelopes = await service.events(count)
    return [
        CertificationExpiring.model_validate(e.data)
        for e in envelopes
        if e.type == CertificationExpiring.event_type
    ]


class TestExpiring:
    async def test_lists_verified_certifications_expiring_within_n_days(
        self, service: TrainingHarness
    ) -> None:
        soon, later = await verified(service, 20), await verified(service, 200)
        within_30 = await service.get("/certifications/expiring?within_days=30")
        assert [c["id"] for c in within_30["items"]] == [soon["id"]]
        within_365 = await service.get("/certifications/expiring?within_days=365")
        assert {c["id"] for c in within_365["items"]} == {soon["id"], later["id"]}


class TestReminderJob:
    async def test_ninety_then_thirty_days_each_once_however_often_it_runs(
        self, service: TrainingHarness
    ) -> None:
        row = await verified(service, 80)
        sessions = service.app.state.runtime.sessions
        first = await service.http.post("/certifications/reminders", headers=service.pm)
        assert first.json() == {"sent": 1}
        again = await service.http.post("/certifications/reminders", headers=service.pm)
        assert again.json() == {"sent": 0}
        in_55_days = date.today() + timedelta(days=55)  # 25 days left
        assert await run_once(sessions, in_55_days) == 1
        assert await run_once(sessions, in_55_days) == 0
        assert await run_once(sessions, in_55_days + timedelta(days=1)) == 0

        sent = await reminders(service, 3)  # the verification and two reminders
        assert [(str(r.certification_id), r.threshold_days) for r in sent] == [
            (row["id"], 90),
            (row["id"], 30),
        ]

    async def test_first_seen_inside_thirty_days_it_gets_the_thirty_day_reminder_only(
        self, service: TrainingHarness
    ) -> None:
        row = await verified(service, 12)
        assert await run_once(service.app.state.runtime.sessions) == 1
        sent = await reminders(service, 2)
        assert [(str(r.certification_id), r.threshold_days) for r in sent] == [(row["id"], 30)]

    async def test_two_replicas_racing_send_each_reminder_once(
        self, service: TrainingHarness
    ) -> None:
        rows = [await verified(service, days) for days in (85, 60, 15)]
        sessions = service.app.state.runtime.sessions
        results = await asyncio.gather(*(run_once(sessions) for _ in range(2)))
        assert sorted(results) == [0, 3]
        assert await run_once(sessions) == 0
        sent = await reminders(service, 6)  # 3 verifications, 3 reminders
        assert sorted((str(r.certification_id), r.threshold_days) for r in sent) == sorted(
            [(rows[0]["id"], 90), (rows[1]["id"], 90), (rows[2]["id"], 30)]
        )

    async def test_a_revoked_certification_gets_no_reminder(self, service: TrainingHarness) -> None:
        row = await verified(service, 40)
        await service.send(
            "PUT", f"/certifications/{row['id']}/revocation", {"reason": "Подделка"}, row
        )
        assert await run_once(service.app.state.runtime.sessions) == 0

    async def test_only_the_programme_manager_runs_it_by_hand(
        self, service: TrainingHarness
    ) -> None:
        response = await service.http.post(
            "/certifications/reminders", headers=service.local(uuid.uuid4())
        )
        service.problem(response, 403)


class TestRenewal:
    async def test_a_verified_renewal_ends_the_old_ones_reminders(
        self, service: TrainingHarness
    ) -> None:
        old = await verified(service, 60)
        company = uuid.UUID(old["company_id"])
        renewal = await service.create(
            "/certifications",
            {
                "trainee_id": old["trainee_id"],
                "course_id": old["course_id"],
                "renews_id": old["id"],
                "certificate_number": "N-RENEWED",
                "obtained_on": date.today().isoformat(),
                "credential_url": "https://www.credly.com/badges/renewed",
            },
            service.local(company),
        )
        assert renewal["renews_id"] == old["id"]
        sessions = service.app.state.runtime.sessions
        assert await run_once(sessions) == 1  # the renewal is not verified yet
        await service.send(
            "PUT", f"/certifications/{renewal['id']}/review", {"decision": "verified"}, renewal
        )
        assert await run_once(sessions, date.today() + timedelta(days=40)) == 0

    async def test_only_the_same_trainees_verified_certificate_is_renewed(
        self, service: TrainingHarness
    ) -> None:
        old = await verified(service, 60)
        other_course = await service.course(
            certification={"name": "CompTIA Network+", "code": "N10-009"}
        )
        company = uuid.UUID(old["company_id"])
        stranger = await service.trainee(company, name="Другой")
        for change in (
            {"trainee_id": stranger["id"]},
            {"course_id": other_course["id"]},
            {"renews_id": str(uuid.uuid4())},
        ):
            body = {
                "trainee_id": old["trainee_id"],
                "course_id": old["course_id"],
                "renews_id": old["id"],
                "certificate_number": "N-2",
                "obtained_on": date.today().isoformat(),
                **change,
            }
            response = await service.http.post(
                "/certifications", json=body, headers=service.local(company)
            )
            assert service.problem(response, 422)["errors"][0]["field"] == "renews_id"
