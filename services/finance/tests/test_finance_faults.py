"""Nothing lost, nothing twice: enrolments published while the finance service is stopped
mid-stream and the NATS server is killed with SIGKILL and restarted, with duplicates
redelivered on top, end as exactly one commitment each whose splits add up to the cent."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import httpx
import nats
import pytest
import sqlalchemy as sa
from finance.config import Settings
from finance.main import create_app

from shared.db import create_engine, utcnow
from shared.events.base import CloudEvent
from shared.events.training import EnrolmentCreated
from shared.messaging.streams import ensure_stream
from shared.money import Money
from shared.natsserver import NatsServer
from shared.testing.servers import serving
from shared.testing.tokens import bearer
from tests.backbone.harness import eventually

COUNT = 300
PRICES = ["1200.00", "999.99", "0.01", "45.67"]


def enrolments(cohort: uuid.UUID) -> list[CloudEvent]:
    return [
        CloudEvent.wrap(
            EnrolmentCreated(
                enrolment_id=uuid.uuid4(),
                company_id=uuid.uuid4(),
                cohort_id=cohort,
                trainee_id=uuid.uuid4(),
                course_id=uuid.uuid4(),
                skills_area="technical_support_engineer",
                module="technical_training",
                list_price=Money.of(PRICES[n % len(PRICES)], "USD"),
                vendor_discount_percent=Decimal(75),
                enrolled_at=utcnow(),
            )
        )
        for n in range(COUNT)
    ]


async def publish_all(url: str, envelopes: list[CloudEvent], *, again: bool = False) -> None:
    """Publish as the training relay would (Msg-Id = event id); ``again``: as a redelivery
    that JetStream's de-duplication does not catch (another Msg-Id, the same event id)."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_stream(js, "training")
        for envelope in envelopes:
            msg_id = f"{envelope.id}:again:{datetime.now().timestamp()}" if again else envelope.id
            await js.publish(
                envelope.type, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id}
            )
    finally:
        await nc.close()


@pytest.mark.slow
async def test_a_killed_broker_and_a_stopped_service_lose_nothing_and_double_nothing(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> None:
    url = database("finance")
    settings = Settings(
        database_url=url,
        nats_url=nats_server.url,
        jwt_public_key=jwt_keys[1],
        outbox_poll_seconds=0.2,
    )
    cohort = uuid.uuid4()
    events = enrolments(cohort)
    pm = bearer(jwt_keys[0], "programme_manager")

    async def applied(base_url: str) -> int:
        async with httpx.AsyncClient(base_url=base_url) as http:
            response = await http.get("/ops/messaging", headers=pm)
            return int(response.json()["events_applied"]) if response.status_code == 200 else 0

    # the first half arrives; the service is stopped part-way through applying it
    await publish_all(nats_server.url, events[: COUNT // 2])
    async with serving(create_app(settings)) as base_url:

        async def some() -> bool:
            return await applied(base_url) >= 20

        await eventually(some, timeout=60)
    # the broker dies without a goodbye, and comes back with its store
    nats_server.kill()
    await asyncio.sleep(1)
    nats_server.start()
    # the rest, and a duplicate delivery of every tenth event of the first half
    await publish_all(nats_server.url, events[COUNT // 2 :])
    await publish_all(nats_server.url, events[: COUNT // 2 : 10], again=True)
    async with serving(create_app(settings)) as base_url:

        async def all_in() -> bool:
            return await applied(base_url) >= COUNT

        # a message in flight when the service stopped comes back after its ack wait (30 s)
        await eventually(all_in, timeout=120)
        await asyncio.sleep(1)  # let the duplicates at the tail be taken too
        assert await applied(base_url) == COUNT

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            commitments = (
                await connection.execute(
                    sa.text(
                        "SELECT count(*), count(DISTINCT source_id) FROM commitment "
                        "WHERE cohort_id = :cohort"
                    ),
                    {"cohort": cohort.hex if url.startswith("sqlite") else cohort},
                )
            ).one()
            lines = {
                party: int(total)
                for party, total in await connection.execute(
                    sa.text("SELECT party, sum(amount_minor) FROM commitment_line GROUP BY party")
                )
            }
    finally:
        await engine.dispose()
    assert tuple(commitments) == (COUNT, COUNT)
    listed = sum(Money.of(PRICES[n % len(PRICES)], "USD").minor for n in range(COUNT))
    assert sum(lines.values()) == listed
    # per event: 1,200.00 -> 900/270/30; 999.99 -> 749.99/225.00/25.00 (the odd cent to the
    # vendor); 0.01 -> the vendor's; 45.67 -> 34.25/10.28/1.14 (two stages of largest
    # remainder); 75 of each in 300
    assert lines == {
        "vendor": 75 * (90000 + 74999 + 1 + 3425),
        "programme": 75 * (27000 + 22500 + 0 + 1028),
        "local_company": 75 * (3000 + 2500 + 0 + 114),
    }
