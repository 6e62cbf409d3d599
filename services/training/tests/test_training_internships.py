"""Internships: proposed from a development plan or by the PM, the handbook's durations,
approval (finance commits, cost broken into items) and cancellation (finance releases),
completion with a report; the interning company and the host see theirs, no one else."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from shared.auth import Role
from shared.events.registry import CompanyFacts, CompanyRegistered, CompanyUpdated
from shared.events.training import InternshipApproved, InternshipCancelled
from shared.testing.events import publish
from tests.backbone.harness import eventually

if TYPE_CHECKING:
    from conftest import TrainingHarness

COSTS = [
    {"item": "travel", "amount": {"amount": "1450.00", "currency": "USD"}},
    {"item": "stay", "amount": {"amount": "2100.50", "currency": "USD"}},
]


@pytest.fixture
async def proposed(service: TrainingHarness) -> dict[str, Any]:
    """A selected company's short internship as its approved plan proposed it."""
    company, cohort = uuid.uuid4(), uuid.uuid4()
    await service.select(company, cohort)
    await service.apply(service.plan_event(company, cohort, [], internships=1))
    (row,) = (await service.get(f"/internships?company_id={company}"))["items"]
    return {"company": company, "cohort": cohort, "row": row}


async def filled(
    service: TrainingHarness, proposed: dict[str, Any], **details: Any
) -> dict[str, Any]:
    trainee = await service.trainee(proposed["company"], function="Генеральный директор")
    body = {
        "trainee_id": trainee["id"],
        "starts_on": "2027-04-05",
        "ends_on": "2027-04-18",
        "estimated_cost": COSTS,
        **details,
    }
    row = proposed["row"]
    return await service.send(
        "PATCH", f"/internships/{row['id']}", body, row, service.local(proposed["company"])
    )


async def move(service: TrainingHarness, row: dict[str, Any], status: str, **extra: Any) -> Any:
    return await service.http.put(
        f"/internships/{row['id']}/status",
        json={"status": status, **extra},
        headers={**service.pm, "If-Match": f'"{row["version"]}"'},
    )


