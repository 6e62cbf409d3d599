"""Reports: budget execution per module (budgeted low/high against the commitments in force,
by party, to the cent) and a local company's statement, each readable only by those who may."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from shared.auth import Role
from shared.db import utcnow
from shared.events.assessment import AssessmentScheduled
from shared.events.training import (
    CostItem,
    EnrolmentCreated,
    EnrolmentWithdrawn,
    InternshipApproved,
    ProgrammeEventScheduled,
)
from shared.money import Money


def enrolment(cohort: uuid.UUID, company: uuid.UUID, price: str, **extra: Any) -> EnrolmentCreated:
    values: dict[str, Any] = {
        "enrolment_id": uuid.uuid4(),
        "company_id": company,
        "cohort_id": cohort,
        "trainee_id": uuid.uuid4(),
        "course_id": uuid.uuid4(),
        "skills_area": "system_administrator",
        "module": "technical_training",
        "list_price": Money.of(price, "USD"),
        "vendor_discount_percent": Decimal(75),
        "enrolled_at": utcnow(),
        **extra,
    }
    return EnrolmentCreated(**values)


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def cost_line(module: str, unit: str, low: int, high: int, rule: str) -> dict[str, Any]:
    return {
        "module": module,
        "description": f"{module} line",
        "unit_cost": usd(unit),
        "low_quantity": str(low),
        "high_quantity": str(high),
        "rule": rule,
    }


async def scenario(service: Any) -> dict[str, Any]:
    """A cohort's budget and, through NATS, what training and assessment committed for it."""
    cohort, ours, theirs = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    budget = await service.post(
        "/budgets",
        {
            "programme_year": 2027,
            "cohort_id": str(cohort),
            "currency": "USD",
            "title": "Cohort budget",
            "lines": [
                cost_line("technical_training", "1200.00", 1, 2, "technical_training"),
                cost_line("assessment", "1000.00", 1, 1, "assessment"),
            ],
        },
    )
    kept = enrolment(cohort, ours, "1200.00")
    dropped = enrolment(cohort, ours, "999.99")
    other_cohort = enrolment(uuid.uuid4(), ours, "5000.00")
    events = [
        kept,
        dropped,
        enrolment(cohort, theirs, "1500.01"),
        other_cohort,
        EnrolmentWithdrawn(
            enrolment_id=dropped.enrolment_id,
            company_id=ours,
            cohort_id=cohort,
            withdrawn_at=utcnow(),
        ),
        AssessmentScheduled(
            assessment_id=uuid.uuid4(),
            company_id=ours,
            cohort_id=cohort,
            starts_on=date(2027, 4, 5),
            ends_on=date(2027, 4, 9),
            expected_cost=Money.of("1100.00", "USD"),
            assessors=2,
        ),
        InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=ours,
            cohort_id=cohort,
            trainee_id=uuid.uuid4(),
            kind="short",
            host_company_id=uuid.uuid4(),
            starts_on=date(2027, 5, 10),
            ends_on=date(2027, 5, 21),
            estimated_cost=[CostItem(item="stay", amount=Money.of("500000", "KZT"))],
            approved_at=utcnow(),
        ),
    ]
    for event in events:
        await service.publish(event)
    await service.consumed(len(events))
    return {"budget": budget, "cohort": cohort, "ours": ours, "theirs": theirs}


