"""The assessment's events on a real NATS server: a development plan becomes training needs,
a selection lets the company enrol; duplicates and out-of-order delivery change nothing."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from shared.events.assessment import CompanySelected
from shared.testing.events import publish
from tests.backbone.harness import eventually

if TYPE_CHECKING:
    from conftest import TrainingHarness


async def applied(service: TrainingHarness, count: int) -> None:
    """Wait until the consumer has taken ``count`` events (applied or found duplicate)."""

    async def consumed() -> bool:
        ops = await service.get("/ops/messaging")
        return ops["events_applied"] >= count

    await eventually(consumed)


class TestDevelopmentPlan:
    async def test_each_training_item_becomes_an_open_need_and_internships_are_kept(
        self, service: TrainingHarness
    ) -> None:
        company, cohort = uuid.uuid4(), uuid.uuid4()
        plan = service.plan_event(
            company, cohort, ["network_engineer", "business_english"], internships=1
        )
        await publish(service.nats_url, plan)
        await applied(service, 1)

        needs = (await service.get(f"/needs?company_id={company}"))["items"]
        training = [n for n in needs if n["kind"] == "training"]
        assert sorted(n["skills_area"] for n in training) == [
            "business_english",
            "network_engineer",
        ]
        assert {n["status"] for n in needs} == {"open"}
        assert {n["item_id"] for n in training} == {str(i.item_id) for i in plan.training}
        assert training[0]["estimated_cost"] == {"amount": "300.00", "currency": "USD"}
        assert training[0]["function"] == "Сетевые инженеры"
        (internship,) = [n for n in needs if n["kind"] == "internship"]
        assert (internship["staff_member"], internship["staff_member_id"]) == (
            None,
            str(plan.internships[0].staff_member_id),
        )

    async def test_a_plan_sent_before_v2_still_becomes_needs_with_the_name_it_carried(
        self, service: TrainingHarness
    ) -> None:
        """The assessment publishes ``development_plan.approved_v2`` (staff by id); a v1
        plan (staff by name) still in the stream is applied all the same."""
        company, cohort = uuid.uuid4(), uuid.uuid4()
        old = service.plan_event_v1(company, cohort)
        await publish(service.nats_url, old)
        await publish(service.nats_url, service.plan_event(company, cohort, [], internships=1))
        await applied(service, 2)
        needs = (await service.get(f"/needs?company_id={company}&kind=internship"))["items"]
        assert sorted(
            ((n["staff_member"] or ""), n["staff_member_id"] or "") for n in needs
        ) == sorted([("Айгерім Нұрланқызы", ""), ("", str(service.staff_member_id))])
        proposed = (await service.get(f"/internships?company_id={company}"))["items"]
        assert sorted((p["staff_member"] or "", p["staff_member_id"] or "") for p in proposed) == (
            sorted([("Айгерім Нұрланқызы", ""), ("", str(service.staff_member_id))])
        )

    async def test_a_duplicate_and_a_republished_plan_add_nothing(
        self, service: TrainingHarness
    ) -> None:
        company, cohort = uuid.uuid4(), uuid.uuid4()
        plan = service.plan_event(company, cohort, ["network_engineer"] * 3)
        envelope = await publish(service.nats_url, plan)
        await publish(service.nats_url, plan, envelope=envelope)  # the very same event again
        await publish(service.nats_url, plan)  # the same plan under a new event id
        # one stream, one consumer, in order: once a later event is in, those were handled
        later = uuid.uuid4()
        await publish(service.nats_url, service.plan_event(later, cohort, ["sales_marketing"]))
        await applied(service, 3)
        needs = (await service.get(f"/needs?company_id={company}"))["items"]
        assert len(needs) == 3
        assert len((await service.get(f"/needs?company_id={later}"))["items"]) == 1
        assert (await service.get("/ops/messaging"))["events_applied"] == 3  # one id twice


class TestSelection:
    async def test_a_plan_before_its_selection_still_leads_to_an_enrolment(
        self, service: TrainingHarness
    ) -> None:
        company, cohort = uuid.uuid4(), uuid.uuid4()
        await publish(service.nats_url, service.plan_event(company, cohort, ["network_engineer"]))
        await applied(service, 1)
        (need,) = (await service.get(f"/needs?company_id={company}"))["items"]
        course = await service.course()
        trainee = await service.trainee(company)
        body = {"need_id": need["id"], "trainee_id": trainee["id"], "course_id": course["id"]}
        headers = service.local(company)
        refused = await service.http.post("/enrolments", json=body, headers=headers)
        service.problem(refused, 409, "company_not_selected")

        selected = CompanySelected(company_id=company, cohort_id=cohort, cohort_name="Когорта 2027")
        envelope = await publish(service.nats_url, selected)
        await publish(service.nats_url, selected, envelope=envelope)
        await publish(service.nats_url, selected)  # the same decision, another event id
        await applied(service, 3)
        response = await service.http.post("/enrolments", json=body, headers=headers)
        assert response.status_code == 201, response.text

    async def test_a_selection_into_another_cohort_does_not_count(
        self, service: TrainingHarness
    ) -> None:
        company = uuid.uuid4()
        await publish(
            service.nats_url,
            CompanySelected(company_id=company, cohort_id=uuid.uuid4(), cohort_name="Когорта 2026"),
        )
        await publish(
            service.nats_url, service.plan_event(company, uuid.uuid4(), ["network_engineer"])
        )
        await applied(service, 2)
        (need,) = (await service.get(f"/needs?company_id={company}"))["items"]
        course = await service.course()
        trainee = await service.trainee(company)
        body = {"need_id": need["id"], "trainee_id": trainee["id"], "course_id": course["id"]}
        response = await service.http.post("/enrolments", json=body, headers=service.local(company))
        service.problem(response, 409, "company_not_selected")


class TestNeedLanguage:
    async def test_a_need_takes_the_language_its_plan_item_is_written_in(
        self, service: TrainingHarness
    ) -> None:
        """Kazakh letters: kk; other Cyrillic: ru; Latin letters only: unspecified. Demand
        against supply counts open needs per language."""
        company, cohort = uuid.uuid4(), uuid.uuid4()
        plan = service.plan_event(company, cohort, ["network_engineer"] * 3)
        items = [
            plan.training[0].model_copy(
                update={"function": "Желілік инженерлер", "recommendation": "Cisco CCNA курсы"}
            ),
            plan.training[1],  # "Сетевые инженеры", "Сертификация по направлению ..."
            plan.training[2].model_copy(
                update={"function": "Network engineers", "recommendation": "Cisco CCNA"}
            ),
        ]
        await service.apply(plan.model_copy(update={"training": items}))
        needs = (await service.get(f"/needs?company_id={company}"))["items"]
        assert {n["item_id"]: n["language"] for n in needs} == {
            str(items[0].item_id): "kk",
            str(items[1].item_id): "ru",
            str(items[2].item_id): None,
        }
        report = await service.get("/needs/demand")
        [network] = [a for a in report["areas"] if a["skills_area"] == "network_engineer"]
        assert network["open_needs_by_language"] == {"ru": 1, "kk": 1, "unspecified": 1}
