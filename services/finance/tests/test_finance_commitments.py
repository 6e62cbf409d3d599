"""Commitments made by the training and assessment services' events, published on a real
NATS server: split by the rule in force, a line per paying party; duplicates, late and
out-of-order events change nothing they should not; a rule change rewrites nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
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
    InternshipCancelled,
    ProgrammeEventCancelled,
    ProgrammeEventScheduled,
)
from shared.money import Money

COHORT = uuid.uuid4()


def enrolment(**overrides: Any) -> EnrolmentCreated:
    values: dict[str, Any] = {
        "enrolment_id": uuid.uuid4(),
        "company_id": uuid.uuid4(),
        "cohort_id": COHORT,
        "trainee_id": uuid.uuid4(),
        "course_id": uuid.uuid4(),
        "skills_area": "network_engineer",
        "module": "technical_training",
        "list_price": Money.of("1200.00", "USD"),
        "vendor_discount_percent": Decimal(75),
        "enrolled_at": utcnow(),
    }
    values.update(overrides)
    return EnrolmentCreated(**values)


def withdrawal(created: EnrolmentCreated) -> EnrolmentWithdrawn:
    return EnrolmentWithdrawn(
        enrolment_id=created.enrolment_id,
        company_id=created.company_id,
        cohort_id=created.cohort_id,
        withdrawn_at=utcnow(),
    )


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def lines(commitment: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (line["party"], line["company_id"], line["amount"]["amount"], line["in_kind"])
        for line in commitment["lines"]
    ]


async def commitment_of(service: Any, source_id: uuid.UUID, headers: Any = None) -> dict[str, Any]:
    page = await service.get(f"/commitments?source_id={source_id}", headers)
    [commitment] = page["items"]
    return commitment


class TestEnrolments:
    async def test_a_technical_course_is_900_in_kind_270_programme_30_company(
        self, service: Any
    ) -> None:
        created = enrolment()
        await service.publish(created)
        await service.consumed(1)
        commitment = await commitment_of(service, created.enrolment_id)
        company = str(created.company_id)
        assert lines(commitment) == [
            ("vendor", None, "900.00", True),
            ("programme", None, "270.00", False),
            ("local_company", company, "30.00", False),
        ]
        assert commitment["source"] == {"kind": "enrolment", "id": str(created.enrolment_id)}
        assert (commitment["module"], commitment["status"]) == ("technical_training", "committed")
        assert (commitment["rule"]["code"], commitment["rule"]["version"]) == (
            "technical_training",
            1,
        )
        assert commitment["basis"] == [{"item": "list_price", "amount": usd("1200.00")}]
        assert commitment["vendor_discount_percent"] == "75"
        history = await service.get(f"/commitments/{commitment['id']}/history")
        assert [e["action"] for e in history["items"]] == ["committed"]
        assert history["items"][0]["actor"] == "system"

    async def test_a_business_course_is_90_10_after_any_vendor_discount(self, service: Any) -> None:
        plain = enrolment(module="business_training", vendor_discount_percent=Decimal(0))
        discounted = enrolment(
            module="business_training",
            list_price=Money.of("333.33", "USD"),
            vendor_discount_percent=Decimal(10),
        )
        await service.publish(plain)
        await service.publish(discounted)
        await service.consumed(2)
        assert lines(await commitment_of(service, plain.enrolment_id)) == [
            ("programme", None, "1080.00", False),
            ("local_company", str(plain.company_id), "120.00", False),
        ]
        # 33.33 in kind, 300.00 net: 270.00 / 30.00; 333.33 in all
        assert lines(await commitment_of(service, discounted.enrolment_id)) == [
            ("vendor", None, "33.33", True),
            ("programme", None, "270.00", False),
            ("local_company", str(discounted.company_id), "30.00", False),
        ]

    async def test_duplicates_and_a_second_creation_change_nothing(self, service: Any) -> None:
        created = enrolment()
        envelope = await service.publish(created)
        await service.publish(created, envelope=envelope)  # the very same event again
        await service.publish(created.model_copy(update={"list_price": Money.of("5.00", "USD")}))
        marker = enrolment()
        await service.publish(marker)
        await service.consumed(3)  # one id twice: three distinct events
        await commitment_of(service, marker.enrolment_id)
        page = await service.get(f"/commitments?cohort_id={COHORT}")
        assert len(page["items"]) == 2
        commitment = await commitment_of(service, created.enrolment_id)
        assert commitment["version"] == 1
        assert [line[2] for line in lines(commitment)] == ["900.00", "270.00", "30.00"]

    async def test_a_withdrawal_releases_the_commitment(self, service: Any) -> None:
        created = enrolment()
        await service.publish(created)
        await service.publish(withdrawal(created))
        await service.consumed(2)
        commitment = await commitment_of(service, created.enrolment_id)
        assert commitment["status"] == "released" and commitment["released_at"] is not None
        assert len(commitment["lines"]) == 3  # the figures stay, for the record
        committed = await service.get(f"/commitments?status=committed&cohort_id={COHORT}")
        assert committed["items"] == []
        history = await service.get(f"/commitments/{commitment['id']}/history")
        assert [e["action"] for e in history["items"]] == ["committed", "released"]

    async def test_a_withdrawal_arriving_before_its_creation_wins(self, service: Any) -> None:
        created = enrolment()
        await service.publish(withdrawal(created))
        await service.consumed(1)
        early = await commitment_of(service, created.enrolment_id)
        assert (early["status"], early["module"], early["lines"]) == ("released", None, [])

        await service.publish(created)
        await service.consumed(2)
        late = await commitment_of(service, created.enrolment_id)
        assert late["id"] == early["id"]
        assert (late["status"], late["module"]) == ("released", "technical_training")
        assert [line[2] for line in lines(late)] == ["900.00", "270.00", "30.00"]
        assert await service.get(f"/commitments?status=committed&cohort_id={COHORT}") == {
            "items": [],
            "next_cursor": None,
        }

    async def test_a_new_rule_version_rewrites_no_commitment(self, service: Any) -> None:
        before = enrolment()
        await service.publish(before)
        await service.consumed(1)
        await service.post(
            "/rules",
            {
                "code": "technical_training",
                "name": "Technical training, revised",
                "steps": [
                    {"party": "vendor", "percent": "75", "of": "list_price"},
                    {"party": "programme", "percent": "80", "of": "remainder"},
                    {"party": "local_company", "percent": "100", "of": "remainder"},
                ],
                "effective_from": (utcnow() - timedelta(days=1)).date().isoformat(),
            },
        )
        after = enrolment()
        await service.publish(after)
        await service.consumed(2)
        old = await commitment_of(service, before.enrolment_id)
        new = await commitment_of(service, after.enrolment_id)
        assert (old["rule"]["version"], [line[2] for line in lines(old)]) == (
            1,
            ["900.00", "270.00", "30.00"],
        )
        assert (new["rule"]["version"], [line[2] for line in lines(new)]) == (
            2,
            ["900.00", "240.00", "60.00"],
        )


class TestInternships:
    async def test_a_long_internship_is_half_the_hosts_and_the_rest_the_programmes(
        self, service: Any
    ) -> None:
        host = uuid.uuid4()
        approved = InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=uuid.uuid4(),
            cohort_id=COHORT,
            trainee_id=uuid.uuid4(),
            kind="long",
            host_company_id=host,
            starts_on=date(2027, 9, 1),
            ends_on=date(2027, 12, 31),
            estimated_cost=[
                CostItem(item="travel", amount=Money.of("1400.00", "USD")),
                CostItem(item="stay", amount=Money.of("9600.01", "USD")),
                CostItem(item="other", amount=Money.of("150000", "KZT")),
            ],
            approved_at=utcnow(),
        )
        await service.publish(approved)
        await service.consumed(1)
        commitment = await commitment_of(service, approved.internship_id)
        assert commitment["module"] == "exchange_internships"
        assert commitment["rule"]["code"] == "long_internship"
        assert [
            (line["party"], line["company_id"], line["amount"]) for line in commitment["lines"]
        ] == [
            ("host_company", str(host), usd("5500.01")),  # the odd cent: the earlier share
            ("programme", None, usd("5500.00")),
            ("host_company", str(host), {"amount": "75000.00", "currency": "KZT"}),
            ("programme", None, {"amount": "75000.00", "currency": "KZT"}),
        ]

        await service.publish(
            InternshipCancelled(
                internship_id=approved.internship_id,
                company_id=approved.company_id,
                cohort_id=COHORT,
                cancelled_at=utcnow(),
            )
        )
        await service.consumed(2)
        assert (await commitment_of(service, approved.internship_id))["status"] == "released"

    async def test_a_short_internship_is_20_for_the_partner_then_90_10(self, service: Any) -> None:
        partner = uuid.uuid4()
        approved = InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=uuid.uuid4(),
            cohort_id=COHORT,
            trainee_id=uuid.uuid4(),
            kind="short",
            host_company_id=partner,
            starts_on=date(2027, 5, 10),
            ends_on=date(2027, 5, 21),
            estimated_cost=[CostItem(item="travel", amount=Money.of("2500.00", "USD"))],
            approved_at=utcnow(),
        )
        await service.publish(approved)
        await service.consumed(1)
        assert lines(await commitment_of(service, approved.internship_id)) == [
            ("international_company", str(partner), "500.00", False),
            ("programme", None, "1800.00", False),
            ("local_company", str(approved.company_id), "200.00", False),
        ]


class TestRescheduling:
    async def test_the_latest_programme_event_schedule_holds_and_sponsors_share(
        self, service: Any
    ) -> None:
        sponsors = sorted(uuid.uuid4() for _ in range(3))
        first_at = datetime(2027, 3, 1, 9, tzinfo=UTC)

        def scheduled(amount: str, at: datetime) -> ProgrammeEventScheduled:
            return ProgrammeEventScheduled(
                programme_event_id=event_id,
                cohort_id=COHORT,
                kind="graduation",
                held_on=date(2027, 12, 10),
                estimated_cost=Money.of(amount, "USD"),
                sponsor_company_ids=sponsors,
                scheduled_at=at,
            )

        event_id = uuid.uuid4()
        await service.publish(scheduled("10000.00", first_at))
        await service.publish(scheduled("12000.00", first_at + timedelta(days=2)))
        await service.publish(scheduled("99999.00", first_at + timedelta(days=1)))  # older
        await service.consumed(3)
        commitment = await commitment_of(service, event_id)
        assert commitment["basis"] == [{"item": "estimated_cost", "amount": usd("12000.00")}]
        assert lines(commitment) == [
            ("international_company", str(sponsors[0]), "800.00", False),
            ("international_company", str(sponsors[1]), "800.00", False),
            ("international_company", str(sponsors[2]), "800.00", False),
            ("programme", None, "9600.00", False),
        ]
        history = await service.get(f"/commitments/{commitment['id']}/history")
        assert [e["action"] for e in history["items"]] == ["committed", "replaced"]

        await service.publish(
            ProgrammeEventCancelled(
                programme_event_id=event_id, cohort_id=COHORT, cancelled_at=utcnow()
            )
        )
        await service.publish(scheduled("5000.00", first_at + timedelta(days=5)))
        await service.consumed(5)
        released = await commitment_of(service, event_id)
        assert released["status"] == "released"
        assert released["basis"] == [{"item": "estimated_cost", "amount": usd("12000.00")}]

    async def test_an_assessment_reschedule_replaces_its_expected_cost(self, service: Any) -> None:
        def scheduled(amount: str) -> AssessmentScheduled:
            return AssessmentScheduled(
                assessment_id=assessment_id,
                company_id=company_id,
                cohort_id=COHORT,
                starts_on=date(2027, 4, 5),
                ends_on=date(2027, 4, 9),
                expected_cost=Money.of(amount, "KZT"),
                assessors=2,
            )

        assessment_id, company_id = uuid.uuid4(), uuid.uuid4()
        now = utcnow()
        await service.publish(scheduled("1850000.00"), time=now)
        await service.publish(scheduled("2000000.00"), time=now + timedelta(hours=1))
        await service.publish(scheduled("1.00"), time=now - timedelta(hours=1))  # late, older
        await service.consumed(3)
        commitment = await commitment_of(service, assessment_id)
        assert (commitment["module"], commitment["rule"]["code"]) == ("assessment", "assessment")
        assert [(line["party"], line["amount"]["amount"]) for line in commitment["lines"]] == [
            ("programme", "1800000.00"),
            ("local_company", "200000.00"),
        ]
        assert commitment["version"] == 2


class TestWhoSeesWhat:
    async def test_a_company_sees_its_own_commitments_and_a_partner_its_own_lines(
        self, service: Any
    ) -> None:
        ours, theirs = enrolment(), enrolment()
        partner = uuid.uuid4()
        trip = InternshipApproved(
            internship_id=uuid.uuid4(),
            company_id=ours.company_id,
            cohort_id=COHORT,
            trainee_id=uuid.uuid4(),
            kind="short",
            host_company_id=partner,
            starts_on=date(2027, 5, 10),
            ends_on=date(2027, 5, 21),
            estimated_cost=[CostItem(item="travel", amount=Money.of("1000.00", "USD"))],
            approved_at=utcnow(),
        )
        for event in (ours, theirs, trip):
            await service.publish(event)
        await service.consumed(3)
        company = service.company(ours.company_id)
        mine = await service.get("/commitments", company)
        assert {c["source"]["id"] for c in mine["items"]} == {
            str(ours.enrolment_id),
            str(trip.internship_id),
        }
        other = await commitment_of(service, theirs.enrolment_id)
        response = await service.http.get(f"/commitments/{other['id']}", headers=company)
        service.problem(response, 404)
        response = await service.http.get(f"/commitments/{other['id']}/history", headers=company)
        service.problem(response, 404)

        as_partner = service.as_(Role.INTERNATIONAL_COMPANY, partner)
        seen = await service.get("/commitments", as_partner)
        [only] = seen["items"]
        assert only["source"]["id"] == str(trip.internship_id)
        assert lines(only) == [("international_company", str(partner), "200.00", False)]

        everything = await service.get("/commitments", service.ministry)
        assert len(everything["items"]) == 3
        stranger = service.as_(Role.SELECTION_BOARD)
        assert (await service.get("/commitments", stranger))["items"] == []
