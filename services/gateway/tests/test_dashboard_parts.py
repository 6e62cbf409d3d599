"""The dashboard's pure parts: linkages per month with the empty months filled in up to now,
certifications summed per skills area over vendors, the funnel's graduates stage, and the
budget's modules by paying party."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from gateway.dashboard import _certifications, _funnel, _linkages, _module
from gateway.fanout import Reply
from gateway.framework import FrameworkRead, ServiceAnswer, _joined

from shared.indicators import CATALOGUE

NOW = datetime(2027, 2, 10, tzinfo=UTC)


def framework(found: dict[str, dict[str, Any]], down: tuple[str, ...] = ()) -> FrameworkRead:
    """A framework where the codes in ``found`` have those values and the rest zero, and the
    services in ``down`` did not answer."""
    indicators = []
    for i in CATALOGUE:
        answer = None if i.service in down else found.get(i.code, {"value": "0", "breakdown": []})
        indicators.append(_joined(i.code, answer and {**answer, "as_of": NOW}, None, NOW))
    return FrameworkRead(
        cohort_id=uuid.uuid4(),
        as_of=NOW,
        computed_at=NOW,
        services={
            s: ServiceAnswer(
                status="unavailable" if s in down else "available",
                detail="no answer within 5 s" if s in down else None,
                elapsed_ms=1,
            )
            for s in ("registry", "assessment", "training", "finance")
        },
        targets=ServiceAnswer(status="available", elapsed_ms=1),
        indicators=indicators,
    )


def months(*rows: tuple[str, int]) -> dict[str, dict[str, Any]]:
    breakdown = [{"dimensions": {"month": m}, "value": str(n)} for m, n in rows]
    total = sum(n for _, n in rows)
    return {"linkages_signed": {"value": str(total), "breakdown": breakdown}}


class TestLinkagesOverTime:
    def test_months_without_signatures_are_shown_up_to_now_across_a_new_year(self) -> None:
        read = _linkages(framework(months(("2026-11", 2), ("2027-01", 1))), date(2027, 2, 10))
        assert read.status == "available"
        assert [(m.month, m.signed, m.cumulative) for m in read.months] == [
            ("2026-11", 2, 2),
            ("2026-12", 0, 2),
            ("2027-01", 1, 3),
            ("2027-02", 0, 3),
        ]

    def test_nothing_signed_is_no_months_and_a_registry_down_is_unavailable(self) -> None:
        assert _linkages(framework({}), NOW.date()).months == []
        down = _linkages(framework({}, down=("registry",)), NOW.date())
        assert down.status == "unavailable" and down.detail == "no answer within 5 s"


class TestCertificationsPerArea:
    def test_vendors_are_summed_per_area_and_every_area_is_listed(self) -> None:
        rows = [
            ("application_developer", "Microsoft", 3),
            ("application_developer", "Oracle", 5),
            ("network_engineer", "Cisco", 2),
        ]
        found = {
            "certifications_verified": {
                "value": "10",
                "breakdown": [
                    {"dimensions": {"skills_area": a, "vendor": v}, "value": str(n)}
                    for a, v, n in rows
                ],
            }
        }
        read = _certifications(framework(found))
        areas = {a.skills_area: a for a in read.areas}
        assert read.total == 10 and len(areas) == 9
        developer = areas["application_developer"]
        assert developer.verified == 8
        assert [(v.vendor, v.verified) for v in developer.vendors] == [
            ("Oracle", 5),
            ("Microsoft", 3),
        ]
        assert developer.name["ru"] and developer.kind == "technical"
        assert areas["business_english"].verified == 0 and areas["business_english"].vendors == []

    def test_training_down_is_unavailable_with_no_areas(self) -> None:
        read = _certifications(framework({}, down=("training",)))
        assert (read.status, read.total, read.areas) == ("unavailable", None, [])


class TestFunnel:
    def test_graduates_count_in_review_and_are_not_yet_before(self) -> None:
        listed = Reply(200, data={"items": [{"company_id": "a"}, {"company_id": "b"}]})
        stages = _funnel(framework({}), listed, 5)
        assert [(s.stage, s.value) for s in stages][-1] == ("graduated", 2)
        early = _funnel(framework({}), Reply(409, detail="The cohort is active"), 5)[-1]
        assert (early.status, early.value, early.detail) == (
            "not_yet",
            None,
            "The cohort is active",
        )
        unheard_of = _funnel(framework({}), Reply(404), 5)[-1]  # training not told yet
        assert unheard_of.status == "not_yet"
        down = _funnel(framework({}), Reply(None, failure="TimeoutError"), 5)[-1]
        assert down.status == "unavailable" and down.detail == "no answer within 5 s"

    def test_assessment_down_leaves_its_stages_unavailable(self) -> None:
        stages = _funnel(framework({}, down=("assessment",)), Reply(409), 5)
        assert [s.status for s in stages] == ["unavailable"] * 5 + ["not_yet"]


def split(total: str, **shares: str) -> dict[str, Any]:
    def money(amount: str) -> dict[str, str]:
        return {"amount": amount, "currency": "USD"}

    return {"total": money(total), "shares": {p: money(a) for p, a in shares.items()}}


class TestBudgetModule:
    def test_committed_and_paid_by_party(self) -> None:
        module = _module(
            "assessment",
            {
                "budgeted": {"low": split("1000.00"), "high": split("1500.00")},
                "committed": split("1200.00", local_company="400.00", programme="800.00"),
                "paid": split("300.00", programme="300.00"),
                "over_high": False,
            },
        )
        assert (module.low, module.high, module.committed, module.paid) == (
            Decimal("1000.00"),
            Decimal("1500.00"),
            Decimal("1200.00"),
            Decimal("300.00"),
        )
        assert module.committed_by_party == {
            "local_company": Decimal("400.00"),
            "programme": Decimal("800.00"),
        }
        assert sum(module.committed_by_party.values()) == module.committed
        assert module.paid_by_party == {"programme": Decimal("300.00")}
