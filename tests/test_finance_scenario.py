"""Finance end to end, through the gateway, on real NATS and a real database, with the
training service making the enrolments and internships it commits:

1. an approved cohort budget (programme manager drafts, the ministry approves);
2. an assessment visit scheduled (``blp.assessment.assessment.scheduled``) → a commitment
   by the assessment rule;
3. a development plan approved → needs in training → enrolments made through training's
   API → commitments split vendor / programme / company exactly (a vendor course and a
   business course with their own discounts);
4. a withdrawal in training → the commitment released;
5. a long internship approved in training → committed by the host rule (host 50 %);
6. invoices, payments and contributions recorded → the execution report and the company's
   statement agree with the commitments and the actuals to the cent.

The assessment service's events are published on NATS here as it publishes them (its own
chain up to them is ``test_assessment_scenario.py``); registry facts too.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.events.assessment import (
    AssessmentScheduled,
    CompanySelected,
    DevelopmentPlanApproved,
    InternshipRecommendation,
    TrainingRecommendation,
)
from shared.events.registry import CompanyFacts, CompanyRegistered
from shared.money import Money
from shared.natsserver import NatsServer
from shared.testing.events import publish
from tests.stack import Launch, Stack

pytestmark = pytest.mark.slow


class Caller:
    """One client of the gateway with a real client-credentials token."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.auth = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str) -> Any:
        response = await self.http.get(path, headers=self.auth)
        assert response.status_code == 200, response.text
        return response.json()

    async def post(self, path: str, body: dict[str, Any], expect: int = 201) -> Any:
        response = await self.http.post(path, json=body, headers=self.auth)
        assert response.status_code == expect, response.text
        return response.json()

    async def change(self, method: str, path: str, body: dict[str, Any]) -> Any:
        """A change quoting the resource's current ETag."""
        current = await self.http.get(path.rsplit("/", 1)[0] if method == "PUT" else path,
                                      headers=self.auth)  # fmt: skip
        assert current.status_code == 200, current.text
        response = await self.http.request(
            method, path, json=body, headers={**self.auth, "If-Match": current.headers["etag"]}
        )
        assert response.status_code == 200, response.text
        return response.json()


