"""Budgets: the pilot year's cost lines in the seven modules, totals and shares computed
from the lines; draft → submitted → approved by the ministry → revised as a new version;
approved versions immutable, their rule versions pinned; the history of every change."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Role


def line(module: str, description: str, unit: str, low: Any, high: Any, rule: str) -> dict:
    return {
        "module": module,
        "description": description,
        "unit_cost": {"amount": unit, "currency": "USD"},
        "low_quantity": str(low),
        "high_quantity": str(high),
        "rule": rule,
    }


def analyst(module: str) -> dict:
    return line(
        module, "Programme analyst, ~20 % of the year", "2500.00", "2.4", "2.4", "programme_only"
    )


# The handbook's pilot year, per module (see docs/finance.md)
PILOT_LINES = [
    line(
        "sector_database",
        "IT specialist, ~20 % of the year",
        "3000.00",
        "2.4",
        "2.4",
        "programme_only",
    ),
    analyst("sector_database"),
    line("sector_database", "Outsourced IT hosting", "2000.00", 1, 1, "programme_only"),
    line(
        "assessment",
        "External consultant, ~60 days for 20 companies",
        "500.00",
        50,
        60,
        "assessment",
    ),
    analyst("assessment"),
    line(
        "technical_training",
        "Certifications, ~100 trainees",
        "1200.00",
        80,
        100,
        "technical_training",
    ),
    analyst("technical_training"),
    line(
        "business_training",
        "Certifications, ~40 trainees (2 per company)",
        "800.00",
        30,
        40,
        "business_training",
    ),
    analyst("business_training"),
    line(
        "exchange_internships",
        "Two-week senior-management exchange",
        "4000.00",
        15,
        20,
        "short_internship",
    ),
    line("exchange_internships", "Six-month internships", "30000.00", 3, 4, "long_internship"),
    analyst("exchange_internships"),
    line("promotion_marketing", "Annual event", "25000.00", 1, 1, "annual_event"),
    analyst("promotion_marketing"),
    line(
        "overall_coordination", "Programme manager, full time", "5000.00", 12, 12, "programme_only"
    ),
    line("overall_coordination", "Assistant, full time", "2000.00", 12, 12, "programme_only"),
    line(
        "overall_coordination",
        "Office, equipment, telecom, travel, other",
        "1000.00",
        40,
        100,
        "programme_only",
    ),
]


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


async def draft(service: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "programme_year": 2027,
        "cohort_id": str(uuid.uuid4()),
        "currency": "USD",
        "title": "Pilot year 2027",
        "lines": PILOT_LINES,
        **overrides,
    }
    return await service.post("/budgets", body)


async def move(service: Any, budget: dict[str, Any], status: str, headers: Any = None) -> Any:
    return await service.send(
        "PUT", f"/budgets/{budget['id']}/status", {"status": status}, budget, headers
    )


class TestFigures:
    async def test_the_pilot_year_totals_and_shares_follow_from_the_lines(
        self, service: Any
    ) -> None:
        budget = await draft(service)
        assert (budget["status"], budget["revision"]) == ("draft", 1)
        modules = {m["module"]: m for m in budget["modules"]}
        assert list(modules) == [
            "sector_database",
            "assessment",
            "technical_training",
            "business_training",
            "exchange_internships",
            "promotion_marketing",
            "overall_coordination",
        ]
        assert modules["sector_database"]["low"]["total"] == usd("15200.00")
        assert modules["sector_database"]["low"]["programme_percent"] == "100.00"
        technical = modules["technical_training"]
        assert technical["high"]["shares"] == {
            "vendor": usd("90000.00"),
            "programme": usd("33000.00"),  # 27,000 of the courses + 6,000 analyst time
            "local_company": usd("3000.00"),
        }
        exchange = modules["exchange_internships"]["high"]
        assert exchange["shares"] == {
            "international_company": usd("16000.00"),
            "host_company": usd("60000.00"),
            "programme": usd("123600.00"),  # 57,600 + 60,000 + 6,000
            "local_company": usd("6400.00"),
        }
        total = budget["total"]
        assert total["low"]["total"] == usd("489200.00")
        assert total["high"]["total"] == usd("636200.00")
        for level in ("low", "high"):
            shares = total[level]["shares"].values()
            assert sum(int(s["amount"].replace(".", "")) for s in shares) == int(
                total[level]["total"]["amount"].replace(".", "")
            )
        assert total["high"]["programme_percent"] == "70.67"
        first = budget["lines"][5]
        assert (first["low_quantity"], first["rule"]["code"], first["rule_pinned"]) == (
            "80",
            "technical_training",
            False,
        )

    async def test_bad_lines_are_a_422_naming_the_field_and_store_nothing(
        self, service: Any
    ) -> None:
        cohort = str(uuid.uuid4())
        base = {"programme_year": 2027, "cohort_id": cohort, "currency": "USD", "title": "B"}
        cases = [
            (
                [{**PILOT_LINES[0], "unit_cost": {"amount": "1", "currency": "KZT"}}],
                "lines.0.unit_cost",
            ),
            ([PILOT_LINES[0], {**PILOT_LINES[1], "rule": "nobody_pays"}], "lines.1.rule"),
            ([{**PILOT_LINES[0], "high_quantity": "1"}], "lines.0.high_quantity"),
        ]
        for lines, field in cases:
            response = await service.http.post(
                "/budgets", json={**base, "lines": lines}, headers=service.pm
            )
            assert service.fields(service.problem(response, 422)) == {field}
        assert (await service.get(f"/budgets?cohort_id={cohort}"))["items"] == []
        await service.post("/budgets", {**base, "lines": PILOT_LINES[:1]})
        response = await service.http.post("/budgets", json=base, headers=service.pm)
        service.problem(response, 409, "budget_exists")


class TestApproval:
    async def test_the_ministry_approves_a_submitted_budget_which_then_never_changes(
        self, service: Any
    ) -> None:
        budget = await draft(service)
        budget = await service.send(
            "PATCH", f"/budgets/{budget['id']}", {"title": "Pilot year 2027 (final)"}, budget
        )
        budget = await move(service, budget, "submitted")
        refused = await service.http.put(
            f"/budgets/{budget['id']}/status",
            json={"status": "approved"},
            headers={**service.pm, "If-Match": f'"{budget["version"]}"'},
        )
        service.problem(refused, 403)
        approved = await move(service, budget, "approved", service.ministry)
        assert approved["status"] == "approved" and approved["approved_by"] == "ministry-1"
        assert all(line["rule_pinned"] for line in approved["lines"])

        response = await service.http.patch(
            f"/budgets/{budget['id']}",
            json={"title": "Changed"},
            headers={**service.pm, "If-Match": f'"{approved["version"]}"'},
        )
        service.problem(response, 409, "budget_not_draft")
        response = await service.http.put(
            f"/budgets/{budget['id']}/status",
            json={"status": "draft"},
            headers={**service.ministry, "If-Match": f'"{approved["version"]}"'},
        )
        service.problem(response, 409, "illegal_status_transition")

        history = await service.get(f"/budgets/{budget['id']}/history", service.ministry)
        assert [(e["action"], e["actor_role"]) for e in history["items"]] == [
            ("created", "programme_manager"),
            ("updated", "programme_manager"),
            ("status_changed", "programme_manager"),
            ("status_changed", "ministry"),
        ]
        assert history["items"][1]["after"] == {"title": "Pilot year 2027 (final)"}

    async def test_the_ministry_can_send_a_submission_back_to_draft(self, service: Any) -> None:
        budget = await move(service, await draft(service), "submitted")
        returned = await move(service, budget, "draft", service.ministry)
        assert returned["status"] == "draft"
        empty = await service.send("PATCH", f"/budgets/{budget['id']}", {"lines": []}, returned)
        response = await service.http.put(
            f"/budgets/{budget['id']}/status",
            json={"status": "submitted"},
            headers={**service.pm, "If-Match": f'"{empty["version"]}"'},
        )
        service.problem(response, 409, "budget_empty")

    async def test_stale_and_missing_if_match_and_companies_are_refused(self, service: Any) -> None:
        budget = await draft(service)
        path = f"/budgets/{budget['id']}"
        response = await service.http.patch(path, json={"title": "x"}, headers=service.pm)
        service.problem(response, 428)
        response = await service.http.patch(
            path, json={"title": "x"}, headers={**service.pm, "If-Match": '"7"'}
        )
        service.problem(response, 412)
        response = await service.http.get(path, headers=service.company(uuid.uuid4()))
        service.problem(response, 403)
        response = await service.http.get(path, headers=service.as_(Role.MINISTRY))
        assert response.status_code == 200 and response.headers["etag"] == '"1"'


class TestRevisions:
    async def test_a_revision_is_approved_again_and_supersedes_the_approved_one(
        self, service: Any
    ) -> None:
        budget = await draft(service)
        first = await move(
            service, await move(service, budget, "submitted"), "approved", service.ministry
        )
        revision = await service.post(f"/budgets/{first['id']}/revisions", None)
        assert (revision["revision"], revision["status"], revision["previous_id"]) == (
            2,
            "draft",
            first["id"],
        )
        assert revision["root_id"] == first["id"]
        assert revision["total"] == first["total"]
        response = await service.http.post(f"/budgets/{first['id']}/revisions", headers=service.pm)
        service.problem(response, 409, "revision_open")

        lines = [line for line in PILOT_LINES if line["rule"] != "annual_event"]
        revision = await service.send(
            "PATCH", f"/budgets/{revision['id']}", {"lines": lines}, revision
        )
        assert revision["total"]["low"]["total"] == usd("464200.00")  # 25,000 less
        revision = await move(
            service, await move(service, revision, "submitted"), "approved", service.ministry
        )
        old = await service.get(f"/budgets/{first['id']}")
        assert (old["status"], old["total"]) == ("superseded", first["total"])
        history = await service.get(f"/budgets/{first['id']}/history")
        assert history["items"][-1]["action"] == "superseded"
        approved = await service.get(f"/budgets?status=approved&cohort_id={budget['cohort_id']}")
        assert [b["id"] for b in approved["items"]] == [revision["id"]]

    async def test_an_approved_budget_keeps_its_rule_versions(self, service: Any) -> None:
        approved = await move(
            service,
            await move(service, await draft(service), "submitted"),
            "approved",
            service.ministry,
        )
        await service.post(
            "/rules",
            {
                "code": "technical_training",
                "name": "Technical training, 2027",
                "steps": [
                    {"party": "vendor", "percent": "50", "of": "list_price"},
                    {"party": "programme", "percent": "100", "of": "remainder"},
                ],
                "effective_from": "2026-06-01",
            },
        )
        again = await service.get(f"/budgets/{approved['id']}")
        assert again["total"] == approved["total"]
        revision = await service.post(f"/budgets/{approved['id']}/revisions", None)
        technical = {m["module"]: m for m in revision["modules"]}["technical_training"]
        assert technical["high"]["shares"]["vendor"] == usd("60000.00")
        assert revision["lines"][5]["rule"]["version"] == 2


class TestDiffAndCopies:
    async def test_the_diff_between_two_revisions_names_each_line_and_figure(
        self, service: Any
    ) -> None:
        first = await move(
            service,
            await move(service, await draft(service), "submitted"),
            "approved",
            service.ministry,
        )
        revision = await service.post(f"/budgets/{first['id']}/revisions", None)
        lines = [dict(line) for line in PILOT_LINES if line["rule"] != "annual_event"]
        lines[5] = {**lines[5], "high_quantity": "120"}  # certifications, ~100 -> up to 120
        lines.append(
            line("promotion_marketing", "Sector newsletter", "500.00", 4, 6, "programme_only")
        )
        revision = await service.send(
            "PATCH", f"/budgets/{revision['id']}", {"lines": lines}, revision
        )

        diff = await service.get(f"/budgets/{first['id']}/diff?against={revision['id']}")
        assert [(d["change"], d["description"]) for d in diff["lines"]] == [
            ("changed", "Certifications, ~100 trainees"),
            ("added", "Sector newsletter"),
            ("removed", "Annual event"),
        ]
        assert diff["lines"][0]["fields"] == [
            {"field": "high_quantity", "before": "100", "after": "120"}
        ]
        modules = {m["module"]: m for m in diff["modules"]}
        assert set(modules) == {"technical_training", "promotion_marketing"}
        assert modules["technical_training"]["high"] == usd("24000.00")
        assert modules["technical_training"]["programme_high"] == usd("5400.00")
        assert modules["promotion_marketing"]["low"] == usd("-23000.00")  # -25,000 + 2,000
        assert diff["total"]["high"] == usd("2000.00")  # +24,000 - 25,000 + 3,000
        same = await service.get(f"/budgets/{first['id']}/diff?against={first['id']}")
        assert (same["lines"], same["modules"], same["total"]["low"]) == ([], [], usd("0.00"))

    async def test_next_years_budget_starts_as_a_copy(self, service: Any) -> None:
        budget = await draft(service)
        cohort = str(uuid.uuid4())
        copy = await service.post(
            f"/budgets/{budget['id']}/copies", {"programme_year": 2028, "cohort_id": cohort}
        )
        assert (copy["programme_year"], copy["cohort_id"], copy["revision"], copy["status"]) == (
            2028,
            cohort,
            1,
            "draft",
        )
        assert copy["total"] == budget["total"] and copy["title"] == budget["title"]
        response = await service.http.post(
            f"/budgets/{budget['id']}/copies",
            json={"programme_year": 2028, "cohort_id": cohort},
            headers=service.pm,
        )
        service.problem(response, 409, "budget_exists")
        history = await service.get(f"/budgets/{copy['id']}/history")
        assert [e["action"] for e in history["items"]] == ["copied"]
        assert history["items"][0]["after"]["copied_from"] == budget["id"]

        kzt = await service.post(
            "/budgets",
            {"programme_year": 2029, "currency": "KZT", "title": "In tenge", "lines": []},
        )
        response = await service.http.get(
            f"/budgets/{budget['id']}/diff?against={kzt['id']}", headers=service.pm
        )
        assert service.fields(service.problem(response, 422)) == {"against"}
