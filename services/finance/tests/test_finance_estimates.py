"""The estimate calculator: cost lines priced low and high by the rules in force, per party,
line, module and in total; every total adds up; bad lines are a 422 naming the field."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from finance.costing import CostLineIn, RuleUsed, cost
from finance.modules import Module
from finance.rules.split import Basis, Party, Step
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.auth import Role
from shared.money import Money


def line(module: str, rule: str, unit: str, low: Any, high: Any, **extra: Any) -> dict[str, Any]:
    return {
        "module": module,
        "description": extra.pop("description", f"{module} line"),
        "unit_cost": {"amount": unit, "currency": extra.pop("currency", "USD")},
        "low_quantity": str(low),
        "high_quantity": str(high),
        "rule": rule,
        **extra,
    }


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


class TestPricing:
    async def test_lines_are_priced_per_party_line_module_and_in_total(self, service: Any) -> None:
        body = {
            "currency": "USD",
            "lines": [
                line(
                    "technical_training",
                    "technical_training",
                    "1200.00",
                    80,
                    100,
                    description="Certifications, about 100 trainees",
                    assumptions="one course and exam each",
                ),
                line("technical_training", "programme_only", "3000.00", "2.4", "2.4"),
                line("assessment", "assessment", "450.00", 50, 60),
            ],
        }
        estimate = await service.post("/estimates", body, expect=200)
        first, staff, visits = estimate["lines"]
        assert first["rule"]["code"] == "technical_training" and first["rule"]["version"] == 1
        assert first["low"]["total"] == money("96000.00")
        assert first["high"]["shares"] == {
            "vendor": money("90000.00"),
            "programme": money("27000.00"),
            "local_company": money("3000.00"),
        }
        assert first["high"]["in_kind"] == money("90000.00")
        assert first["high"]["programme_percent"] == "22.50"
        assert staff["high"]["shares"] == {"programme": money("7200.00")}
        assert visits["low"]["shares"] == {
            "programme": money("20250.00"),
            "local_company": money("2250.00"),
        }

        assessment, technical = estimate["modules"]  # in the handbook's order
        assert (assessment["module"], technical["module"]) == ("assessment", "technical_training")
        assert technical["high"]["total"] == money("127200.00")
        assert technical["high"]["shares"]["programme"] == money("34200.00")
        total = estimate["total"]
        assert total["low"]["total"] == money("125700.00")  # 96,000 + 7,200 + 22,500
        assert total["high"]["total"] == money("154200.00")  # 120,000 + 7,200 + 27,000
        assert total["high"]["shares"] == {
            "vendor": money("90000.00"),
            "programme": money("58500.00"),
            "local_company": money("5700.00"),
        }
        assert total["high"]["programme_percent"] == "37.94"

    async def test_a_later_rule_version_applies_from_its_date_only(self, service: Any) -> None:
        await service.post(
            "/rules",
            {
                "code": "assessment",
                "name": "Assessment (2028)",
                "steps": [
                    {"party": "programme", "percent": "80", "of": "list_price"},
                    {"party": "local_company", "percent": "100", "of": "remainder"},
                ],
                "effective_from": "2028-01-01",
            },
        )
        lines = [line("assessment", "assessment", "1000.00", 1, 1)]
        before = await service.post(
            "/estimates", {"currency": "USD", "on": "2027-12-31", "lines": lines}, expect=200
        )
        after = await service.post(
            "/estimates", {"currency": "USD", "on": "2028-01-01", "lines": lines}, expect=200
        )
        assert before["total"]["low"]["shares"]["programme"] == money("900.00")
        assert after["total"]["low"]["shares"]["programme"] == money("800.00")
        assert after["lines"][0]["rule"]["version"] == 2

    async def test_only_programme_staff_use_the_calculator(self, service: Any) -> None:
        body = {"currency": "USD", "lines": [line("assessment", "assessment", "1.00", 1, 1)]}
        for role in (Role.LOCAL_COMPANY, Role.INTERNATIONAL_COMPANY):
            headers = service.as_(role, uuid.uuid4())
            service.problem(await service.http.post("/estimates", json=body, headers=headers), 403)
        await service.post("/estimates", body, service.ministry, expect=200)


class TestBadLines:
    async def test_each_bad_line_is_a_422_naming_its_field(self, service: Any) -> None:
        ok = line("assessment", "assessment", "10.00", 1, 2)
        cases = [
            ([{**ok, "rule": "no_such_rule"}], "lines.0.rule"),
            (
                [ok, line("assessment", "assessment", "10.00", 1, 2, currency="KZT")],
                "lines.1.unit_cost",
            ),
            ([{**ok, "low_quantity": "3"}], "lines.0.high_quantity"),
            ([{**ok, "low_quantity": 1.5}], "lines.0.low_quantity"),
            ([{**ok, "unit_cost": money("-1.00")}], "lines.0.unit_cost"),
            ([{**ok, "unit_cost": money("1.001")}], "lines.0.unit_cost"),
            ([{**ok, "module": "catering"}], "lines.0.module"),
            ([{**ok, "description": "a\u0000b"}], "lines.0.description"),
            ([{**ok, "surprise": 1}], "lines.0.surprise"),
            (
                [{**ok, "unit_cost": money("999999999999999.99"), "high_quantity": "999999"}],
                "lines.0.high_quantity",
            ),
            ([{**ok, "low_quantity": "NaN"}], "lines.0.low_quantity"),
            ([{**ok, "high_quantity": "Infinity"}], "lines.0.high_quantity"),
            ([], "lines"),
        ]
        for lines, field in cases:
            response = await service.http.post(
                "/estimates", json={"currency": "USD", "lines": lines}, headers=service.pm
            )
            named = service.fields(service.problem(response, 422))
            # the field, or a part of it (Money names its amount or currency)
            assert any(f == field or f.startswith(f"{field}.") for f in named), response.text
        response = await service.http.post(
            "/estimates", json={"currency": "XXX", "lines": [ok]}, headers=service.pm
        )
        assert service.fields(service.problem(response, 422)) == {"currency"}


TECHNICAL = RuleUsed(
    uuid.uuid4(),
    "technical_training",
    1,
    [
        Step(Party.VENDOR, Decimal(75), Basis.LIST_PRICE),
        Step(Party.PROGRAMME, Decimal(90), Basis.REMAINDER),
        Step(Party.LOCAL_COMPANY, Decimal(100), Basis.REMAINDER),
    ],
)
SHORT = RuleUsed(
    uuid.uuid4(),
    "short_internship",
    1,
    [
        Step(Party.INTERNATIONAL_COMPANY, Decimal("33.33"), Basis.LIST_PRICE),
        Step(Party.PROGRAMME, Decimal("66.67"), Basis.REMAINDER),
        Step(Party.LOCAL_COMPANY, Decimal(100), Basis.REMAINDER),
    ],
)
lines_strategy = st.lists(
    st.tuples(
        st.sampled_from(list(Module)),
        st.integers(0, 10**11),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.sampled_from([TECHNICAL, SHORT]),
    ),
    min_size=1,
    max_size=12,
)


class TestEveryTotalAddsUp:
    @settings(max_examples=1000, deadline=None, database=None)
    @given(drawn=lines_strategy)
    def test_module_and_budget_totals_are_the_sums_of_their_lines_to_the_cent(
        self, drawn: list[tuple[Module, int, int, int, RuleUsed]]
    ) -> None:
        lines = [
            CostLineIn(
                module=module,
                description="line",
                unit_cost=Money.from_minor(unit, "KZT"),
                low_quantity=Decimal(min(a, b)) / 1000,
                high_quantity=Decimal(max(a, b)) / 1000,
                rule="x",
            )
            for module, unit, a, b, _ in drawn
        ]
        costing = cost(currency="KZT", lines=lines, rules=[d[4] for d in drawn])
        for level in ("low", "high"):
            splits = [getattr(c, level) for c in (*costing.lines, *costing.modules)]
            splits.append(getattr(costing.total, level))
            for split in splits:
                assert sum(m.minor for m in split.shares.values()) == split.total.minor
            assert (
                sum(getattr(m, level).total.minor for m in costing.modules)
                == getattr(costing.total, level).total.minor
            )
            for party in Party:
                assert (
                    sum(
                        getattr(c, level).shares.get(party, Money.of(0, "KZT")).minor
                        for c in costing.lines
                    )
                    == getattr(costing.total, level).shares.get(party, Money.of(0, "KZT")).minor
                )


class TestWhatIfForABudget:
    async def test_a_budgets_lines_priced_under_another_dates_rules(self, service: Any) -> None:
        budget = await service.post(
            "/budgets",
            {
                "programme_year": 2027,
                "currency": "USD",
                "title": "What if",
                "lines": [line("assessment", "assessment", "1000.00", 10, 20)],
            },
        )
        await service.post(
            "/rules",
            {
                "code": "assessment",
                "name": "Assessment (2029)",
                "steps": [
                    {"party": "programme", "percent": "75", "of": "list_price"},
                    {"party": "local_company", "percent": "100", "of": "remainder"},
                ],
                "effective_from": "2029-01-01",
            },
        )
        later = await service.post(
            "/estimates", {"budget_id": budget["id"], "on": "2029-06-01"}, expect=200
        )
        assert len(later["modules"]) == 7
        assert later["total"]["high"]["shares"] == {
            "programme": money("15000.00"),
            "local_company": money("5000.00"),
        }
        assert (await service.get(f"/budgets/{budget['id']}"))["total"]["high"]["shares"] == {
            "programme": money("18000.00"),
            "local_company": money("2000.00"),
        }
        for body in (
            {"budget_id": budget["id"], "currency": "USD"},
            {"on": "2029-06-01"},
            {"currency": "USD"},
        ):
            response = await service.http.post("/estimates", json=body, headers=service.pm)
            assert service.fields(service.problem(response, 422)) == {"budget_id"}, body
        response = await service.http.post(
            "/estimates", json={"budget_id": str(uuid.uuid4())}, headers=service.pm
        )
        service.problem(response, 404)