class Platform:
    """The gateway at ``/v1``, handing out callers."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.http = httpx.AsyncClient(base_url=f"{stack.url}/v1", timeout=60)

    async def caller(self, role: Role, company_id: uuid.UUID | None = None) -> Caller:
        return Caller(self.http, await self.stack.token(role, company_id))


@pytest.fixture
async def platform(launch_stack: Launch) -> AsyncIterator[Platform]:
    async with launch_stack(only=("training", "finance")) as stack:
        built = Platform(stack)
        yield built
        await built.http.aclose()


def facts(company_id: uuid.UUID, kind: str, name: str) -> CompanyFacts:
    return CompanyFacts(
        company_id=company_id,
        version=1,
        kind=kind,
        display_name=name,
        segments=["software_development"],
        in_scope=True,
        employees=40,
        status="active",
        publication="published",
    )


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def line(module: str, unit: str, high: int, rule: str) -> dict[str, Any]:
    return {
        "module": module,
        "description": f"{module}: оценка",
        "unit_cost": usd(unit),
        "low_quantity": "1",
        "high_quantity": str(high),
        "rule": rule,
    }


async def commitment(pm: Caller, source_id: str, status: str = "committed") -> dict[str, Any]:
    """The commitment finance made for a source, once it is there in ``status``."""
    for _ in range(300):
        page = await pm.get(f"/finance/commitments?source_id={source_id}")
        if page["items"] and page["items"][0]["status"] == status:
            return page["items"][0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {status} commitment for {source_id}")


def shares(found: dict[str, Any]) -> dict[str, str]:
    return {item["party"]: item["amount"]["amount"] for item in found["lines"]}


async def test_assessment_plan_enrolments_withdrawal_internship_payments_agree(
    platform: Platform, nats_server: NatsServer
) -> None:
    pm = await platform.caller(Role.PROGRAMME_MANAGER)
    ministry = await platform.caller(Role.MINISTRY)
    company_id, host_id, cohort_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    company = await platform.caller(Role.LOCAL_COMPANY, company_id)

    # the registry's facts and the selection board's decision, as published
    for event in (
        CompanyRegistered(company_id=company_id, company=facts(company_id, "local", "ТОО «Софт»")),
        CompanyRegistered(company_id=host_id, company=facts(host_id, "international", "Global")),
        CompanySelected(company_id=company_id, cohort_id=cohort_id, cohort_name="Когорта 2027"),
    ):
        await publish(nats_server.url, event)

    # 1. an approved budget for the cohort
    budget = await pm.post(
        "/finance/budgets",
        {
            "programme_year": 2027,
            "cohort_id": str(cohort_id),
            "currency": "USD",
            "title": "Когорта 2027",
            "lines": [
                line("assessment", "1100.00", 20, "assessment"),
                line("technical_training", "1200.00", 100, "technical_training"),
                line("business_training", "333.33", 50, "business_training"),
                line("exchange_internships", "12000.00", 5, "long_internship"),
            ],
        },
    )
    path = f"/finance/budgets/{budget['id']}/status"
    await pm.change("PUT", path, {"status": "submitted"})
    await ministry.change("PUT", path, {"status": "approved"})

    # 2. the assessment visit scheduled → a commitment by the assessment rule
    visit = AssessmentScheduled(
        assessment_id=uuid.uuid4(),
        company_id=company_id,
        cohort_id=cohort_id,
        starts_on=date(2027, 4, 5),
        ends_on=date(2027, 4, 9),
        expected_cost=Money.of("1100.00", "USD"),
        assessors=2,
    )
    await publish(nats_server.url, visit)
    assessed = await commitment(pm, str(visit.assessment_id))
    assert (assessed["module"], assessed["rule"]["code"]) == ("assessment", "assessment")
    assert shares(assessed) == {"programme": "990.00", "local_company": "110.00"}

    # 3. the development plan → needs in training → enrolments through training's API
    plan = DevelopmentPlanApproved(
        assessment_id=visit.assessment_id,
        company_id=company_id,
        cohort_id=cohort_id,
        approved_at=datetime.now(UTC),
        training=[
            TrainingRecommendation(
                item_id=uuid.uuid4(),
                function="Сетевые инженеры",
                skills_area=area,
                recommendation="Сертификация",
            )
            for area in ("network_engineer", "network_engineer", "sales_marketing")
        ],
        internships=[
            InternshipRecommendation(
                item_id=uuid.uuid4(),
                staff_member="Ерлан Сейітов",
                kind="long",
                purpose="Четыре месяца в команде партнёра",
                host_company_id=host_id,
            )
        ],
    )
    await publish(nats_server.url, plan)
    for _ in range(300):
        needs = (await pm.get(f"/training/needs?company_id={company_id}&kind=training"))["items"]
        if len(needs) == 3:
            break
        await asyncio.sleep(0.05)
    assert len(needs) == 3

    async def approved_course(area: str, price: str, discount: str) -> dict[str, Any]:
        course = await pm.post(
            "/training/courses",
            {
                "skills_area": area,
                "title": f"Курс {area}",
                "provider": "Vendor Academy",
                "provider_kind": "vendor",
                "certification": {"name": f"Certified {area}"},
                "languages": ["ru", "en"],
                "delivery": ["online"],
                "duration_hours": 40,
                "list_price": usd(price),
                "vendor_discount_percent": discount,
                "verification_method": "credential_url",
            },
        )
        await pm.change("PUT", f"/training/courses/{course['id']}/status", {"status": "approved"})
        return await pm.post(
            "/training/sessions",
            {
                "course_id": course["id"],
                "starts_on": "2027-02-01",
                "ends_on": "2027-02-05",
                "city": "online",
                "seat_limit": 10,
            },
        )

    technical = await approved_course("network_engineer", "1200.00", "75")
    business = await approved_course("sales_marketing", "333.33", "10")
    enrolments = []
    for index, need in enumerate(sorted(needs, key=lambda n: n["skills_area"])):
        trainee = await company.post(
            "/training/trainees",
            {"name": f"Сотрудник {index}", "function": "Инженер", "languages": ["ru"]},
        )
        session = business if need["skills_area"] == "sales_marketing" else technical
        enrolments.append(
            await company.post(
                "/training/enrolments",
                {"need_id": need["id"], "trainee_id": trainee["id"], "session_id": session["id"]},
            )
        )
    made = [await commitment(pm, e["id"]) for e in enrolments]
    # network, network, sales: 1,200.00 at 75 % in kind; 333.33 at 10 %, then 90/10
    assert [shares(c) for c in made] == [
        {"vendor": "900.00", "programme": "270.00", "local_company": "30.00"},
        {"vendor": "900.00", "programme": "270.00", "local_company": "30.00"},
        {"vendor": "33.33", "programme": "270.00", "local_company": "30.00"},
    ]
    assert [c["module"] for c in made] == ["technical_training"] * 2 + ["business_training"]

    # 4. a withdrawal in training releases the commitment
    await company.change(
        "PUT", f"/training/enrolments/{enrolments[1]['id']}/withdrawal", {"reason": "уволился"}
    )
    await commitment(pm, enrolments[1]["id"], status="released")

    # 5. the long internship, proposed from the plan, approved → the host rule
    [internship] = (await pm.get(f"/training/internships?company_id={company_id}"))["items"]
    intern = await company.post(
        "/training/trainees", {"name": "Ерлан Сейітов", "function": "DevOps", "languages": ["ru"]}
    )
    internship_path = f"/training/internships/{internship['id']}"
    await pm.change(
        "PATCH",
        internship_path,
        {
            "trainee_id": intern["id"],
            "host_company_id": str(host_id),
            "starts_on": "2027-09-01",
            "ends_on": "2027-12-31",
            "estimated_cost": [
                {"item": "travel", "amount": usd("1400.00")},
                {"item": "stay", "amount": usd("9600.01")},
            ],
        },
    )
    await pm.change("PUT", f"{internship_path}/status", {"status": "approved"})
    hosted = await commitment(pm, internship["id"])
    assert (hosted["module"], hosted["rule"]["code"]) == ("exchange_internships", "long_internship")
    assert shares(hosted) == {"host_company": "5500.01", "programme": "5500.00"}

    # 6. invoices, payments and contributions; then the report and the statement agree
    def line_of(found: dict[str, Any], party: str) -> str:
        return next(item["id"] for item in found["lines"] if item["party"] == party)

    paid = Decimal(0)
    for found in (assessed, made[0], made[2], hosted):
        programme = line_of(found, "programme")
        amount = next(i["amount"] for i in found["lines"] if i["party"] == "programme")
        for kind in ("invoice", "payment"):
            await pm.post(
                "/finance/actuals",
                {"line_id": programme, "kind": kind, "amount": amount, "occurred_on": "2027-03-01"},
            )
        paid += Decimal(amount["amount"])
    await pm.post(
        "/finance/actuals",
        {
            "line_id": line_of(made[0], "local_company"),
            "kind": "contribution",
            "amount": usd("30.00"),
            "occurred_on": "2027-03-02",
        },
    )
    paid += Decimal("30.00")

    in_force = [assessed, made[0], made[2], hosted]
    report = await ministry.get(f"/finance/reports/budget-execution/{budget['id']}")
    committed = sum(Decimal(i["amount"]["amount"]) for c in in_force for i in c["lines"])
    assert Decimal(report["total"]["committed"]["total"]["amount"]) == committed
    assert committed == Decimal("1100.00") + Decimal("1200.00") + Decimal("333.33") + Decimal(
        "11000.01"
    )
    assert Decimal(report["total"]["paid"]["total"]["amount"]) == paid
    assert Decimal(report["total"]["remaining"]["total"]["amount"]) == committed - paid
    by_party: dict[str, Decimal] = {}
    for c in in_force:
        for item in c["lines"]:
            by_party[item["party"]] = by_party.get(item["party"], Decimal(0)) + Decimal(
                item["amount"]["amount"]
            )
    assert {p: Decimal(m["amount"]) for p, m in report["total"]["committed"]["shares"].items()} == (
        by_party
    )

    statement = await company.get(f"/finance/reports/company-statement/{company_id}")
    [currency] = statement["currencies"]
    assert statement["commitments"] == 4
    ours = {p: Decimal(m["amount"]) for p, m in currency["total"]["shares"].items()}
    assert ours["local_company"] == Decimal("110.00") + Decimal("30.00") + Decimal("30.00")
    assert ours == by_party
    modules = report["modules"]
    for module in modules:
        if module["module"] in currency["modules"]:
            assert module["committed"]["total"] == currency["modules"][module["module"]]["total"]
    # another company reads nothing of this company's statement
    stranger = await platform.caller(Role.LOCAL_COMPANY, uuid.uuid4())
    hidden = await stranger.http.get(
        f"/finance/reports/company-statement/{company_id}", headers=stranger.auth
    )
    assert hidden.status_code in (403, 404), hidden.text
