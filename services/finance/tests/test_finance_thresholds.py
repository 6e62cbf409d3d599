"""``blp.finance.budget.threshold_exceeded``: once per approved budget revision, module and
threshold, when a commitment takes the module past it; the thresholds are a setting; two
replicas crossing together announce it once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import nats
import pytest
from finance.commitments.service import threshold_event_id
from finance.config import Settings
from finance.main import create_app
from pydantic import ValidationError

from shared.auth import Role
from shared.db import utcnow
from shared.events.base import CloudEvent
from shared.events.training import EnrolmentCreated, EnrolmentWithdrawn
from shared.messaging.streams import stream_name
from shared.money import Money
from shared.natsserver import NatsServer
from shared.testing.events import collect, publish
from shared.testing.servers import serving
from shared.testing.tokens import bearer

THRESHOLD = "blp.finance.budget.threshold_exceeded"


def enrolment(cohort: uuid.UUID, company: uuid.UUID, price: str) -> EnrolmentCreated:
    return EnrolmentCreated(
        enrolment_id=uuid.uuid4(),
        company_id=company,
        cohort_id=cohort,
        trainee_id=uuid.uuid4(),
        course_id=uuid.uuid4(),
        skills_area="system_administrator",
        module="technical_training",
        list_price=Money.of(price, "USD"),
        vendor_discount_percent=Decimal(75),
        enrolled_at=utcnow(),
    )


async def approved_budget(http: httpx.AsyncClient, keys: str, cohort: uuid.UUID) -> dict[str, Any]:
    """An approved cohort budget whose technical training is 1,000.00 USD × 5 to 10."""
    pm = bearer(keys, Role.PROGRAMME_MANAGER, None, sub="pm-1")
    ministry = bearer(keys, Role.MINISTRY, None, sub="ministry-1")
    response = await http.post(
        "/budgets",
        json={
            "programme_year": 2027,
            "cohort_id": str(cohort),
            "currency": "USD",
            "title": "Thresholds",
            "lines": [
                {
                    "module": "technical_training",
                    "description": "Certifications",
                    "unit_cost": {"amount": "1000.00", "currency": "USD"},
                    "low_quantity": "5",
                    "high_quantity": "10",
                    "rule": "technical_training",
                }
            ],
        },
        headers=pm,
    )
    assert response.status_code == 201, response.text
    budget = response.json()
    for status, headers in (("submitted", pm), ("approved", ministry)):
        response = await http.put(
            f"/budgets/{budget['id']}/status",
            json={"status": status},
            headers={**headers, "If-Match": f'"{budget["version"]}"'},
        )
        assert response.status_code == 200, response.text
        budget = response.json()
    return budget


async def commitment_of(http: httpx.AsyncClient, keys: str, source_id: uuid.UUID) -> Any:
    pm = bearer(keys, Role.PROGRAMME_MANAGER, None, sub="pm-1")
    for _ in range(200):
        page = (await http.get(f"/commitments?source_id={source_id}", headers=pm)).json()
        if page["items"] and page["items"][0]["status"] == "committed":
            return page["items"][0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no commitment for {source_id}")


async def finance_events(nats_url: str, count: int) -> list[CloudEvent]:
    """The finance stream's events once ``count`` are there, and a moment later no more."""
    events = await collect(nats_url, "finance", count)
    await asyncio.sleep(1.0)
    nc = await nats.connect(nats_url)
    try:
        info = await nc.jetstream().stream_info(stream_name("finance"))
    finally:
        await nc.close()
    assert info.state.messages == count
    return events


