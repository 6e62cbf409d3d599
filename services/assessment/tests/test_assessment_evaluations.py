"""Assessments over real HTTP: methodology, assessors, schedule, EFQM scores, skills gaps,
the report (JSON and PDF), the approval flow and its events, and who may see what."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

import pytest

from shared.auth import Role
from shared.events.assessment import (
    AssessmentCompleted,
    AssessmentScheduled,
    DevelopmentPlanApprovedV2,
)

ASSESSOR = "assessor-almaty-1"
PLAN = {
    "training": [
        {
            "staff_member": "Айгерім Нұрланқызы",
            "skills_area": "network_engineer",
            "recommendation": "Cisco CCNA, на русском, очно в Алматы",
            "estimated_cost": {"amount": "1200.00", "currency": "USD"},
        },
        {
            "function": "Отдел продаж",
            "skills_area": "sales_marketing",
            "recommendation": "B2B sales of IT services",
        },
    ],
    "internships": [
        {"staff_member": "Ерлан Сейітов", "kind": "long", "purpose": "4 months in a delivery team"}
    ],
    "other_measures": [{"description": "ISO 9001 quality management system 🏅"}],
}


async def open_assessment(service: Any, **company: Any) -> dict[str, Any]:
    """An assessment of a freshly selected company, with one assigned assessor."""
    _, nomination = await service.selected(**company)
    response = await service.http.post(
        "/assessments",
        json={
            "nomination_id": nomination["id"],
            "assessors": [{"subject": ASSESSOR, "name": "Динара Ахметова"}],
        },
        headers=service.pm,
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/assessments/{response.json()['id']}"
    return response.json()


async def score_all(
    service: Any, assessment: dict[str, Any], percent: str = "60"
) -> dict[str, Any]:
    for criterion in service.efqm_9:
        assessment = await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/{criterion}",
            {
                "score_percent": percent,
                "strengths": ["Опытная команда"],
                "areas_for_improvement": [],
            },
            assessment,
        )
    return assessment


class TestOpening:
    async def test_the_default_methodology_is_efqm_with_nine_weighted_criteria(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(service)
        efqm = assessment["efqm"]
        assert efqm["methodology"] == "efqm-9" and efqm["max_points"] == 1000
        assert {c["criterion"]: c["weight"] for c in efqm["criteria"]} == {
            "leadership": 100,
            "strategy": 100,
            "people": 100,
            "partnerships_resources": 100,
            "processes_products_services": 100,
            "customer_results": 150,
            "people_results": 100,
            "society_results": 100,
            "key_results": 150,
        }
        assert efqm["complete"] is False and Decimal(efqm["total"]) == 0
        assert assessment["status"] == "draft"
        assert assessment["assessors"] == [{"subject": ASSESSOR, "name": "Динара Ахметова"}]

    async def test_only_a_selected_company_and_only_once(self, service: Any) -> None:
        cohort = await service.cohort("nominations_open")
        nomination = (
            await service.nominate(cohort, await service.company(), service.partner())
        ).json()
        body = {"nomination_id": nomination["id"]}
        early = await service.http.post("/assessments", json=body, headers=service.pm)
        service.problem(early, 409, "nomination_not_selected")
        await service.advance(cohort, "selection")
        await service.decide(nomination, "selected")
        assert (
            await service.http.post("/assessments", json=body, headers=service.pm)
        ).status_code == 201
        again = await service.http.post("/assessments", json=body, headers=service.pm)
        service.problem(again, 409, "assessment_exists")
        unknown = await service.http.post(
            "/assessments", json={"nomination_id": str(uuid.uuid4())}, headers=service.pm
        )
        assert service.problem(unknown, 422)["errors"][0]["field"] == "nomination_id"

    async def test_a_seven_criteria_methodology_is_added_as_data(self, service: Any) -> None:
        criteria = [
            ("purpose_vision_strategy", "direction", 100),
            ("organisational_culture_leadership", "direction", 100),
            ("engaging_stakeholders", "execution", 100),
            ("creating_sustainable_value", "execution", 200),
            ("driving_performance_transformation", "execution", 100),
            ("stakeholder_perceptions", "results", 200),
            ("strategic_operational_performance", "results", 200),
        ]
        body = {
            "key": "efqm-7",
            "name": "EFQM Model (7 criteria)",
            "criteria": [
                {"key": k, "name": k.replace("_", " ").capitalize(), "group": g, "weight": w}
                for k, g, w in criteria
            ],
        }
        created = await service.http.post("/methodologies", json=body, headers=service.pm)
        assert created.status_code == 201, created.text
        assert created.json()["total_points"] == 1000
        again = await service.http.post("/methodologies", json=body, headers=service.pm)
        service.problem(again, 409, "methodology_key_taken")
        bad = await service.http.post(
            "/methodologies",
            json={**body, "key": "x", "criteria": body["criteria"][:6]},
            headers=service.pm,
        )
        assert service.problem(bad, 422)["errors"][0]["field"] == "criteria"
        listed = await service.get("/methodologies")
        assert [m["key"] for m in listed["items"]] == ["efqm-9", "efqm-7"]

        _, nomination = await service.selected()
        assessment = (
            await service.http.post(
                "/assessments",
                json={"nomination_id": nomination["id"], "methodology": "efqm-7"},
                headers=service.pm,
            )
        ).json()
        for key, _, _ in criteria:
            assessment = await service.send(
                "PUT",
                f"/assessments/{assessment['id']}/scores/{key}",
                {"score_percent": "50"},
                assessment,
            )
        assert Decimal(assessment["efqm"]["total"]) == 500 and assessment["efqm"]["complete"]
        efqm_9_only = await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/leadership",
            {"score_percent": "50"},
            assessment,
            expect=404,
        )
        assert "efqm-7" in efqm_9_only["detail"]


class TestScoring:
    async def test_points_are_exact_and_the_total_is_rounded_once(self, service: Any) -> None:
        assessment = await open_assessment(service)
        path = f"/assessments/{assessment['id']}/scores"
        assessment = await service.send(
            "PUT",
            f"{path}/key_results",
            {
                "score_percent": "33.33",
                "strengths": ["Рост выручки 📈"],
                "areas_for_improvement": ["Нет KPI по экспорту"],
            },
            assessment,
        )
        assessment = await service.send(
            "PUT", f"{path}/leadership", {"score_percent": "70"}, assessment
        )
        scores = {c["criterion"]: c for c in assessment["efqm"]["criteria"]}
        assert Decimal(scores["key_results"]["points"]) == Decimal("49.995")
        assert scores["key_results"]["strengths"] == ["Рост выручки 📈"]
        assert Decimal(scores["leadership"]["points"]) == 70
        assert scores["strategy"]["score_percent"] is None
        assert assessment["efqm"]["total"] == "120.00"  # 119.995, rounded once, half up
        assert assessment["efqm"]["band"] is None  # no band for a partial total

    @pytest.mark.parametrize("percent", ["100.01", "-1", "12.345", "lots", " 5", 50, 91.1])
    async def test_a_score_is_a_percentage_with_two_decimals(
        self, service: Any, percent: str | float
    ) -> None:
        """A decimal string only: a JSON number is refused (a float cannot be held to two
        decimal places), so the documented pattern is the whole contract."""
        assessment = await open_assessment(service)
        body = await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/leadership",
            {"score_percent": percent},
            assessment,
            expect=422,
        )
        assert body["errors"][0]["field"] == "score_percent"

    async def test_skills_gaps_and_prioritised_gaps_with_the_team_override(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(service)
        aid = assessment["id"]
        assessment = await service.send(
            "PUT",
            f"/assessments/{aid}/skills/network_engineer",
            {"current_level": 1, "target_level": 4},
            assessment,
        )
        assessment = await service.send(
            "PUT",
            f"/assessments/{aid}/skills/business_english",
            {"current_level": 2, "target_level": 3},
            assessment,
        )
        assessment = await service.send(
            "PUT", f"/assessments/{aid}/scores/key_results", {"score_percent": "40"}, assessment
        )
        assert [(s["skills_area"], s["gap"]) for s in assessment["skills"]] == [
            ("network_engineer", 3),
            ("business_english", 1),
        ]
        assert [
            (g["key"], g["source"], g["kind"], Decimal(g["points"]))
            for g in assessment["prioritised_gaps"]
        ] == [
            ("business:key_results", "efqm", "business", 90),
            ("technical:network_engineer", "skills", "technical", 60),
            ("technical:business_english", "skills", "business", 20),  # a business area
        ]
        assert "Largest gap first" in assessment["gap_ordering_rule"]
        assessment = await service.send(
            "PATCH",
            f"/assessments/{aid}/report",
            {"gap_order": ["technical:business_english"]},
            assessment,
        )
        assert [
            (g["key"], g["rank"], g["default_rank"], g["overridden"])
            for g in assessment["prioritised_gaps"]
        ] == [
            ("technical:business_english", 1, 3, True),
            ("business:key_results", 2, 1, False),
            ("technical:network_engineer", 3, 2, False),
        ]
        not_a_key = await service.send(
            "PATCH",
            f"/assessments/{aid}/report",
            {"gap_order": ["leadership"]},
            assessment,
            expect=422,
        )
        assert not_a_key["errors"][0]["field"] == "gap_order.0"
        unknown = await service.send(
            "PUT",
            f"/assessments/{aid}/skills/astrology",
            {"current_level": 1, "target_level": 2},
            assessment,
            expect=422,
        )
        assert unknown["errors"][0]["field"] == "skills_area"

    async def test_the_report_sections_and_plan_items_get_ids(self, service: Any) -> None:
        assessment = await open_assessment(service)
        report = {"business_objective": "Выход на рынок ЕС к 2028 году", "development_plan": PLAN}
        assessment = await service.send(
            "PATCH", f"/assessments/{assessment['id']}/report", report, assessment
        )
        assert assessment["sections"]["business_objective"] == "Выход на рынок ЕС к 2028 году"
        plan = assessment["development_plan"]
        items = plan["training"] + plan["internships"] + plan["other_measures"]
        assert len(items) == 4 and all(uuid.UUID(i["item_id"]) for i in items)
        assert plan["other_measures"][0]["description"] == "ISO 9001 quality management system 🏅"
        nobody = {
            "development_plan": {
                "training": [{"skills_area": "network_engineer", "recommendation": "x"}]
            }
        }
        body = await service.send(
            "PATCH", f"/assessments/{assessment['id']}/report", nobody, assessment, expect=422
        )
        assert body["errors"][0]["field"].startswith("development_plan.training.0")


class TestSchedule:
    async def test_scheduling_tells_finance_the_expected_cost(self, service: Any) -> None:
        assessment = await open_assessment(service)
        schedule = {
            "starts_on": "2027-04-05",
            "ends_on": "2027-04-09",
            "expected_cost": {"amount": "1850000.00", "currency": "KZT"},
        }
        assessment = await service.send(
            "PUT", f"/assessments/{assessment['id']}/schedule", schedule, assessment
        )
        assert assessment["schedule"] == schedule
        [event] = await service.events(3, "blp.assessment.assessment.scheduled")
        scheduled = AssessmentScheduled.model_validate(event.data)
        assert str(scheduled.assessment_id) == assessment["id"]
        assert (str(scheduled.expected_cost.amount), scheduled.expected_cost.currency) == (
            "1850000.00",
            "KZT",
        )
        assert scheduled.assessors == 1
        backwards = {**schedule, "ends_on": "2027-04-01"}
        await service.send(
            "PUT", f"/assessments/{assessment['id']}/schedule", backwards, assessment, expect=422
        )
        negative = {**schedule, "expected_cost": {"amount": "-1.00", "currency": "KZT"}}
        body = await service.send(
            "PUT", f"/assessments/{assessment['id']}/schedule", negative, assessment, expect=422
        )
        assert body["errors"][0]["field"] == "expected_cost.amount"  # the pattern has no minus
        floats = {**schedule, "expected_cost": {"amount": 1850000.5, "currency": "KZT"}}
        await service.send(
            "PUT", f"/assessments/{assessment['id']}/schedule", floats, assessment, expect=422
        )


class TestFlow:
    async def test_submit_when_complete_then_approve_publishes_result_and_plan(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(service, display_name="Қазақ Софт")
        aid = assessment["id"]
        status = f"/assessments/{aid}/status"
        assessor = service.as_(Role.ASSESSOR, subject=ASSESSOR)
        early = await service.send(
            "PUT", status, {"status": "submitted"}, assessment, headers=assessor, expect=409
        )
        assert early["rule"] == "scores_incomplete" and len(early["missing"]) == 9
        assessment = await score_all(service, assessment)
        # a second item for the same person (other case and spacing), and an id a client made up
        same_person = {
            "staff_member": "айгерім  НҰРЛАНҚЫЗЫ",
            "staff_member_id": str(uuid.uuid4()),
            "skills_area": "network_engineer",
            "recommendation": "Cisco CCNP",
        }
        body = {"development_plan": {**PLAN, "training": [*PLAN["training"], same_person]}}
        assessment = await service.send("PATCH", f"/assessments/{aid}/report", body, assessment)
        draft_plan = assessment["development_plan"]
        assert [i["staff_member_id"] for i in draft_plan["training"]] == [None, None, None]
        skip = await service.send("PUT", status, {"status": "approved"}, assessment, expect=409)
        assert skip["rule"] == "illegal_status_transition"
        submitted = await service.send(
            "PUT", status, {"status": "submitted"}, assessment, headers=assessor
        )
        frozen = await service.send(
            "PUT",
            f"/assessments/{aid}/scores/leadership",
            {"score_percent": "90"},
            submitted,
            expect=409,
        )
        assert frozen["rule"] == "assessment_not_draft"
        await service.send(
            "PUT", status, {"status": "approved"}, submitted, headers=assessor, expect=403
        )
        approved = await service.send("PUT", status, {"status": "approved"}, submitted)
        assert approved["status"] == "approved" and approved["approved_at"]
        final = await service.send("PUT", status, {"status": "draft"}, approved, expect=409)
        assert final["rule"] == "illegal_status_transition"

        events = await service.events(2 + 2)
        [completed] = [
            AssessmentCompleted.model_validate(e.data)
            for e in events
            if e.type.endswith("completed")
        ]
        [plan_event] = [e for e in events if e.type.endswith("development_plan.approved_v2")]
        plan = DevelopmentPlanApprovedV2.model_validate(plan_event.data)
        assert not any(e.type.endswith("development_plan.approved") for e in events)
        assert completed.efqm_total == 600 and completed.methodology == "efqm-9"
        assert {(s.criterion, s.weight, s.points) for s in completed.scores} >= {
            ("leadership", 100, Decimal(60)),
            ("key_results", 150, Decimal(90)),
        }
        assert len(completed.scores) == 9
        # personal data stays in the assessment: the event names nobody, it carries ids
        published = json.dumps(plan_event.data, ensure_ascii=False).casefold()
        for name in ("айгерім", "нұрланқызы", "ерлан", "сейітов", 'staff_member"'):
            assert name not in published, name
        aigerim, sales, again = (t.staff_member_id for t in plan.training)
        [erlan] = [i.staff_member_id for i in plan.internships]
        assert aigerim is not None and again == aigerim and sales is None
        assert erlan not in (None, aigerim)
        assert str(aigerim) != same_person["staff_member_id"]  # the service's, not the client's
        assert plan.training[1].function == "Отдел продаж"
        assert plan.training[0].estimated_cost is not None
        assert [i.kind for i in plan.internships] == ["long"]
        # the report shows each name beside the id the event carried
        stored = approved["development_plan"]
        assert [
            (i["item_id"], i["staff_member"], i["staff_member_id"]) for i in stored["training"]
        ] == [
            (str(t.item_id), name, str(t.staff_member_id) if t.staff_member_id else None)
            for t, name in zip(
                plan.training,
                ["Айгерім Нұрланқызы", None, "айгерім  НҰРЛАНҚЫЗЫ"],
                strict=True,
            )
        ]
        assert stored["internships"][0]["staff_member_id"] == str(erlan)

    async def test_sent_back_to_draft_for_rework(self, service: Any) -> None:
        assessment = await score_all(service, await open_assessment(service))
        status = f"/assessments/{assessment['id']}/status"
        submitted = await service.send("PUT", status, {"status": "submitted"}, assessment)
        draft = await service.send("PUT", status, {"status": "draft"}, submitted)
        await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/leadership",
            {"score_percent": "95"},
            draft,
        )


class TestReport:
    async def test_json_or_a_readable_pdf(self, service: Any) -> None:
        assessment = await score_all(
            service, await open_assessment(service, display_name="ТОО «Қазақ Софт»")
        )
        aid = assessment["id"]
        assessment = await service.send(
            "PATCH",
            f"/assessments/{aid}/report",
            {"development_plan": PLAN, "business_objective": "Экспорт услуг"},
            assessment,
        )
        as_json = await service.http.get(f"/assessments/{aid}/report", headers=service.pm)
        assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
        report = as_json.json()
        assert (
            report["company_name"] == "ТОО «Қазақ Софт»" and Decimal(report["efqm"]["total"]) == 600
        )
        as_pdf = await service.http.get(
            f"/assessments/{aid}/report", headers={**service.pm, "Accept": "application/pdf"}
        )
        assert as_pdf.status_code == 200 and as_pdf.headers["content-type"] == "application/pdf"
        assert as_pdf.content.startswith(b"%PDF")
        text = service.pdf_text(as_pdf.content)
        for shown in (
            "ТОО «Қазақ Софт»",
            "Leadership",
            "Экспорт услуг",
            "Айгерім Нұрланқызы",
            "Cisco CCNA, на русском, очно в Алматы",
            "Prioritised gaps",
            "Development plan",
        ):
            assert shown in text, shown
        html = await service.http.get(
            f"/assessments/{aid}/report", headers={**service.pm, "Accept": "text/html"}
        )
        service.problem(html, 406)


class TestAccess:
    async def test_assessors_see_and_edit_only_their_assignments(self, service: Any) -> None:
        assessment = await open_assessment(service)
        aid = assessment["id"]
        mine = service.as_(Role.ASSESSOR, subject=ASSESSOR)
        other = service.as_(Role.ASSESSOR, subject="assessor-astana-2")
        assert (await service.get(f"/assessments/{aid}", headers=mine))["id"] == aid
        await service.send(
            "PUT",
            f"/assessments/{aid}/scores/people",
            {"score_percent": "55"},
            assessment,
            headers=mine,
        )
        service.problem(await service.http.get(f"/assessments/{aid}", headers=other), 404)
        denied = await service.http.put(
            f"/assessments/{aid}/scores/people",
            json={"score_percent": "10"},
            headers={**other, "If-Match": '"2"'},
        )
        service.problem(denied, 404)
        assert (await service.get("/assessments", headers=other))["items"] == []
        assert [a["id"] for a in (await service.get("/assessments", headers=mine))["items"]] == [
            aid
        ]
        schedule = {
            "starts_on": "2027-04-05",
            "ends_on": "2027-04-09",
            "expected_cost": {"amount": "1", "currency": "KZT"},
        }
        await service.send(
            "PUT",
            f"/assessments/{aid}/schedule",
            schedule,
            await service.get(f"/assessments/{aid}"),
            headers=mine,
            expect=403,
        )

    async def test_a_local_company_reads_its_own_report_once_approved(self, service: Any) -> None:
        company = uuid.uuid4()
        assessment = await score_all(service, await open_assessment(service, company_id=company))
        aid = assessment["id"]
        own = service.as_(Role.LOCAL_COMPANY, company)
        stranger = service.as_(Role.LOCAL_COMPANY, uuid.uuid4())
        service.problem(await service.http.get(f"/assessments/{aid}/report", headers=own), 404)
        status = f"/assessments/{aid}/status"
        submitted = await service.send("PUT", status, {"status": "submitted"}, assessment)
        approved = await service.send("PUT", status, {"status": "approved"}, submitted)
        report = await service.http.get(
            f"/assessments/{aid}/report", headers={**own, "Accept": "application/pdf"}
        )
        assert report.status_code == 200 and report.content.startswith(b"%PDF")
        assert [a["id"] for a in (await service.get("/assessments", headers=own))["items"]] == [aid]
        for path in (f"/assessments/{aid}/report", f"/assessments/{aid}"):
            service.problem(await service.http.get(path, headers=stranger), 404)
        assert (await service.get("/assessments", headers=stranger))["items"] == []
        edit = await service.http.patch(
            f"/assessments/{aid}/report",
            json={"business_objective": "x"},
            headers={**own, "If-Match": f'"{approved["version"]}"'},
        )
        service.problem(edit, 403)
        service.problem(
            await service.http.get(f"/assessments/{aid}", headers=service.partner()), 403
        )

    async def test_the_ministry_reads_but_does_not_edit(self, service: Any) -> None:
        assessment = await open_assessment(service)
        ministry = service.as_(Role.MINISTRY)
        assert (await service.get(f"/assessments/{assessment['id']}", headers=ministry))["id"]
        await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/people",
            {"score_percent": "5"},
            assessment,
            headers=ministry,
            expect=403,
        )


async def test_skills_areas_and_levels_are_reference_data(service: Any) -> None:
    reference = await service.get(
        "/skills-areas", headers=service.as_(Role.LOCAL_COMPANY, uuid.uuid4())
    )
    assert len(reference["items"]) == 9 and reference["next_cursor"] is None
    assert {
        "key": "network_engineer",
        "name": "Network engineer",
        "name_ru": "Сетевой инженер",
        "name_kk": "Желі инженері",
        "label": "Network engineer",
        "kind": "technical",
    } in reference["items"]
    assert [level["level"] for level in reference["levels"]] == [0, 1, 2, 3, 4, 5]
    assert reference["levels"][3] == {
        "level": 3,
        "name": "competent",
        "name_ru": "уверенный",
        "name_kk": "сенімді",
        "label": "competent",
    }
    kazakh = await service.http.get(
        "/skills-areas",
        headers={**service.as_(Role.MINISTRY), "Accept-Language": "kk, ru;q=0.8"},
    )
    assert kazakh.headers["content-language"] == "kk"
    assert "Accept-Language" in kazakh.headers["vary"]
    labels = {item["key"]: item["label"] for item in kazakh.json()["items"]}
    assert labels["network_engineer"] == "Желі инженері"
    assert kazakh.json()["levels"][3]["label"] == "сенімді"
    anonymous = await service.http.get("/skills-areas", headers={"Accept-Language": "ru"})
    assert service.problem(anonymous, 401)["title"] == "Требуется аутентификация"


# Scores whose exact total is 553.825: enablers 300, customer results 82.5, people and society
# results 50 each, key results 47.55 % of 150 = 71.325.
HALF_CENT = {
    "leadership": "60",
    "strategy": "60",
    "people": "60",
    "partnerships_resources": "60",
    "processes_products_services": "60",
    "customer_results": "55",
    "people_results": "50",
    "society_results": "50",
    "key_results": "47.55",
}


async def score_each(
    service: Any, assessment: dict[str, Any], percents: dict[str, str]
) -> dict[str, Any]:
    for criterion, percent in percents.items():
        assessment = await service.send(
            "PUT",
            f"/assessments/{assessment['id']}/scores/{criterion}",
            {"score_percent": percent},
            assessment,
        )
    return assessment


async def approve(
    service: Any, assessment: dict[str, Any], approver_name: str | None = None
) -> dict[str, Any]:
    status = f"/assessments/{assessment['id']}/status"
    submitted = await service.send("PUT", status, {"status": "submitted"}, assessment)
    body: dict[str, Any] = {"status": "approved"}
    if approver_name is not None:
        body["approver_name"] = approver_name
    return await service.send("PUT", status, body, submitted)


class TestTotalsAndBands:
    async def test_one_rounding_rule_the_api_and_the_event_carry_the_same_total(
        self, service: Any
    ) -> None:
        assessment = await score_each(service, await open_assessment(service), HALF_CENT)
        efqm = assessment["efqm"]
        points = {c["criterion"]: Decimal(c["points"]) for c in efqm["criteria"]}
        assert sum(points.values()) == Decimal("553.825")  # criterion points stay exact
        assert efqm["total"] == "553.83"  # rounded once: 2 places, half up
        assert "half up" in efqm["rounding"]
        assert efqm["band"] == {"key": "advanced", "name": "Advanced", "min_points": 500}
        approved = await approve(service, assessment)
        assert approved["efqm"]["total"] == "553.83"
        report = await service.get(f"/assessments/{assessment['id']}/report")
        assert report["efqm"]["total"] == "553.83"
        [event] = await service.events(2 + 2, "blp.assessment.assessment.completed")
        assert event.data["efqm_total"] == "553.83"  # what the registry stores and shows
        completed = AssessmentCompleted.model_validate(event.data)
        assert completed.efqm_total == Decimal("553.83") and completed.band == "advanced"

    async def test_bands_are_methodology_data_served_by_its_api(self, service: Any) -> None:
        efqm_9 = await service.get("/methodologies/efqm-9")
        assert [(b["key"], b["min_points"]) for b in efqm_9["bands"]] == [
            ("emerging", 0),
            ("developing", 300),
            ("advanced", 500),
            ("excellent", 600),
        ]
        assert {b["key"]: b["name_ru"] for b in efqm_9["bands"]}["advanced"]
        assert {g["key"]: g["name"] for g in efqm_9["groups"]} == {
            "enablers": "Enablers",
            "results": "Results",
        }
        assert {c["key"]: c["name_kk"] for c in efqm_9["criteria"]}["leadership"] == "Көшбасшылық"
        assert "half up" in efqm_9["rounding"]

        criteria = [
            {"key": f"c{i}", "name": f"Criterion {i}", "group": "all", "weight": 250}
            for i in range(4)
        ]
        bands = [
            {"key": "pass", "name": "Pass", "name_ru": "Зачёт", "min_points": 450},
            {"key": "fail", "name": "Fail", "min_points": 0},
        ]
        body = {"key": "pass-fail", "name": "Pass or fail", "criteria": criteria, "bands": bands}
        no_floor = await service.http.post(
            "/methodologies",
            json={**body, "bands": bands[:1]},
            headers=service.pm,
        )
        assert service.problem(no_floor, 422)["errors"][0]["field"] == "bands"
        created = await service.http.post("/methodologies", json=body, headers=service.pm)
        assert created.status_code == 201, created.text
        assert [b["key"] for b in created.json()["bands"]] == ["fail", "pass"]  # lowest first
        assert created.json()["groups"] == [
            {"key": "all", "name": "All", "name_ru": None, "name_kk": None}
        ]
        _, nomination = await service.selected()
        assessment = (
            await service.http.post(
                "/assessments",
                json={"nomination_id": nomination["id"], "methodology": "pass-fail"},
                headers=service.pm,
            )
        ).json()
        assessment = await score_each(service, assessment, {f"c{i}": "45" for i in range(4)})
        assert assessment["efqm"]["total"] == "450.00"
        assert assessment["efqm"]["band"]["key"] == "pass"


class TestPlanItemIds:
    async def test_items_are_item_id_as_in_events_and_id_is_a_deprecated_alias(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(service)
        path = f"/assessments/{assessment['id']}/report"
        assessment = await service.send("PATCH", path, {"development_plan": PLAN}, assessment)
        [training, *_] = assessment["development_plan"]["training"]
        assert training["id"] == training["item_id"]  # the old name, same value, one release

        # a client sends back what it read, or only item_id, or (an old client) only id
        read_back = assessment["development_plan"]
        again = await service.send("PATCH", path, {"development_plan": read_back}, assessment)
        assert again["development_plan"]["training"][0]["item_id"] == training["item_id"]
        old = {**PLAN, "training": [{**PLAN["training"][0], "id": training["item_id"]}]}
        again = await service.send("PATCH", path, {"development_plan": old}, again)
        assert again["development_plan"]["training"][0]["item_id"] == training["item_id"]
        torn = {
            **PLAN,
            "training": [
                {**PLAN["training"][0], "id": training["item_id"], "item_id": str(uuid.uuid4())}
            ],
        }
        refused = await service.send("PATCH", path, {"development_plan": torn}, again, expect=422)
        assert refused["errors"][0]["field"].startswith("development_plan.training.0")

        schema = (await service.http.get("/openapi.json")).json()["components"]["schemas"]
        # the request and the response body: one schema, or an -Input and an -Output one
        names = [
            n for n in schema if n in ("TrainingItem", "TrainingItem-Input", "TrainingItem-Output")
        ]
        assert names in (["TrainingItem"], ["TrainingItem-Input", "TrainingItem-Output"]), names
        for name in names:
            fields = schema[name]["properties"]
            assert fields["id"].get("deprecated") is True and "deprecated" not in fields["item_id"]


class TestIllegalTransitions:
    async def test_the_refusal_names_the_statuses_allowed_next(self, service: Any) -> None:
        assessment = await score_all(service, await open_assessment(service))
        status = f"/assessments/{assessment['id']}/status"
        skip = await service.send("PUT", status, {"status": "approved"}, assessment, expect=409)
        assert skip["rule"] == "illegal_status_transition" and skip["allowed"] == ["submitted"]
        assert "the next status is submitted" in skip["detail"]
        approved = await approve(service, assessment)
        final = await service.send("PUT", status, {"status": "draft"}, approved, expect=409)
        assert final["allowed"] == [] and "final" in final["detail"]


class TestReportForAReader:
    async def test_the_pdf_reads_in_russian_kazakh_or_english_with_who_and_where(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(
            service, display_name="ТОО «Қазақ Софт»", bin="150340012345", region="akmola"
        )
        aid = assessment["id"]
        assessment = await score_each(service, assessment, HALF_CENT)
        for area, current, target in (("business_english", 1, 3), ("network_engineer", 1, 4)):
            assessment = await service.send(
                "PUT",
                f"/assessments/{aid}/skills/{area}",
                {"current_level": current, "target_level": target},
                assessment,
            )
        assessment = await service.send(
            "PATCH",
            f"/assessments/{aid}/report",
            {"development_plan": PLAN, "gap_order": ["technical:business_english"]},
            assessment,
        )
        await approve(service, assessment, approver_name="Айжан Серікова")
        report = await service.get(f"/assessments/{aid}/report")
        assert report["company"] == {"bin": "150340012345", "region": "akmola"}
        assert report["approved_by"] == {
            "subject": "pm-1",
            "name": "Айжан Серікова",
            "role": "programme_manager",
        }

        texts = {}
        for expected, accept_language in (("ru", "ru-RU,ru;q=0.9"), ("kk", "kk"), ("en", "de")):
            response = await service.http.get(
                f"/assessments/{aid}/report",
                headers={
                    **service.pm,
                    "Accept": "application/pdf",
                    "Accept-Language": accept_language,
                },
            )
            assert response.status_code == 200, response.text
            assert response.headers["content-language"] == expected
            # cells and wrapped lines come out one per line: compare words, not layout
            texts[expected] = " ".join(service.pdf_text(response.content).split())
        shown = {
            "ru": [
                "Отчёт об оценке",
                "БИН: 150340012345",
                "Регион: Акмолинская область",  # the region's name, in the reader's language
                "Статус: утверждена",  # the assessment (оценка) is, as /reference/statuses says
                "Бизнес-оценка: Модель совершенства EFQM (9 критериев)",
                "Утвердил: Айжан Серікова (менеджер программы)",
                "Лидерство",
                "Возможности",
                "Результат: 553,83 из 1000 баллов. Уровень: Продвинутый уровень.",
                # a business skills area, found by the skills assessment, is a business gap
                "Деловой английский язык Оценка навыков бизнес",
                "Сетевой инженер Оценка навыков технический",
                "долгосрочная (стажировка специалиста)",
                "План развития",
            ],
            "kk": [
                "Бағалау есебі",
                "БСН: 150340012345",
                "Өңір: Ақмола облысы",
                "Бекіткен: Айжан Серікова (бағдарлама менеджері)",
                "Көшбасшылық",
                "Мүмкіндіктер",
                "Жоғары деңгей",
                "Іскерлік ағылшын тілі Дағдыларды бағалау бизнес",
            ],
            "en": [
                "Assessment report",
                "BIN: 150340012345",
                "Region: Akmola Region",
                "Approved by: Айжан Серікова (programme manager)",
                "Leadership",
                "Enablers",
                "Result: 553.83 of 1000 points. Band: Advanced.",
                "Business English Skills assessment business",
                "Cisco CCNA, на русском, очно в Алматы",
            ],
        }
        for lang, phrases in shown.items():
            for phrase in phrases:
                assert phrase in texts[lang], (lang, phrase)
        for lang, text in texts.items():
            for code in ("enablers", "gap_order", "business_english", "technical:", "approved_by"):
                assert code not in text, (lang, code)


class TestHistory:
    async def test_scores_submission_and_approval_are_on_the_record(self, service: Any) -> None:
        company = uuid.uuid4()
        assessment = await open_assessment(service, company_id=company)
        aid = assessment["id"]
        assessor = service.as_(Role.ASSESSOR, subject=ASSESSOR)
        assessment = await service.send(
            "PUT",
            f"/assessments/{aid}/scores/leadership",
            {"score_percent": "40", "strengths": ["Ясная миссия"]},
            assessment,
            headers=assessor,
        )
        assessment = await score_all(service, assessment)
        submitted = await service.send(
            "PUT",
            f"/assessments/{aid}/status",
            {"status": "submitted"},
            assessment,
            headers=assessor,
        )
        # a refused change leaves no entry: it rolled back with its transaction
        await service.send(
            "PUT",
            f"/assessments/{aid}/scores/leadership",
            {"score_percent": "99"},
            submitted,
            expect=409,
        )
        await service.send(
            "PUT",
            f"/assessments/{aid}/status",
            {"status": "approved", "approver_name": "Айжан Серікова"},
            submitted,
        )

        history = await service.get(f"/assessments/{aid}/history")
        entries = history["items"]
        assert [e["action"] for e in entries] == [
            "created",
            "scored",
            *["scored"] * 9,
            "status_changed",
            "status_changed",
        ]
        assert all(e["resource"] == "assessment" and e["resource_id"] == aid for e in entries)
        first_score = entries[1]
        assert (first_score["actor"], first_score["actor_role"]) == (ASSESSOR, "assessor")
        assert first_score["before"] == {"scores.leadership": None}
        assert first_score["after"]["scores.leadership"]["score_percent"] == "40.00"
        rescore = entries[2]  # score_all's leadership: 40 -> 60, as the programme manager
        assert rescore["actor"] == "pm-1"
        assert rescore["before"]["scores.leadership"]["score_percent"] == "40.00"
        assert rescore["after"]["scores.leadership"]["score_percent"] == "60.00"
        submission, approval = entries[-2:]
        assert (submission["before"], submission["after"]) == (
            {"status": "draft"},
            {"status": "submitted"},
        )
        assert submission["actor"] == ASSESSOR
        assert approval["before"] == {
            "status": "submitted",
            "approved_by": None,
            "approved_by_name": None,
            "efqm_total": None,
            "band": None,
        }
        assert approval["after"] == {
            "status": "approved",
            "approved_by": "pm-1",
            "approved_by_name": "Айжан Серікова",
            "efqm_total": "600.00",
            "band": "excellent",
        }
        assert approval["actor_role"] == "programme_manager"
        assert [e["version"] for e in entries] == sorted(e["version"] for e in entries)

        # the same object-level access as the assessment itself
        own = service.as_(Role.LOCAL_COMPANY, company)
        assert len((await service.get(f"/assessments/{aid}/history", headers=own))["items"]) == 13
        for stranger in (
            service.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
            service.as_(Role.ASSESSOR, subject="assessor-astana-2"),
        ):
            denied = await service.http.get(f"/assessments/{aid}/history", headers=stranger)
            service.problem(denied, 404)
        partner = await service.http.get(f"/assessments/{aid}/history", headers=service.partner())
        service.problem(partner, 403)
        page = await service.get(f"/assessments/{aid}/history?limit=5")
        assert len(page["items"]) == 5 and page["next_cursor"]

    async def test_a_local_company_sees_no_history_before_approval(self, service: Any) -> None:
        company = uuid.uuid4()
        assessment = await open_assessment(service, company_id=company)
        own = service.as_(Role.LOCAL_COMPANY, company)
        hidden = await service.http.get(f"/assessments/{assessment['id']}/history", headers=own)
        service.problem(hidden, 404)

    async def test_schedule_assessors_and_report_edits_are_on_the_record_too(
        self, service: Any
    ) -> None:
        assessment = await open_assessment(service)
        aid = assessment["id"]
        schedule = {
            "starts_on": "2027-04-05",
            "ends_on": "2027-04-09",
            "expected_cost": {"amount": "1850000.00", "currency": "KZT"},
        }
        assessment = await service.send("PUT", f"/assessments/{aid}/schedule", schedule, assessment)
        assessment = await service.send(
            "PATCH",
            f"/assessments/{aid}",
            {"assessors": [{"subject": "assessor-astana-2", "name": "Ерлан Сейітов"}]},
            assessment,
        )
        await service.send(
            "PATCH",
            f"/assessments/{aid}/report",
            {"business_objective": "Экспорт услуг"},
            assessment,
        )
        entries = (await service.get(f"/assessments/{aid}/history"))["items"]
        created, scheduled, reassigned, edited = entries
        assert created["after"]["assessors"] == [ASSESSOR] and created["before"] is None
        assert scheduled["action"] == "scheduled"
        assert scheduled["before"]["expected_cost"] is None
        assert scheduled["after"]["expected_cost"] == schedule["expected_cost"]
        assert (reassigned["action"], reassigned["before"], reassigned["after"]) == (
            "assessors_changed",
            {"assessors": [ASSESSOR]},
            {"assessors": ["assessor-astana-2"]},
        )
        assert (edited["action"], edited["before"], edited["after"]) == (
            "report_updated",
            {"business_objective": None},
            {"business_objective": "Экспорт услуг"},
        )
        # the assessor taken off the assessment no longer sees it, nor its history
        gone = service.as_(Role.ASSESSOR, subject=ASSESSOR)
        service.problem(await service.http.get(f"/assessments/{aid}/history", headers=gone), 404)
