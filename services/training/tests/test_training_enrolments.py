"""Enrolments: a selected company's trainee against an open need, in an approved course of
the need's skills area; the flow enrolled -> completed / withdrawn; the events finance
commits money on; plan implementation; the audit trail."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.events.registry import CompanyFacts, CompanyRegistered
from shared.events.training import EnrolmentCompleted, EnrolmentCreated, EnrolmentWithdrawn

if TYPE_CHECKING:
    from conftest import TrainingHarness


async def enrol(
    service: TrainingHarness, need: dict[str, Any], trainee: dict[str, Any], **target: Any
) -> Any:
    """POST an enrolment as the need's company; returns the raw response."""
    body = {"need_id": need["id"], "trainee_id": trainee["id"], **target}
    return await service.http.post(
        "/enrolments", json=body, headers=service.local(uuid.UUID(need["company_id"]))
    )


class TestEnrolment:
    async def test_a_selected_company_enrols_and_finance_is_told_what_to_commit(
        self, service: TrainingHarness
    ) -> None:
        company, cohort, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course(list_price={"amount": "1250.50", "currency": "USD"})
        run = await service.session_of(course, seat_limit=3)
        trainee = await service.trainee(company)

        response = await enrol(service, need, trainee, session_id=run["id"])
        assert response.status_code == 201, response.text
        enrolment = response.json()
        assert response.headers["Location"] == f"/enrolments/{enrolment['id']}"
        assert (enrolment["status"], enrolment["warnings"]) == ("enrolled", [])
        assert enrolment["course_id"] == course["id"]  # taken from the session
        assert enrolment["cohort_id"] == str(cohort)
        assert (await service.get(f"/needs/{need['id']}"))["status"] == "enrolled"
        assert (await service.get(f"/sessions/{run['id']}"))["seats_left"] == 2

        (envelope,) = await service.events(1, EnrolmentCreated.event_type)
        event = EnrolmentCreated.model_validate(envelope.data)
        assert event.enrolment_id == uuid.UUID(enrolment["id"])
        assert (event.company_id, event.cohort_id) == (company, cohort)
        assert event.need_id == uuid.UUID(need["id"])
        assert event.session_id == uuid.UUID(run["id"])
        assert event.module == "technical_training"
        assert (event.list_price.amount, event.list_price.currency) == (Decimal("1250.50"), "USD")
        assert event.vendor_discount_percent == Decimal("75")
        # ids and amounts only: nothing personal crosses to finance
        text = envelope.model_dump_json()
        assert trainee["name"] not in text and trainee["email"] not in text

    async def test_completion_and_withdrawal_each_tell_finance(
        self, service: TrainingHarness
    ) -> None:
        company, _, needs = await service.selected_company_with_needs(
            ["network_engineer", "network_engineer"]
        )
        course = await service.course()
        first, second = await service.trainee(company), await service.trainee(company)
        passed = (await enrol(service, needs[0], first, course_id=course["id"])).json()
        gone = (await enrol(service, needs[1], second, course_id=course["id"])).json()

        passed = await service.send(
            "PUT", f"/enrolments/{passed['id']}/completion", {"passed": True}, passed
        )
        assert (passed["status"], passed["passed"]) == ("completed", True)
        gone = await service.send(
            "PUT",
            f"/enrolments/{gone['id']}/withdrawal",
            {"reason": "Сотрудник уволился"},
            gone,
            service.local(company),
        )
        assert gone["status"] == "withdrawn"
        assert (await service.get(f"/needs/{needs[0]['id']}"))["status"] == "fulfilled"
        assert (await service.get(f"/needs/{needs[1]['id']}"))["status"] == "open"

        events = await service.events(4)
        completed = [e for e in events if e.type == EnrolmentCompleted.event_type]
        withdrawn = [e for e in events if e.type == EnrolmentWithdrawn.event_type]
        assert [EnrolmentCompleted.model_validate(e.data).passed for e in completed] == [True]
        assert [e.subject for e in withdrawn] == [gone["id"]]

        # a finished enrolment does not change again
        response = await service.http.put(
            f"/enrolments/{gone['id']}/completion",
            json={"passed": True},
            headers={**service.pm, "If-Match": f'"{gone["version"]}"'},
        )
        service.problem(response, 409, "enrolment_not_active")

    async def test_a_failed_course_reopens_the_need_for_another_try(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course()
        trainee = await service.trainee(company)
        first = (await enrol(service, need, trainee, course_id=course["id"])).json()
        await service.send("PUT", f"/enrolments/{first['id']}/completion", {"passed": False}, first)
        assert (await service.get(f"/needs/{need['id']}"))["status"] == "open"
        again = await enrol(service, need, trainee, course_id=course["id"])
        assert again.status_code == 201, again.text

    async def test_the_company_does_not_mark_its_own_results(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course()
        enrolment = (
            await enrol(service, need, await service.trainee(company), course_id=course["id"])
        ).json()
        await service.send(
            "PUT",
            f"/enrolments/{enrolment['id']}/completion",
            {"passed": True},
            enrolment,
            service.local(company),
            expect=403,
        )

    async def test_a_language_the_trainee_does_not_speak_is_a_warning_not_a_refusal(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course(languages=["en"])
        trainee = await service.trainee(company, languages=["kk"])
        response = await enrol(service, need, trainee, course_id=course["id"])
        assert response.status_code == 201, response.text
        assert response.json()["warnings"] == ["language_mismatch"]


class TestRules:
    async def test_a_company_not_selected_into_the_cohort_cannot_enrol(
        self, service: TrainingHarness
    ) -> None:
        company, cohort, (need,) = await service.selected_company_with_needs(
            ["network_engineer"], selected=False
        )
        course = await service.course()
        trainee = await service.trainee(company)
        response = await enrol(service, need, trainee, course_id=course["id"])
        body = service.problem(response, 409, "company_not_selected")
        assert "selected" in body["detail"]
        assert (await service.get(f"/needs/{need['id']}"))["status"] == "open"

        await service.select(company, cohort)  # the selection arrives after the plan
        assert (await enrol(service, need, trainee, course_id=course["id"])).status_code == 201

    async def test_only_an_approved_course_of_the_needs_skills_area(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        trainee = await service.trainee(company)
        # its own proposal (another's it may not see: test_training_oracle.py)
        proposed = await service.create("/courses", service.course_body(), service.local(company))
        other_area = await service.course(skills_area="business_english")
        service.problem(
            await enrol(service, need, trainee, course_id=proposed["id"]),
            409,
            "course_not_approved",
        )
        service.problem(
            await enrol(service, need, trainee, course_id=other_area["id"]),
            409,
            "skills_area_mismatch",
        )

    async def test_one_active_enrolment_per_need_and_per_trainee_and_course(
        self, service: TrainingHarness
    ) -> None:
        company, _, needs = await service.selected_company_with_needs(
            ["network_engineer", "network_engineer"]
        )
        course = await service.course()
        trainee = await service.trainee(company)
        assert (await enrol(service, needs[0], trainee, course_id=course["id"])).status_code == 201
        other = await service.trainee(company)
        service.problem(
            await enrol(service, needs[0], other, course_id=course["id"]), 409, "need_not_open"
        )
        service.problem(
            await enrol(service, needs[1], trainee, course_id=course["id"]),
            409,
            "already_enrolled",
        )

    async def test_the_pm_cannot_enrol_another_companys_trainee_against_a_need(
        self, service: TrainingHarness
    ) -> None:
        _, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        stranger = await service.trainee(uuid.uuid4())
        course = await service.course()
        response = await service.http.post(
            "/enrolments",
            json={"need_id": need["id"], "trainee_id": stranger["id"], "course_id": course["id"]},
            headers=service.pm,
        )
        service.problem(response, 409, "trainee_of_another_company")

    async def test_a_session_that_has_started_takes_no_one(self, service: TrainingHarness) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course()
        run = await service.session_of(course, starts_on="2026-01-10", ends_on="2026-01-12")
        response = await enrol(service, need, await service.trainee(company), session_id=run["id"])
        service.problem(response, 409, "session_started")

    async def test_an_internship_need_is_not_fulfilled_by_an_enrolment(
        self, service: TrainingHarness
    ) -> None:
        company, cohort = uuid.uuid4(), uuid.uuid4()
        await service.select(company, cohort)
        await service.apply(service.plan_event(company, cohort, [], internships=1))
        (need,) = (await service.get(f"/needs?company_id={company}"))["items"]
        assert (need["kind"], need["internship_kind"]) == ("internship", "short")
        course = await service.course()
        response = await enrol(
            service, need, await service.trainee(company), course_id=course["id"]
        )
        service.problem(response, 409, "need_not_training")


class TestImplementation:
    async def test_needs_fulfilled_over_planned_in_percent(self, service: TrainingHarness) -> None:
        company, cohort, needs = await service.selected_company_with_needs(["network_engineer"] * 3)
        course = await service.course()
        for need in needs[:2]:
            enrolment = (
                await enrol(service, need, await service.trainee(company), course_id=course["id"])
            ).json()
            if need is needs[0]:
                await service.send(
                    "PUT", f"/enrolments/{enrolment['id']}/completion", {"passed": True}, enrolment
                )
        await service.selected_company_with_needs(["sales_marketing"])  # another company

        mine = await service.get("/needs/implementation", service.local(company))
        assert mine["items"] == [
            {
                "company_id": str(company),
                "cohort_id": str(cohort),
                "planned": 3,
                "enrolled": 1,
                "fulfilled": 1,
                "percent": "33.3",
                "internships_planned": 0,
            }
        ]
        everyone = await service.get("/needs/implementation", service.ministry)
        assert len(everyone["items"]) == 2


class TestHistory:
    async def test_an_enrolments_history_names_who_did_each_step(
        self, service: TrainingHarness
    ) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        course = await service.course()
        enrolment = (
            await enrol(service, need, await service.trainee(company), course_id=course["id"])
        ).json()
        await service.send(
            "PUT", f"/enrolments/{enrolment['id']}/withdrawal", {}, enrolment, service.pm
        )
        history = await service.get(
            f"/enrolments/{enrolment['id']}/history", service.local(company)
        )
        steps = [(e["action"], e["actor"], e["actor_role"]) for e in history["items"]]
        assert steps == [
            ("enrolled", f"user-{company}", "local_company"),
            ("withdrawn", "pm-1", "programme_manager"),
        ]
        assert history["items"][1]["after"] == {"status": "withdrawn"}


class TestDemandAgainstSupply:
    async def test_open_needs_per_area_against_seats_left_in_upcoming_sessions(
        self, service: TrainingHarness
    ) -> None:
        company, _, needs = await service.selected_company_with_needs(["network_engineer"] * 4)
        await service.selected_company_with_needs(["business_english"] * 2)
        course = await service.course()
        almaty = await service.session_of(course, city="almaty", language="ru", seat_limit=2)
        await service.session_of(course, seat_limit=1)  # online, no language named
        await service.session_of(course, starts_on="2026-01-10", ends_on="2026-01-12")  # past
        proposed = await service.course("proposed")
        await service.session_of(proposed, seat_limit=50)  # not an approved course
        enrolment = await enrol(
            service, needs[0], await service.trainee(company), session_id=almaty["id"]
        )
        assert enrolment.status_code == 201, enrolment.text

        await service.apply(
            CompanyRegistered(
                company_id=company,
                company=CompanyFacts(
                    company_id=company,
                    version=1,
                    kind="local",
                    display_name="Астана Софт",
                    in_scope=True,
                    city="astana",
                    status="active",
                    publication="published",
                ),
            )
        )

        report = await service.get("/needs/demand", service.ministry)
        areas = {a["skills_area"]: a for a in report["areas"]}
        network = areas["network_engineer"]
        assert (network["open_needs"], network["seats_left"], network["shortfall"]) == (3, 2, 1)
        assert network["open_needs_by_city"] == {
            "astana": 3,
            "almaty": 0,
            "elsewhere": 0,
            "unknown": 0,
        }
        assert network["open_needs_by_language"] == {"ru": 3, "kk": 0, "unspecified": 0}
        assert network["seats_by_city"] == {"online": 1, "astana": 0, "almaty": 1}
        assert network["seats_by_language"] == {"ru": 1, "kk": 0, "en": 0, "unspecified": 1}
        english = areas["business_english"]
        assert (english["open_needs"], english["seats_left"], english["shortfall"]) == (2, 0, 2)
        assert english["open_needs_by_city"]["unknown"] == 2
        assert (report["open_needs"], report["seats_left"]) == (5, 2)
        service.problem(
            await service.http.get("/needs/demand", headers=service.local(company)), 403
        )


class TestRetries:
    async def test_a_retried_enrolment_with_its_idempotency_key_enrols_and_bills_once(
        self, service: TrainingHarness
    ) -> None:
        company, _, needs = await service.selected_company_with_needs(["network_engineer"] * 2)
        course = await service.course()
        trainee = await service.trainee(company)
        body = {"need_id": needs[0]["id"], "trainee_id": trainee["id"], "course_id": course["id"]}
        headers = {**service.local(company), "Idempotency-Key": "enrol-erlan-ccna"}
        first = await service.http.post("/enrolments", json=body, headers=headers)
        again = await service.http.post("/enrolments", json=body, headers=headers)
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        other = {**body, "course_id": str(uuid.uuid4())}
        service.problem(await service.http.post("/enrolments", json=other, headers=headers), 422)
        # a later enrolment: once its event is out, any duplicate of the first would be too
        later = await enrol(
            service, needs[1], await service.trainee(company), **{"course_id": course["id"]}
        )
        assert len((await service.get("/enrolments", service.local(company)))["items"]) == 2
        created = await service.events(2, EnrolmentCreated.event_type)
        assert [e.subject for e in created] == [first.json()["id"], later.json()["id"]]
