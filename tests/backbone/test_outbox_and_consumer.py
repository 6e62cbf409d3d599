"""The event backbone against a real nats-server and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import nats
from nats.js.errors import NotFoundError

from shared.events.base import CloudEvent
from shared.messaging.streams import DEADLETTER_STREAM, stream_name
from shared.natsserver import NatsServer
from tests.backbone.harness import Consumer, Producer, eventually

STREAM = stream_name("testkit")


async def stream_messages(nats_url: str, stream: str = STREAM) -> int:
    nc = await nats.connect(nats_url)
    try:
        try:
            info = await nc.jetstream().stream_info(stream)
        except NotFoundError:
            return 0
        return info.state.messages
    finally:
        await nc.close()


def applied_ns(rows: list[Any]) -> Counter[int]:
    return Counter(row.n for row in rows)


class TestTransactionalOutbox:
    async def test_committed_event_arrives_once_and_rolled_back_one_never(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        run_task(producer.relay().run())
        run_task(consumer_side.consumer().run())

        kept = await producer.write(1)
        await producer.write(2, commit=False)

        async def delivered() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(delivered)
        await asyncio.sleep(1.0)  # room for a wrongly published rollback or a duplicate

        rows = await consumer_side.applied()
        assert [(r.event_id, r.n) for r in rows] == [(kept.id, 1)]
        assert [r.event_id for r in await producer.outbox_rows()] == [kept.id]
        assert await stream_messages(nats_server.url) == 1

    async def test_relay_wakes_on_commit_rather_than_waiting_for_the_poll(
        self, producer: Producer, consumer_side: Consumer, run_task: Any
    ) -> None:
        run_task(producer.relay(poll_seconds=60).run())
        run_task(consumer_side.consumer().run())
        await asyncio.sleep(0.5)  # let the relay go idle on its 60 s poll

        await producer.write(1)

        async def delivered() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(delivered, timeout=5)


class TestBrokerOutage:
    async def test_writes_during_outage_are_all_delivered_once_after_restart(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        run_task(producer.relay().run())
        run_task(consumer_side.consumer().run())
        await producer.write(0)

        async def first() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(first)

        nats_server.stop()
        for n in range(1, 201):
            await producer.write(n)  # the API keeps accepting writes
        unpublished = [r for r in await producer.outbox_rows() if r.published_at is None]
        assert len(unpublished) == 200

        nats_server.start()

        async def all_delivered() -> bool:
            return len(await consumer_side.applied()) >= 201

        await eventually(all_delivered, timeout=60)
        await asyncio.sleep(1.0)

        counts = applied_ns(await consumer_side.applied())
        assert set(counts) == set(range(201))
        assert max(counts.values()) == 1
        assert all(r.published_at is not None for r in await producer.outbox_rows())


class TestIdempotentConsumer:
    async def test_crash_after_side_effect_before_ack_is_redelivered_and_applied_once(
        self, producer: Producer, consumer_side: Consumer, run_task: Any
    ) -> None:
        run_task(producer.relay().run())
        await producer.write(7)
        crashing = consumer_side.consumer(ack_wait_seconds=1.0)
        await consumer_side.broker.wait_connected()
        subscription = await crashing._subscribe("testkit", ["blp.testkit.probe.recorded"])
        [message] = await subscription.fetch(1, timeout=10)
        envelope = CloudEvent.model_validate_json(message.data)
        # the side effect commits, then the process "dies" before it can ack
        await crashing._apply(envelope, envelope.payload(), [consumer_side.handle])
        await subscription.unsubscribe()
        assert len(await consumer_side.applied()) == 1

        run_task(consumer_side.consumer(ack_wait_seconds=1.0).run())

        async def redelivered_and_acked() -> bool:
            info = await consumer_side.broker.js.consumer_info(STREAM, "probeconsumer")
            # delivered twice (consumer sequence 2), the redelivery acked (ack floor reached)
            return (
                info.delivered.consumer_seq >= 2
                and info.ack_floor.stream_seq == 1
                and info.num_ack_pending == 0
            )

        await eventually(redelivered_and_acked)
        assert [r.n for r in await consumer_side.applied()] == [7]

    async def test_poison_message_is_dead_lettered_while_good_ones_flow(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        consumer_side.fail_on = lambda event: event.poison
        run_task(producer.relay().run())
        run_task(consumer_side.consumer(max_deliveries=3).run())

        poison = await producer.write(0, poison=True)
        for n in range(1, 11):
            await producer.write(n)

        async def good_ones_applied() -> bool:
            return len(await consumer_side.applied()) == 10

        await eventually(good_ones_applied)

        nc = await nats.connect(nats_server.url)
        try:
            js = nc.jetstream()

            async def dead_lettered() -> bool:
                try:
                    return (await js.stream_info(DEADLETTER_STREAM)).state.messages == 1
                except NotFoundError:
                    return False

            await eventually(dead_lettered)
            sub = await js.pull_subscribe("blp.deadletter.>", stream=DEADLETTER_STREAM)
            [dead] = await sub.fetch(1, timeout=5)
        finally:
            await nc.close()
        assert dead.subject == "blp.deadletter.probeconsumer.blp.testkit.probe.recorded"
        assert dead.headers["BLP-Deliveries"] == "3"
        assert "cannot apply probe 0" in dead.headers["BLP-Error"]
        assert CloudEvent.model_validate_json(dead.data).id == poison.id
        assert consumer_side.calls.count(uuid.UUID(poison.subject)) == 3
        assert sorted(r.n for r in await consumer_side.applied()) == list(range(1, 11))

    async def test_asyncio_timeout_from_a_fetch_is_no_messages_not_a_broken_subscription(
        self, producer: Producer, consumer_side: Consumer, run_task: Any
    ) -> None:
        """nats.py raises asyncio's TimeoutError, not its own, when a fetch's deadline passes
        between its two pull requests (a busy event loop); the consumer used to log a
        failure and rebuild its subscription for it."""
        consumer = consumer_side.consumer()
        subscribe = consumer._subscribe
        subscriptions: list[Any] = []
        timeouts = 3

        async def flaky_subscribe(*args: Any) -> Any:
            subscription = await subscribe(*args)
            fetch = subscription.fetch

            async def first_fetches_time_out(*a: Any, **kw: Any) -> Any:
                nonlocal timeouts
                if timeouts:
                    timeouts -= 1
                    raise TimeoutError
                return await fetch(*a, **kw)

            subscription.fetch = first_fetches_time_out
            subscriptions.append(subscription)
            return subscription

        consumer._subscribe = flaky_subscribe  # type: ignore[method-assign]
        run_task(producer.relay().run())
        run_task(consumer.run())
        await producer.write(11)

        async def applied() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(applied)
        assert timeouts == 0
        assert len(subscriptions) == 1


class TestRelayReplicas:
    async def test_two_relays_on_one_outbox_publish_each_event_once(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        for n in range(300):
            await producer.write(n)
        run_task(producer.relay(batch_size=20).run())
        run_task(producer.relay(batch_size=20).run())
        run_task(consumer_side.consumer().run())

        async def all_delivered() -> bool:
            return len(await consumer_side.applied()) >= 300

        await eventually(all_delivered, timeout=60)
        await asyncio.sleep(1.0)

        counts = applied_ns(await consumer_side.applied())
        assert set(counts) == set(range(300)) and max(counts.values()) == 1
        rows = await producer.outbox_rows()
        # no row was claimed twice: the leases kept the replicas apart
        assert {r.attempts for r in rows} == {1}
        assert len({r.claimed_by for r in rows}) == 1 and rows[0].claimed_by is None
        assert await stream_messages(nats_server.url) == 300


class TestBrokerFailures:
    async def test_consumer_survives_sigkill_while_waiting_in_fetch(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        run_task(producer.relay().run())
        run_task(consumer_side.consumer(fetch_timeout=5.0).run())
        await producer.write(1)

        async def first() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(first)
        await asyncio.sleep(0.5)  # the consumer is now parked in a 5 s pull request

        nats_server.kill()
        nats_server.start()
        for n in range(2, 12):
            await producer.write(n)

        async def all_after_restart() -> bool:
            return len(await consumer_side.applied()) == 11

        await eventually(all_after_restart, timeout=30)

    async def test_timed_out_publish_is_retried_with_same_id_and_deduplicated(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        acks: list[Any] = []
        lost_first_ack = False

        async def publish_losing_first_ack(
            subject: str, payload: bytes, headers: dict[str, str], timeout: float
        ) -> Any:
            nonlocal lost_first_ack
            ack = await producer.broker.js.publish(
                subject, payload, headers=headers, timeout=timeout
            )
            acks.append((headers["Nats-Msg-Id"], ack))
            if not lost_first_ack:
                lost_first_ack = True  # the server stored it, but the ack never reached us
                raise TimeoutError("publish ack timed out")
            return ack

        run_task(producer.relay(publisher=publish_losing_first_ack).run())
        run_task(consumer_side.consumer().run())
        event = await producer.write(1)

        async def delivered() -> bool:
            return len(await consumer_side.applied()) == 1

        await eventually(delivered)
        await asyncio.sleep(0.5)

        assert [msg_id for msg_id, _ in acks] == [event.id, event.id]
        assert [ack.duplicate for _, ack in acks] == [None, True]
        assert await stream_messages(nats_server.url) == 1
        assert len(await consumer_side.applied()) == 1

    async def test_a_batch_publishes_together_and_retries_only_its_failed_event(
        self, producer: Producer, consumer_side: Consumer, nats_server: NatsServer, run_task: Any
    ) -> None:
        events = [await producer.write(n) for n in range(1, 7)]  # one batch, claimed together
        unlucky = events[2].id
        attempts: Counter[str] = Counter()
        in_flight = 0
        most_in_flight = 0

        async def publish_failing_one(
            subject: str, payload: bytes, headers: dict[str, str], timeout: float
        ) -> Any:
            nonlocal in_flight, most_in_flight
            msg_id = headers["Nats-Msg-Id"]
            attempts[msg_id] += 1
            if msg_id == unlucky and attempts[msg_id] == 1:
                raise ConnectionError("lost on the way")
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
            try:
                return await producer.broker.js.publish(
                    subject, payload, headers=headers, timeout=timeout
                )
            finally:
                in_flight -= 1

        run_task(producer.relay(publisher=publish_failing_one).run())
        run_task(consumer_side.consumer().run())

        async def delivered() -> bool:
            return len(await consumer_side.applied()) == 6

        await eventually(delivered, timeout=30)
        await asyncio.sleep(0.5)

        assert applied_ns(await consumer_side.applied()) == Counter(range(1, 7))
        assert attempts == Counter({e.id: 2 if e.id == unlucky else 1 for e in events})
        assert most_in_flight > 1  # the batch was in flight at once, not one by one
        assert await stream_messages(nats_server.url) == 6
        rows = await producer.outbox_rows()
        assert all(row.published_at is not None for row in rows)
