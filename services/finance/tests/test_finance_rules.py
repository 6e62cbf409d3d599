"""Co-financing rules over HTTP: the handbook's defaults are there from the first start, a
new version ends the previous one, and a rule that does not share out 100 % is a 422."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Role

DEFAULTS = {
    "technical_training": [
        ("vendor", "75", "list_price"),
        ("programme", "90", "remainder"),
        ("local_company", "100", "remainder"),
    ],
    "business_training": [("programme", "90", "list_price"), ("local_company", "100", "remainder")],
    "assessment": [("programme", "90", "list_price"), ("local_company", "100", "remainder")],
    "short_internship": [
        ("international_company", "20", "list_price"),
        ("programme", "90", "remainder"),
        ("local_company", "100", "remainder"),
    ],
    "long_internship": [("host_company", "50", "list_price"), ("programme", "100", "remainder")],
    "annual_event": [
        ("international_company", "20", "list_price"),
        ("programme", "100", "remainder"),
    ],
    "programme_only": [("programme", "100", "list_price")],
}


def steps(rule: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(s["party"], s["percent"], s["of"]) for s in rule["steps"]]


class TestDefaults:
    async def test_the_handbooks_rules_are_seeded_as_version_1(self, service: Any) -> None:
        listed = await service.get("/rules?limit=50", service.company(uuid.uuid4()))
        by_code = {r["code"]: r for r in listed["items"]}
        assert {code: steps(rule) for code, rule in by_code.items()} == DEFAULTS
        assert {
            (r["version"], r["effective_from"], r["effective_to"]) for r in by_code.values()
        } == {(1, "2026-01-01", None)}


class TestVersions:
    async def test_a_new_version_ends_the_previous_one_the_day_before(self, service: Any) -> None:
        body = {
            "code": "technical_training",
            "name": "Technical training (2028)",
            "steps": [
                {"party": "vendor", "percent": "70", "of": "list_price"},
                {"party": "programme", "percent": "85.5", "of": "remainder"},
                {"party": "local_company", "percent": 100, "of": "remainder"},
            ],
            "effective_from": "2028-01-01",
        }
        rule = await service.post("/rules", body)
        assert (rule["version"], rule["effective_to"]) == (2, None)
        assert steps(rule)[1] == ("programme", "85.5", "remainder")
        versions = await service.get("/rules?code=technical_training")
        assert [(r["version"], r["effective_to"]) for r in versions["items"]] == [
            (1, "2027-12-31"),
            (2, None),
        ]
        read = await service.get(f"/rules/{rule['id']}")
        assert read == rule

        earlier = {**body, "effective_from": "2027-06-01"}
        response = await service.http.post("/rules", json=earlier, headers=service.pm)
        service.problem(response, 409, "rule_version_out_of_order")

    async def test_only_the_programme_manager_adds_rules(self, service: Any) -> None:
        body = {
            "code": "sponsored",
            "name": "Sponsored",
            "steps": [{"party": "programme", "percent": "100", "of": "list_price"}],
            "effective_from": "2027-01-01",
        }
        for role in (Role.MINISTRY, Role.ANALYST):
            response = await service.http.post("/rules", json=body, headers=service.as_(role))
            service.problem(response, 403)
        await service.post("/rules", body)


class TestRulesThatDoNotAddUp:
    async def test_steps_that_leave_a_share_to_nobody_are_a_422_naming_steps(
        self, service: Any
    ) -> None:
        body = {
            "code": "half",
            "name": "Half paid",
            "steps": [{"party": "programme", "percent": "90", "of": "list_price"}],
            "effective_from": "2027-01-01",
        }
        problem = service.problem(
            await service.http.post("/rules", json=body, headers=service.pm), 422
        )
        assert service.fields(problem) == {"steps"}
        assert "leave 10 %" in problem["errors"][0]["message"]

    async def test_floats_three_places_and_a_party_twice_are_refused(self, service: Any) -> None:
        def body(*steps: dict[str, Any]) -> dict[str, Any]:
            return {
                "code": "odd",
                "name": "Odd",
                "steps": list(steps),
                "effective_from": "2027-01-01",
            }

        rest = {"party": "programme", "percent": "100", "of": "remainder"}
        cases = [
            (
                body({"party": "vendor", "percent": 22.5, "of": "list_price"}, rest),
                "steps.0.percent",
            ),
            (
                body({"party": "vendor", "percent": "22.125", "of": "list_price"}, rest),
                "steps.0.percent",
            ),
            (
                body({"party": "vendor", "percent": "101", "of": "list_price"}, rest),
                "steps.0.percent",
            ),
            (body({"party": "bank", "percent": "10", "of": "list_price"}, rest), "steps.0.party"),
            (body({**rest, "of": "list_price", "percent": "50"}, rest), "steps"),
            (
                body({"party": "vendor", "percent": "1\u0000", "of": "list_price"}, rest),
                "steps.0.percent",
            ),
        ]
        for payload, field in cases:
            response = await service.http.post("/rules", json=payload, headers=service.pm)
            assert field in service.fields(service.problem(response, 422)), payload
        assert (await service.get("/rules?code=odd"))["items"] == []