class TestBudgetExecution:
    async def test_committed_by_party_beside_the_estimate_per_module(self, service: Any) -> None:
        world = await scenario(service)
        report = await service.get(
            f"/reports/budget-execution/{world['budget']['id']}", service.ministry
        )
        modules = {m["module"]: m for m in report["modules"]}
        assert len(modules) == 7
        technical = modules["technical_training"]
        assert technical["budgeted"]["high"]["total"] == usd("2400.00")
        # 1,200.00 (900 / 270 / 30) and 1,500.01 (1,125.01 / 337.50 / 37.50), not the
        # withdrawn enrolment, not the other cohort's
        assert technical["committed"]["total"] == usd("2700.01")
        assert technical["committed"]["shares"] == {
            "vendor": usd("2025.01"),
            "programme": usd("607.50"),
            "local_company": usd("67.50"),
        }
        assert technical["committed"]["in_kind"] == usd("2025.01")
        assert (technical["over_high"], technical["committed_percent_of_high"]) == (True, "112.50")
        assessment = modules["assessment"]
        assert assessment["committed"]["shares"] == {
            "programme": usd("990.00"),
            "local_company": usd("110.00"),
        }
        assert assessment["over_high"] is True
        assert modules["sector_database"]["committed"]["total"] == usd("0.00")
        assert modules["sector_database"]["committed_percent_of_high"] is None

        total = report["total"]
        assert total["committed"]["total"] == usd("3800.01")
        assert total["budgeted"]["high"]["total"] == usd("3400.00")
        parts = total["committed"]["shares"].values()
        assert sum(Decimal(p["amount"]) for p in parts) == Decimal("3800.01")
        for party, amount in total["committed"]["shares"].items():
            assert sum(
                Decimal(m["committed"]["shares"].get(party, usd("0"))["amount"])
                for m in report["modules"]
            ) == Decimal(amount["amount"])
        [kzt] = report["other_currencies"]
        assert kzt["currency"] == "KZT"
        assert kzt["total"]["shares"] == {
            "international_company": {"amount": "100000.00", "currency": "KZT"},
            "programme": {"amount": "360000.00", "currency": "KZT"},
            "local_company": {"amount": "40000.00", "currency": "KZT"},
        }
        assert list(kzt["modules"]) == ["exchange_internships"]

    async def test_only_the_ministry_and_the_programme_manager_read_it(self, service: Any) -> None:
        budget = await service.post(
            "/budgets",
            {
                "programme_year": 2027,
                "currency": "USD",
                "title": "Whole year",
                "lines": [cost_line("assessment", "10.00", 1, 1, "assessment")],
            },
        )
        path = f"/reports/budget-execution/{budget['id']}"
        report = await service.get(path)
        assert report["scope"].endswith("committed in 2027 (UTC)")
        assert report["total"]["committed"]["total"] == usd("0.00")
        for headers in (service.as_(Role.ANALYST), service.company(uuid.uuid4())):
            service.problem(await service.http.get(path, headers=headers), 403)
        response = await service.http.get(
            f"/reports/budget-execution/{uuid.uuid4()}", headers=service.pm
        )
        service.problem(response, 404)


class TestCompanyStatement:
    async def test_a_company_reads_its_own_statement_and_no_one_elses(self, service: Any) -> None:
        world = await scenario(service)
        ours = service.company(world["ours"])
        statement = await service.get(f"/reports/company-statement/{world['ours']}", ours)
        assert statement["commitments"] == 4  # kept, other cohort, assessment, internship
        usd_part = {c["currency"]: c for c in statement["currencies"]}["USD"]
        assert usd_part["total"]["shares"]["local_company"] == usd("265.00")  # 30 + 125 + 110
        assert usd_part["total"]["total"] == usd("7300.00")
        one_cohort = await service.get(
            f"/reports/company-statement/{world['ours']}?cohort_id={world['cohort']}", ours
        )
        assert one_cohort["commitments"] == 3

        response = await service.http.get(
            f"/reports/company-statement/{world['theirs']}", headers=ours
        )
        service.problem(response, 404)
        theirs = await service.get(f"/reports/company-statement/{world['theirs']}", service.pm)
        assert theirs["currencies"][0]["total"]["total"] == usd("1500.01")