class TestOncePerModuleAndThreshold:
    async def test_each_threshold_is_announced_once_by_the_commitment_that_crosses_it(
        self, service: Any
    ) -> None:
        cohort, company = uuid.uuid4(), uuid.uuid4()
        budget = await approved_budget(service.http, service.private_key, cohort)
        made = []
        # 8,000 of 10,000 is not past 80 %; 9,000 is; 10,000 is not past 100 %; 11,000 is
        for _ in range(12):
            event = enrolment(cohort, company, "1000.00")
            await service.publish(event)
            made.append(await commitment_of(service.http, service.private_key, event.enrolment_id))
        # going back under 80 % and past it again announces nothing new
        for source in made[:4]:
            await service.publish(
                EnrolmentWithdrawn(
                    enrolment_id=uuid.UUID(source["source"]["id"]),
                    company_id=company,
                    cohort_id=cohort,
                    withdrawn_at=utcnow(),
                )
            )
        again = enrolment(cohort, company, "5000.00")
        await service.publish(again)
        await commitment_of(service.http, service.private_key, again.enrolment_id)

        events = await finance_events(service.nats_url, 2)
        assert [e.type for e in events] == [THRESHOLD, THRESHOLD]
        payloads = [e.payload() for e in events]
        assert [(p.threshold_percent, p.module) for p in payloads] == [
            (80, "technical_training"),
            (100, "technical_training"),
        ]
        assert [str(p.commitment_id) for p in payloads] == [made[8]["id"], made[10]["id"]]
        assert [p.committed for p in payloads] == [
            Money.of("9000.00", "USD"),
            Money.of("11000.00", "USD"),
        ]
        assert {p.high_estimate for p in payloads} == {Money.of("10000.00", "USD")}
        assert all(p.budget_id == uuid.UUID(budget["id"]) for p in payloads)
        assert [e.id for e in events] == [
            threshold_event_id(uuid.UUID(budget["id"]), "technical_training", t) for t in (80, 100)
        ]
        assert [c["over_budget"] for c in made] == [False] * 10 + [True, True]


class TestConfigurable:
    def test_thresholds_come_from_the_environment_comma_separated(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("BLP_FINANCE_BUDGET_THRESHOLDS", "100, 50,75")
        assert Settings().budget_thresholds == (50, 75, 100)
        monkeypatch.setenv("BLP_FINANCE_BUDGET_THRESHOLDS", "0,100")
        with pytest.raises(ValidationError, match="from 1 to 1000"):
            Settings()

    async def test_two_replicas_with_other_thresholds_announce_each_once(
        self,
        database: Callable[[str], str],
        nats_server: NatsServer,
        jwt_keys: tuple[str, str],
    ) -> None:
        """Two replicas on one database and one durable consumer, 30 enrolments at once:
        the configured 50 % is announced once, 80 % (not configured) never."""
        settings = Settings(
            database_url=database("finance"),
            nats_url=nats_server.url,
            jwt_public_key=jwt_keys[1],
            outbox_poll_seconds=0.2,
            budget_thresholds=(50, 150),
        )
        cohort, company = uuid.uuid4(), uuid.uuid4()
        async with (
            serving(create_app(settings)) as first,
            serving(create_app(settings)) as second,
            httpx.AsyncClient(base_url=first, timeout=60) as http,
            httpx.AsyncClient(base_url=second, timeout=60) as other,
        ):
            budget = await approved_budget(http, jwt_keys[0], cohort)
            events = [enrolment(cohort, company, "400.00") for _ in range(30)]
            await asyncio.gather(*(publish(nats_server.url, e) for e in events))
            for event in events[::7]:
                await commitment_of(other, jwt_keys[0], event.enrolment_id)
            await commitment_of(http, jwt_keys[0], events[-1].enrolment_id)
            pm = bearer(jwt_keys[0], Role.PROGRAMME_MANAGER, None, sub="pm-1")

            async def all_committed() -> int:
                page = (
                    await http.get(
                        f"/commitments?cohort_id={cohort}&status=committed&limit=100", headers=pm
                    )
                ).json()
                return len(page["items"])

            for _ in range(200):
                if await all_committed() == 30:
                    break
                await asyncio.sleep(0.1)
            assert await all_committed() == 30
        # 12,000 committed of a 10,000 high: past 50 % (not 150 %), announced once
        [announced] = await finance_events(nats_server.url, 1)
        payload = announced.payload()
        assert payload.threshold_percent == 50
        assert payload.budget_id == uuid.UUID(budget["id"])
        assert announced.id == threshold_event_id(uuid.UUID(budget["id"]), "technical_training", 50)
