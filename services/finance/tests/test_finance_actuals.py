"""Actuals against commitment lines: the programme is invoiced and pays, the company
contributes, the vendor's discount is recognised in kind; each line goes committed →
invoiced → paid, and nothing is ever paid beyond a line (409 naming it and what is left)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from shared.auth import Role
from shared.db import utcnow
from shared.events.training import EnrolmentCreated, EnrolmentWithdrawn
from shared.money import Money


def enrolment() -> EnrolmentCreated:
    return EnrolmentCreated(
        enrolment_id=uuid.uuid4(),
        company_id=uuid.uuid4(),
        cohort_id=uuid.uuid4(),
        trainee_id=uuid.uuid4(),
        course_id=uuid.uuid4(),
        skills_area="database_developer",
        module="technical_training",
        list_price=Money.of("1200.00", "USD"),
        vendor_discount_percent=Decimal(75),
        enrolled_at=utcnow(),
    )


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


async def committed(service: Any, event: EnrolmentCreated, count: int = 1) -> dict[str, Any]:
    await service.publish(event)
    await service.consumed(count)
    page = await service.get(f"/commitments?source_id={event.enrolment_id}")
    return page["items"][0]


def by_party(commitment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["party"]: line for line in commitment["lines"]}


async def record(service: Any, line: dict[str, Any], kind: str, amount: str, **extra: Any) -> Any:
    body = {"line_id": line["id"], "kind": kind, "amount": usd(amount), "occurred_on": "2027-03-01"}
    return await service.http.post("/actuals", json={**body, **extra}, headers=service.pm)


class TestLineStates:
    async def test_each_party_settles_its_line_and_the_states_follow(self, service: Any) -> None:
        commitment = await committed(service, enrolment())
        lines = by_party(commitment)
        assert {p: line["state"] for p, line in lines.items()} == dict.fromkeys(
            ("vendor", "programme", "local_company"), "committed"
        )
        steps = [
            (lines["programme"], "invoice", "270.00", "INV-1"),
            (lines["programme"], "payment", "200.00", "PAY-1"),
            (lines["local_company"], "contribution", "30.00", None),
            (lines["vendor"], "in_kind", "900.00", "INV-1"),
        ]
        for line, kind, amount, reference in steps:
            response = await record(service, line, kind, amount, reference=reference)
            assert response.status_code == 201, response.text
        read = by_party(await service.get(f"/commitments/{commitment['id']}"))
        programme = read["programme"]
        assert (programme["state"], programme["invoiced"], programme["paid"]) == (
            "part_paid",
            usd("270.00"),
            usd("200.00"),
        )
        assert programme["remaining"] == usd("70.00")
        assert (read["local_company"]["state"], read["vendor"]["state"]) == ("paid", "paid")

        response = await record(service, lines["programme"], "payment", "70.01")
        body = service.problem(response, 409, "line_overpaid")
        assert lines["programme"]["id"] in body["detail"] and "70.00 USD is left" in body["detail"]
        assert body["left"] == usd("70.00")
        assert (await record(service, lines["programme"], "payment", "70.00")).status_code == 201
        final = by_party(await service.get(f"/commitments/{commitment['id']}"))
        assert final["programme"]["state"] == "paid"

        listed = await service.get(f"/actuals?commitment_id={commitment['id']}")
        assert [a["kind"] for a in listed["items"]] == [
            "invoice",
            "payment",
            "contribution",
            "in_kind",
            "payment",
        ]
        history = await service.get(f"/commitments/{commitment['id']}/history")
        assert history["items"][-1]["action"] == "payment_recorded"

    async def test_payments_beyond_invoices_and_invoices_beyond_the_line_are_refused(
        self, service: Any
    ) -> None:
        programme = by_party(await committed(service, enrolment()))["programme"]
        service.problem(
            await record(service, programme, "payment", "1.00"), 409, "payment_exceeds_invoiced"
        )
        assert (await record(service, programme, "invoice", "100.00")).status_code == 201
        service.problem(
            await record(service, programme, "invoice", "170.01"), 409, "line_overinvoiced"
        )
        service.problem(
            await record(service, programme, "payment", "100.01"), 409, "payment_exceeds_invoiced"
        )


class TestBadActuals:
    async def test_wrong_kind_currency_or_amount_is_a_422_and_released_lines_a_409(
        self, service: Any
    ) -> None:
        event = enrolment()
        lines = by_party(await committed(service, event))
        cases = [
            (await record(service, lines["local_company"], "payment", "1.00"), "kind"),
            (await record(service, lines["vendor"], "contribution", "1.00"), "kind"),
            (await record(service, lines["programme"], "invoice", "0.00"), "amount"),
            # the schema's pattern refuses the minus sign (NonNegativeMoney), naming the amount
            (await record(service, lines["programme"], "invoice", "-5.00"), "amount.amount"),
            (await record(service, lines["programme"], "refund", "5.00"), "kind"),
        ]
        kzt = await service.http.post(
            "/actuals",
            json={
                "line_id": lines["programme"]["id"],
                "kind": "invoice",
                "amount": {"amount": "100", "currency": "KZT"},
                "occurred_on": "2027-03-01",
            },
            headers=service.pm,
        )
        cases.append((kzt, "amount"))
        for response, field in cases:
            assert service.fields(service.problem(response, 422)) == {field}, response.text
        missing = await service.http.post(
            "/actuals",
            json={
                "line_id": str(uuid.uuid4()),
                "kind": "invoice",
                "amount": usd("1.00"),
                "occurred_on": "2027-03-01",
            },
            headers=service.pm,
        )
        service.problem(missing, 404)

        await service.publish(
            EnrolmentWithdrawn(
                enrolment_id=event.enrolment_id,
                company_id=event.company_id,
                cohort_id=event.cohort_id,
                withdrawn_at=utcnow(),
            )
        )
        await service.consumed(2)
        response = await record(service, lines["programme"], "invoice", "1.00")
        service.problem(response, 409, "commitment_released")
        assert (await service.get("/actuals"))["items"] == []

    async def test_only_programme_staff_record_and_a_company_sees_its_own(
        self, service: Any
    ) -> None:
        event = enrolment()
        lines = by_party(await committed(service, event))
        body = {
            "line_id": lines["local_company"]["id"],
            "kind": "contribution",
            "amount": usd("10.00"),
            "occurred_on": "2027-03-01",
        }
        for headers in (service.ministry, service.company(event.company_id)):
            service.problem(await service.http.post("/actuals", json=body, headers=headers), 403)
        analyst = service.as_(Role.ANALYST)
        response = await service.http.post("/actuals", json=body, headers=analyst)
        assert response.status_code == 201, response.text
        own = await service.get("/actuals", service.company(event.company_id))
        assert len(own["items"]) == 1
        assert (await service.get("/actuals", service.company(uuid.uuid4())))["items"] == []


class TestNoExistenceOracle:
    async def test_another_companys_commitment_line_is_answered_as_a_random_one(
        self, service: Any
    ) -> None:
        """docs/conventions.md, access.py: a create naming a record the caller cannot read
        answers as for a random id. Staff alone record actuals (they read every line), so a
        company's caller is refused by role before the line is looked up."""
        theirs = by_party(await committed(service, enrolment()))["programme"]
        caller = service.company(uuid.uuid4())
        answers = []
        for line_id in (theirs["id"], str(uuid.uuid4())):
            body = {"line_id": line_id, "kind": "invoice", "amount": usd("10.00")}
            response = await service.http.post(
                "/actuals", json={**body, "occurred_on": "2027-03-01"}, headers=caller
            )
            problem = {k: v for k, v in response.json().items() if k != "request_id"}
            answers.append((response.status_code, problem))
        assert answers[0] == answers[1]
        assert answers[0][0] == 403