class TestPaidAndRemaining:
    async def test_actuals_show_as_invoiced_paid_and_remaining_by_party(self, service: Any) -> None:
        world = await scenario(service)
        page = await service.get(
            f"/commitments?cohort_id={world['cohort']}&company_id={world['ours']}"
            "&module=technical_training&status=committed"
        )
        [kept] = page["items"]
        lines = {line["party"]: line for line in kept["lines"]}
        for party, kind, amount in [
            ("programme", "invoice", "270.00"),
            ("programme", "payment", "250.00"),
            ("local_company", "contribution", "30.00"),
        ]:
            response = await service.http.post(
                "/actuals",
                json={
                    "line_id": lines[party]["id"],
                    "kind": kind,
                    "amount": usd(amount),
                    "occurred_on": "2027-03-01",
                },
                headers=service.pm,
            )
            assert response.status_code == 201, response.text
        report = await service.get(f"/reports/budget-execution/{world['budget']['id']}")
        technical = {m["module"]: m for m in report["modules"]}["technical_training"]
        assert technical["invoiced"]["shares"] == {"programme": usd("270.00")}
        assert technical["paid"]["shares"] == {
            "programme": usd("250.00"),
            "local_company": usd("30.00"),
        }
        assert technical["remaining"]["shares"] == {
            "vendor": usd("2025.01"),
            "programme": usd("357.50"),
            "local_company": usd("37.50"),
        }
        assert report["total"]["paid"]["total"] == usd("280.00")
        assert report["total"]["remaining"]["total"] == usd("3520.01")


class TestBeyondTheBudget:
    async def test_a_commitment_past_the_approved_high_estimate_is_recorded_and_flagged(
        self, service: Any
    ) -> None:
        cohort, company = uuid.uuid4(), uuid.uuid4()
        budget = await service.post(
            "/budgets",
            {
                "programme_year": 2027,
                "cohort_id": str(cohort),
                "currency": "USD",
                "title": "Tight",
                "lines": [cost_line("technical_training", "1200.00", 1, 2, "technical_training")],
            },
        )
        before_approval = enrolment(cohort, company, "5000.00")
        await service.publish(before_approval)
        await service.consumed(1)
        for status, headers in (("submitted", service.pm), ("approved", service.ministry)):
            budget = await service.send(
                "PUT", f"/budgets/{budget['id']}/status", {"status": status}, budget, headers
            )
        await service.publish(
            EnrolmentWithdrawn(
                enrolment_id=before_approval.enrolment_id,
                company_id=company,
                cohort_id=cohort,
                withdrawn_at=utcnow(),
            )
        )
        events = [enrolment(cohort, company, "1200.00") for _ in range(3)]
        for event in events:
            await service.publish(event)
        await service.consumed(5)
        flags = []
        for event in [before_approval, *events]:
            page = await service.get(f"/commitments?source_id={event.enrolment_id}")
            flags.append(page["items"][0]["over_budget"])
        # no approved budget yet; then 1,200 and 2,400 are within the 2,400 high; 3,600 is not
        assert flags == [False, False, False, True]
        flagged = await service.get(f"/commitments?cohort_id={cohort}&over_budget=true")
        assert [c["source"]["id"] for c in flagged["items"]] == [str(events[2].enrolment_id)]