class TestFromThePlan:
    async def test_an_internship_item_becomes_a_proposed_internship_once(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        row = proposed["row"]
        assert (row["status"], row["kind"]) == ("proposed", "short")
        assert (row["staff_member"], row["staff_member_id"]) == (None, str(service.staff_member_id))
        assert row["need_id"] is not None
        need = await service.get(f"/needs/{row['need_id']}")
        assert need["kind"] == "internship"
        history = await service.get(f"/internships/{row['id']}/history")
        assert [(e["action"], e["actor"]) for e in history["items"]] == [("proposed", "system")]


class TestFlow:
    async def test_approval_tells_finance_the_cost_in_items_then_completion_with_a_report(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        row = await filled(service, proposed)
        response = await move(service, row, "approved")
        assert response.status_code == 200, response.text
        approved = response.json()
        assert approved["decided_by"] == "pm-1"
        started = (await move(service, approved, "in_progress")).json()
        service.problem(await move(service, started, "completed"), 422)  # no report
        report = {"learned": "Процессы ITIL у партнёра", "written_by": "Айгерім Нұрланқызы"}
        done = (await move(service, started, "completed", report=report)).json()
        assert (done["status"], done["report"]) == ("completed", report)

        (envelope,) = await service.events(1, InternshipApproved.event_type)
        event = InternshipApproved.model_validate(envelope.data)
        assert (event.internship_id, event.company_id) == (
            uuid.UUID(row["id"]),
            proposed["company"],
        )
        assert event.cohort_id == proposed["cohort"]
        assert event.kind == "short" and str(event.starts_on) == "2027-04-05"
        assert [(c.item, c.amount.amount) for c in event.estimated_cost] == [
            ("travel", Decimal("1450.00")),
            ("stay", Decimal("2100.50")),
        ]
        assert "Айгерім" not in envelope.model_dump_json()

    async def test_cancelling_an_approved_one_releases_it_a_proposed_one_tells_no_one(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        row = await filled(service, proposed)
        approved = (await move(service, row, "approved")).json()
        cancelled = (await move(service, approved, "cancelled", reason="Визу не дали")).json()
        assert (cancelled["status"], cancelled["cancellation_reason"]) == (
            "cancelled",
            "Визу не дали",
        )
        service.problem(
            await move(service, cancelled, "approved"), 409, "illegal_status_transition"
        )

        other = await service.create(
            "/internships",
            {
                "company_id": str(proposed["company"]),
                "cohort_id": str(proposed["cohort"]),
                "kind": "short",
                "purpose": "Study trip",
            },
        )
        assert (await move(service, other, "cancelled")).status_code == 200
        events = await service.events(2)
        assert [e.type for e in events] == [
            InternshipApproved.event_type,
            InternshipCancelled.event_type,
        ]
        assert events[1].subject == row["id"]

    async def test_an_approval_needs_who_when_and_what_it_costs(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        body = service.problem(await move(service, proposed["row"], "approved"), 409)
        assert body["rule"] == "internship_incomplete"
        assert body["missing"] == ["trainee_id", "starts_on", "ends_on", "estimated_cost"]

    async def test_a_company_not_in_the_cohort_gets_no_approval(
        self, service: TrainingHarness
    ) -> None:
        company = uuid.uuid4()
        trainee = await service.trainee(company)
        row = await service.create(
            "/internships",
            {
                "company_id": str(company),
                "cohort_id": str(uuid.uuid4()),
                "trainee_id": trainee["id"],
                "kind": "short",
                "purpose": "Study trip",
                "starts_on": "2027-05-01",
                "ends_on": "2027-05-14",
                "estimated_cost": COSTS,
            },
        )
        service.problem(await move(service, row, "approved"), 409, "company_not_selected")


class TestDurations:
    @pytest.mark.parametrize(
        ("kind", "starts", "ends", "rule"),
        [
            ("short", "2027-04-01", "2027-04-09", "short_internship_duration"),  # 9 days
            ("short", "2027-04-01", "2027-04-29", "short_internship_duration"),  # 29 days
            ("long", "2027-04-01", "2027-06-29", "long_internship_duration"),  # < 3 months
            ("long", "2027-04-01", "2027-10-01", "long_internship_duration"),  # > 6 months
        ],
    )
    async def test_durations_outside_the_handbooks_ranges_are_refused(
        self, service: TrainingHarness, kind: str, starts: str, ends: str, rule: str
    ) -> None:
        body = {
            "company_id": str(uuid.uuid4()),
            "cohort_id": str(uuid.uuid4()),
            "kind": kind,
            "purpose": "Placement",
            "host_company_id": str(uuid.uuid4()),
            "starts_on": starts,
            "ends_on": ends,
        }
        response = await service.http.post("/internships", json=body, headers=service.pm)
        service.problem(response, 409, rule)

    @pytest.mark.parametrize(
        ("kind", "starts", "ends"),
        [
            ("short", "2027-04-01", "2027-04-10"),  # 10 days
            ("short", "2027-04-01", "2027-04-28"),  # 4 weeks
            ("long", "2027-04-01", "2027-06-30"),  # 3 months
            ("long", "2027-04-01", "2027-09-30"),  # 6 months
        ],
    )
    async def test_the_edges_of_the_ranges_are_accepted(
        self, service: TrainingHarness, kind: str, starts: str, ends: str
    ) -> None:
        body = {
            "company_id": str(uuid.uuid4()),
            "cohort_id": str(uuid.uuid4()),
            "kind": kind,
            "purpose": "Placement",
            "starts_on": starts,
            "ends_on": ends,
        }
        response = await service.http.post("/internships", json=body, headers=service.pm)
        assert response.status_code == 201, response.text

    async def test_a_long_internship_needs_its_host(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        trainee = await service.trainee(proposed["company"])
        row = await service.create(
            "/internships",
            {
                "company_id": str(proposed["company"]),
                "cohort_id": str(proposed["cohort"]),
                "trainee_id": trainee["id"],
                "kind": "long",
                "purpose": "Six months in a platform team",
                "starts_on": "2027-04-01",
                "ends_on": "2027-08-31",
                "estimated_cost": COSTS,
            },
        )
        body = service.problem(await move(service, row, "approved"), 409, "internship_incomplete")
        assert body["missing"] == ["host_company_id"]


class TestAccess:
    async def test_the_company_and_the_host_see_it_others_do_not(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        host = uuid.uuid4()
        row = await filled(service, proposed, host_company_id=str(host))
        host_headers = service.as_(Role.INTERNATIONAL_COMPANY, host)
        assert (await service.get(f"/internships/{row['id']}", host_headers))["id"] == row["id"]
        hosted = await service.get("/internships", host_headers)
        assert [r["id"] for r in hosted["items"]] == [row["id"]]

        for stranger in (
            service.local(uuid.uuid4()),
            service.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
        ):
            service.problem(
                await service.http.get(f"/internships/{row['id']}", headers=stranger), 404
            )
            assert (await service.get("/internships", stranger))["items"] == []
        # the host reads, it does not change it
        response = await service.http.patch(
            f"/internships/{row['id']}",
            json={"purpose": "x"},
            headers={**host_headers, "If-Match": f'"{row["version"]}"'},
        )
        service.problem(response, 403)
        # nor does the company approve its own
        response = await service.http.put(
            f"/internships/{row['id']}/status",
            json={"status": "approved"},
            headers={**service.local(proposed["company"]), "If-Match": f'"{row["version"]}"'},
        )
        service.problem(response, 403)


class TestHost:
    async def test_a_host_must_be_an_international_company_the_registry_told_us_of(
        self, service: TrainingHarness, proposed: Any
    ) -> None:
        host = uuid.uuid4()
        row = await filled(service, proposed, host_company_id=str(host))
        service.problem(await move(service, row, "approved"), 409, "host_not_international")

        facts = CompanyFacts(
            company_id=host,
            version=2,
            kind="international",
            display_name="Partner GmbH",
            in_scope=True,
            status="active",
            publication="published",
        )
        await publish(service.nats_url, CompanyUpdated(company_id=host, company=facts))
        older = facts.model_copy(update={"version": 1, "kind": "local"})
        await publish(service.nats_url, CompanyRegistered(company_id=host, company=older))

        async def both_applied() -> bool:
            return (await service.get("/ops/messaging"))["events_applied"] >= 2

        await eventually(both_applied)
        # the older event, arriving late, did not turn the host into a local company
        approved = await move(service, row, "approved")
        assert approved.status_code == 200, approved.text