class TestCsv:
    async def test_the_execution_report_as_csv_with_a_bom_agrees_with_the_json(
        self, service: Any
    ) -> None:
        world = await scenario(service)
        path = f"/reports/budget-execution/{world['budget']['id']}"
        report = await service.get(path)
        response = await service.http.get(path, headers={**service.ministry, "accept": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        by_key = {(r["module"], r["party"]): r for r in rows}
        technical = by_key[("technical_training", "all")]
        assert technical["module_ru"] == "Техническое обучение"
        assert (technical["budgeted_high"], technical["committed"]) == ("2400.00", "2700.01")
        vendor = by_key[("technical_training", "vendor")]
        assert (vendor["in_kind"], vendor["committed"], vendor["budgeted_low"]) == (
            "yes",
            "2025.01",
            "900.00",
        )
        total = by_key[("total", "all")]
        assert total["committed"] == report["total"]["committed"]["total"]["amount"]
        assert total["module_ru"] == "Итого"
        for module in report["modules"]:
            row = by_key[(module["module"], "all")]
            assert row["committed"] == module["committed"]["total"]["amount"]
            assert row["remaining"] == module["remaining"]["total"]["amount"]
        as_json = await service.http.get(
            path, headers={**service.pm, "accept": "application/json, text/csv"}
        )
        assert as_json.json() == {**report, "generated_at": as_json.json()["generated_at"]}


class TestPartnerStatement:
    async def test_a_partner_reads_what_it_committed_and_contributed_and_no_one_elses(
        self, service: Any
    ) -> None:
        partner, other = uuid.uuid4(), uuid.uuid4()
        cohort = uuid.uuid4()
        sponsored = ProgrammeEventScheduled(
            programme_event_id=uuid.uuid4(),
            cohort_id=cohort,
            kind="graduation",
            held_on=date(2027, 12, 10),
            estimated_cost=Money.of("10000.00", "USD"),
            sponsor_company_ids=[partner, other],
            scheduled_at=utcnow(),
        )
        hosted = InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=uuid.uuid4(),
            cohort_id=cohort,
            trainee_id=uuid.uuid4(),
            kind="long",
            host_company_id=partner,
            starts_on=date(2027, 9, 1),
            ends_on=date(2028, 2, 28),
            estimated_cost=[CostItem(item="stay", amount=Money.of("9000.00", "USD"))],
            approved_at=utcnow(),
        )
        for event in (sponsored, hosted):
            await service.publish(event)
        await service.consumed(2)
        page = await service.get(f"/commitments?source_id={hosted.internship_id}")
        [host_line] = [
            line for line in page["items"][0]["lines"] if line["party"] == "host_company"
        ]
        response = await service.http.post(
            "/actuals",
            json={
                "line_id": host_line["id"],
                "kind": "contribution",
                "amount": usd("3000.00"),
                "occurred_on": "2027-09-01",
            },
            headers=service.pm,
        )
        assert response.status_code == 201, response.text

        as_partner = service.as_(Role.INTERNATIONAL_COMPANY, partner)
        statement = await service.get(f"/reports/partner-statement/{partner}", as_partner)
        assert statement["commitments"] == 2
        [dollars] = statement["currencies"]
        modules = dollars["modules"]
        assert modules["promotion_marketing"]["committed"]["shares"] == {
            "international_company": usd("1000.00")  # half of the sponsors' 20 %
        }
        assert modules["exchange_internships"]["committed"]["shares"] == {
            "host_company": usd("4500.00")
        }
        assert dollars["total"]["committed"]["total"] == usd("5500.00")
        assert dollars["total"]["contributed"]["total"] == usd("3000.00")
        assert dollars["total"]["remaining"]["total"] == usd("2500.00")

        response = await service.http.get(f"/reports/partner-statement/{other}", headers=as_partner)
        service.problem(response, 404)
        theirs = await service.get(f"/reports/partner-statement/{other}", service.ministry)
        assert theirs["currencies"][0]["total"]["committed"]["total"] == usd("1000.00")


class TestRatePolicy:
    async def test_other_currencies_converted_by_the_stated_policy_or_a_409(
        self, service: Any
    ) -> None:
        world = await scenario(service)
        path = f"/reports/budget-execution/{world['budget']['id']}"
        today = utcnow().date().isoformat()
        response = await service.http.get(
            f"{path}?rate_policy=transaction_date", headers=service.pm
        )
        body = service.problem(response, 409, "rate_missing")
        assert (body["currency"], body["on"]) == ("KZT", today)

        for on, value in ((today, "500.00"), ("2027-03-01", "400.00")):
            await service.post(
                "/exchange-rates", {"base": "USD", "quote": "KZT", "on": on, "rate": value}
            )
        by_date = await service.get(f"{path}?rate_policy=transaction_date")
        assert by_date["rate_policy"] == {
            "policy": "transaction_date",
            "rate_on": None,
            "source": "nbk",
            "rate_type": "official",
        }
        exchange = {m["module"]: m for m in by_date["modules"]}["exchange_internships"]
        # 500,000 KZT at 500: 100,000 / 360,000 / 40,000 KZT -> 200 / 720 / 80 USD
        assert exchange["committed_converted"]["shares"] == {
            "international_company": usd("200.00"),
            "programme": usd("720.00"),
            "local_company": usd("80.00"),
        }
        assert exchange["committed"]["total"] == usd("0.00")  # the USD figures stay as they are
        assert by_date["total"]["committed_converted"]["total"] == usd("4800.01")
        fixed = await service.get(f"{path}?rate_policy=fixed&rate_on=2027-03-01")
        assert fixed["total"]["committed_converted"]["total"] == usd("5050.01")  # + 1,250
        plain = await service.get(path)
        assert (plain["rate_policy"], plain["total"]["committed_converted"]) == (None, None)
        for query, field in (
            ("rate_on=2027-03-01", "rate_policy"),
            ("rate_policy=fixed", "rate_on"),
        ):
            response = await service.http.get(f"{path}?{query}", headers=service.pm)
            assert service.fields(service.problem(response, 422)) == {field}


async def record(service: Any, line: dict[str, Any], kind: str, amount: str, on: str) -> None:
    await service.post(
        "/actuals",
        {
            "line_id": line["id"],
            "kind": kind,
            "amount": {"amount": amount, "currency": line["amount"]["currency"]},
            "occurred_on": on,
        },
    )


async def lines_by_party(service: Any, source_kind: str, cohort: uuid.UUID) -> dict[str, Any]:
    page = await service.get(f"/commitments?source_kind={source_kind}&cohort_id={cohort}")
    [commitment] = page["items"]
    return {line["party"]: line for line in commitment["lines"]}


class TestRatePolicyOnActualsAndStatements:
    async def test_invoices_and_payments_converted_each_at_its_own_date_or_the_fixed_one(
        self, service: Any
    ) -> None:
        """The KZT internship invoiced and paid on 2027-03-01 (400 KZT a dollar) and
        contributed to today (500): under transaction_date each actual at its own date's
        rate, under fixed all at one; the USD assessment invoice as it is."""
        world = await scenario(service)
        today = utcnow().date().isoformat()
        for on, value in ((today, "500.00"), ("2027-03-01", "400.00")):
            await service.post(
                "/exchange-rates", {"base": "USD", "quote": "KZT", "on": on, "rate": value}
            )
        internship = await lines_by_party(service, "internship", world["cohort"])
        await record(service, internship["programme"], "invoice", "360000.00", "2027-03-01")
        await record(service, internship["programme"], "payment", "200000.00", "2027-03-01")
        await record(service, internship["local_company"], "contribution", "40000.00", today)
        assessment = await lines_by_party(service, "assessment", world["cohort"])
        await record(service, assessment["programme"], "invoice", "990.00", "2027-04-05")
        path = f"/reports/budget-execution/{world['budget']['id']}"

        by_date = await service.get(f"{path}?rate_policy=transaction_date")
        exchange = {m["module"]: m for m in by_date["modules"]}["exchange_internships"]
        assert exchange["invoiced_converted"]["shares"] == {"programme": usd("900.00")}
        assert exchange["paid_converted"]["shares"] == {
            "programme": usd("500.00"),
            "local_company": usd("80.00"),
        }
        # committed at today's 500: 200 / 720 / 80, less what was paid
        assert exchange["remaining_converted"]["shares"] == {
            "international_company": usd("200.00"),
            "programme": usd("220.00"),
            "local_company": usd("0.00"),
        }
        assert exchange["invoiced"]["total"] == usd("0.00")  # the USD figures stay as they are
        total = by_date["total"]
        assert total["invoiced_converted"]["total"] == usd("1890.00")
        assert total["paid_converted"]["total"] == usd("580.00")
        assert total["invoiced"]["total"] == usd("990.00")

        fixed = await service.get(f"{path}?rate_policy=fixed&rate_on={today}")
        assert fixed["total"]["invoiced_converted"]["total"] == usd("1710.00")  # 990 + 720
        assert fixed["total"]["paid_converted"]["total"] == usd("480.00")  # 400 + 80
        plain = await service.get(path)
        assert (plain["total"]["invoiced_converted"], plain["total"]["paid_converted"]) == (
            None,
            None,
        )

        # the exports carry the converted figures too
        response = await service.http.get(
            f"{path}?rate_policy=transaction_date", headers={**service.pm, "accept": "text/csv"}
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        [total_row] = [r for r in rows if r["module"] == "total" and r["party"] == "all"]
        assert (total_row["invoiced_converted"], total_row["paid_converted"]) == (
            "1890.00",
            "580.00",
        )
        assert "invoiced_converted" not in (
            await service.http.get(path, headers={**service.pm, "accept": "text/csv"})
        ).content.decode("utf-8-sig")
        from openpyxl import load_workbook

        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = await service.http.get(
            f"{path}?rate_policy=transaction_date", headers={**service.pm, "accept": xlsx}
        )
        sheet = load_workbook(io.BytesIO(response.content))["Execution"]
        cells = [list(r) for r in sheet.iter_rows(values_only=True)]
        [header] = [r for r in cells if r and r[0] == "Module"]
        column = {heading: index for index, heading in enumerate(header) if heading}
        [total_cells] = [r for r in cells if r[0] == "Total" and r[2] == "All parties"]
        for heading, amount in (("Invoiced, converted", "1890.00"), ("Paid, converted", "580.00")):
            assert Decimal(str(total_cells[column[heading]])).quantize(Decimal("0.01")) == Decimal(
                amount
            )
        assert any(r[1] and "each transaction's date" in str(r[1]) for r in cells if r)

    async def test_statements_converted_into_a_currency_and_a_missing_rate_named(
        self, service: Any
    ) -> None:
        world = await scenario(service)
        ours = world["ours"]
        internship = await lines_by_party(service, "internship", world["cohort"])
        partner = uuid.UUID(internship["international_company"]["company_id"])
        statement = f"/reports/company-statement/{ours}"
        response = await service.http.get(
            f"{statement}?rate_policy=transaction_date&currency=USD", headers=service.pm
        )
        body = service.problem(response, 409, "rate_missing")
        assert (body["currency"], body["on"]) == ("KZT", utcnow().date().isoformat())
        response = await service.http.get(
            f"{statement}?rate_policy=transaction_date", headers=service.pm
        )
        assert service.fields(service.problem(response, 422)) == {"currency"}

        today = utcnow().date().isoformat()
        for on, value in ((today, "500.00"), ("2027-03-01", "400.00")):
            await service.post(
                "/exchange-rates", {"base": "USD", "quote": "KZT", "on": on, "rate": value}
            )
        await record(
            service, internship["international_company"], "contribution", "50000.00", "2027-03-01"
        )
        await record(service, internship["local_company"], "contribution", "40000.00", today)
        mine = await service.get(
            f"{statement}?rate_policy=transaction_date&currency=USD", service.company(ours)
        )
        assert mine["rate_policy"]["policy"] == "transaction_date"
        # 1,200.00 and 5,000.00 (enrolments, one in another cohort) + 1,100.00 (assessment)
        # + 500,000 KZT at 500: 1,000.00
        assert mine["converted"]["currency"] == "USD"
        assert mine["converted"]["total"]["total"] == usd("8300.00")
        assert mine["converted"]["modules"]["exchange_internships"]["total"] == usd("1000.00")
        assert [c["currency"] for c in mine["currencies"]] == ["KZT", "USD"]  # as before
        # every party's payments on the company's commitments: its own and its partner's
        tenge = mine["currencies"][0]
        assert tenge["paid"]["shares"] == {
            "international_company": {"amount": "50000.00", "currency": "KZT"},
            "local_company": {"amount": "40000.00", "currency": "KZT"},
        }
        assert tenge["paid_modules"]["exchange_internships"]["total"]["amount"] == "90000.00"
        assert mine["converted"]["paid"]["shares"] == {
            "international_company": usd("125.00"),  # on 2027-03-01 at 400
            "local_company": usd("80.00"),  # today at 500
        }

        theirs = await service.get(
            f"/reports/partner-statement/{partner}?rate_policy=transaction_date&currency=USD",
            service.as_(Role.INTERNATIONAL_COMPANY, partner),
        )
        converted = theirs["converted"]["total"]
        # 100,000 KZT committed at today's 500; 50,000 contributed on 2027-03-01 at 400
        assert (converted["committed"]["total"], converted["contributed"]["total"]) == (
            usd("200.00"),
            usd("125.00"),
        )
        assert converted["remaining"]["total"] == usd("75.00")
        plain = await service.get(f"/reports/partner-statement/{partner}")
        assert (plain["converted"], plain["rate_policy"]) == (None, None)


class TestStatementExports:
    async def test_statements_as_csv_with_a_bom_and_as_xlsx_agree_with_the_json(
        self, service: Any
    ) -> None:
        from openpyxl import load_workbook

        world = await scenario(service)
        ours = world["ours"]
        path = f"/reports/company-statement/{ours}"
        statement = await service.get(path, service.company(ours))
        response = await service.http.get(
            path, headers={**service.company(ours), "accept": "text/csv"}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
        assert response.headers["content-disposition"].endswith(f'company-statement-{ours}.csv"')
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        usd_rows = [r for r in rows if r["currency"] == "USD"]
        [total] = [r for r in usd_rows if r["module"] == "total" and r["party"] == "all"]
        usd_json = {c["currency"]: c for c in statement["currencies"]}["USD"]
        assert Decimal(total["committed"]) == Decimal(usd_json["total"]["total"]["amount"])
        parties = [r for r in usd_rows if r["module"] == "total" and r["party"] != "all"]
        assert sum(Decimal(r["committed"]) for r in parties) == Decimal(total["committed"])
        assert {r["module_ru"] for r in usd_rows} >= {"Техническое обучение", "Итого"}
        assert {r["in_kind"] for r in usd_rows if r["party"] == "vendor"} == {"yes"}
        assert {r["paid"] for r in usd_rows} == {"0.00"}  # nothing paid yet
        response = await service.http.get(
            path, headers={**service.company(uuid.uuid4()), "accept": "text/csv"}
        )
        service.problem(response, 404)

        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = await service.http.get(
            f"/reports/partner-statement/{ours}", headers={**service.pm, "accept": xlsx}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == xlsx
        response = await service.http.get(path, headers={**service.pm, "accept": xlsx})
        book = load_workbook(io.BytesIO(response.content))
        cells = [list(r) for r in book["Statement"].iter_rows(values_only=True)]
        [header] = [r for r in cells if r and r[0] == "Currency"]
        assert cells[cells.index(header) + 1][0] == "Валюта"
        column = {heading: index for index, heading in enumerate(header)}
        body = cells[cells.index(header) + 2 :]
        [sheet_total] = [
            r for r in body if r[0] == "USD" and r[column["Module code"]] == "total"
            and r[column["Party"]] == "all"
        ]  # fmt: skip
        assert Decimal(str(sheet_total[column["Committed"]])).quantize(Decimal("0.01")) == Decimal(
            usd_json["total"]["total"]["amount"]
        )
        assert not [c for row in book["Statement"].iter_rows() for c in row if c.data_type == "f"]
