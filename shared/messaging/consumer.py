"""Idempotent event consumers on durable JetStream pull consumers.

Per message: the inbox row (event id) and the handlers' side effects commit in one
transaction, then the message is acked. A crash between commit and ack only causes a
redelivery, which the inbox turns into a no-op. A handler that keeps failing is retried with
backoff and, after ``max_deliveries``, moved to the dead-letter subject with its error,
while the other messages keep flowing. Messages are applied one at a time per stream, but no
order across aggregates is assumed: handlers must tolerate out-of-order events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import context, metrics
from shared.events.base import CloudEvent, Event
from shared.messaging.backoff import Backoff
from shared.messaging.broker import Broker
from shared.messaging.schema import inbox
from shared.messaging.streams import (
    deadletter_subject,
    ensure_deadletter_stream,
    ensure_stream,
    stream_name,
)

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, CloudEvent], Awaitable[None]]
HandlerMap = Mapping[type[Event], Sequence[Handler]]


class _AlreadyApplied(Exception):
    pass


class EventConsumer:
    def __init__(
        self,
        *,
        service: str,
        sessions: async_sessionmaker[AsyncSession],
        broker: Broker,
        handlers: HandlerMap,
        max_deliveries: int = 5,
        ack_wait_seconds: float = 30.0,
        fetch_timeout: float = 2.0,
        batch_size: int = 20,
        retry_backoff: Backoff | None = None,
        stream_replicas: int = 1,
    ) -> None:
        self.service = service
        self._sessions = sessions
        self._broker = broker
        self._handlers: dict[str, Sequence[Handler]] = {
            t.event_type: h for t, h in handlers.items()
        }
        self._by_producer: dict[str, list[str]] = defaultdict(list)
        for event_type in handlers:
            self._by_producer[event_type.producer()].append(event_type.event_type)
        self._max_deliveries = max_deliveries
        self._ack_wait = ack_wait_seconds
        self._fetch_timeout = fetch_timeout
        self._batch_size = batch_size
        self._retry = retry_backoff or Backoff(0.5, 30.0)
        self._replicas = stream_replicas

    async def run(self) -> None:
        if not self._by_producer:
            return
        await asyncio.gather(
            *(self._run_stream(p, sorted(t)) for p, t in self._by_producer.items())
        )

    async def _subscribe(self, producer: str, subjects: list[str]) -> Any:
        js = self._broker.js
        stream = await ensure_stream(js, producer, self._replicas)
        await ensure_deadletter_stream(js, self._replicas)
        config = ConsumerConfig(
            durable_name=self.service,
            name=self.service,
            filter_subjects=subjects,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self._ack_wait,
            max_deliver=-1,  # we count deliveries ourselves and dead-letter at the limit
            max_ack_pending=1000,
        )
        # add_consumer creates or updates: a new handler widens the filter of the durable
        await js.add_consumer(stream, config=config)
        return await js.pull_subscribe_bind(durable=self.service, stream=stream)

    async def _run_stream(self, producer: str, subjects: list[str]) -> None:
        """Fetch and apply forever, rebuilding the subscription after any reconnect.

        Rebuilding matters: a pull request parked on a server that then died is never
        answered, and nats.py does not re-issue it (nats-io/nats.py#504).
        """
        subscription = None
        generation = -1
        backoff = Backoff(0.2, 10.0)
        try:
            while True:
                await self._broker.wait_connected()
                try:
                    if subscription is None or generation != self._broker.generation:
                        if subscription is not None:
                            await _quietly(subscription.unsubscribe())
                        generation = self._broker.generation
                        subscription = await self._subscribe(producer, subjects)
                    messages = await subscription.fetch(
                        self._batch_size, timeout=self._fetch_timeout
                    )
                except TimeoutError:  # nats.errors.TimeoutError is one too
                    # No messages in time. nats.py also raises asyncio's own TimeoutError
                    # when its deadline passes between the two pull requests of one fetch
                    # (a busy event loop, e.g. during a bulk import): the same "nothing
                    # yet", not a broken subscription to rebuild.
                    await self._record_lag(subscription, producer)
                    continue
                except Exception as exc:
                    delay = backoff.next()
                    log.warning(
                        "consumer fetch failed, rebuilding subscription",
                        extra={
                            "stream": stream_name(producer),
                            "error": repr(exc),
                            "retry_in": round(delay, 2),
                        },
                    )
                    subscription = None
                    await asyncio.sleep(delay)
                    continue
                backoff.reset()
                for message in messages:
                    await self.process(message)
        finally:
            if subscription is not None:
                await _quietly(subscription.unsubscribe())

    async def process(self, msg: Msg) -> None:
        """Apply one message and settle it (ack, nak with delay, or dead-letter)."""
        attempt = msg.metadata.num_delivered or 1
        metrics.CONSUMER_LAG.labels(self.service, msg.metadata.stream).set(
            msg.metadata.num_pending or 0
        )
        try:
            envelope = CloudEvent.model_validate_json(msg.data)
            payload = envelope.payload()
        except (ValidationError, KeyError, ValueError) as exc:
            # A message we cannot even read will not improve with retries.
            await self._dead_letter(msg, exc, attempt)
            return
        handlers = self._handlers.get(envelope.type)
        if not handlers:
            await msg.ack()
            return
        token = context.request_id.set(envelope.correlationid)
        try:
            await self._apply(envelope, payload, handlers)
        except _AlreadyApplied:
            metrics.EVENTS_DUPLICATE.labels(self.service, envelope.type).inc()
        except Exception as exc:
            if attempt >= self._max_deliveries:
                await self._dead_letter(msg, exc, attempt)
            else:
                delay = self._retry.delay(attempt - 1)
                log.warning(
                    "event handler failed, will retry",
                    extra={
                        "event_id": envelope.id,
                        "event_type": envelope.type,
                        "attempt": attempt,
                        "error": repr(exc),
                    },
                )
                await msg.nak(delay=delay)
            return
        else:
            metrics.EVENTS_APPLIED.labels(self.service, envelope.type).inc()
        finally:
            context.request_id.reset(token)
        await msg.ack()

    async def _apply(
        self, envelope: CloudEvent, payload: Event, handlers: Sequence[Handler]
    ) -> None:
        async with self._sessions() as session, session.begin():
            try:
                await session.execute(
                    sa.insert(inbox).values(
                        event_id=envelope.id,
                        consumer=self.service,
                        event_type=envelope.type,
                        processed_at=datetime.now(UTC),
                    )
                )
            except IntegrityError:
                raise _AlreadyApplied from None
            for handler in handlers:
                await handler(session, payload, envelope)

    async def _dead_letter(self, msg: Msg, exc: BaseException, attempt: int) -> None:
        headers = {
            "Nats-Msg-Id": f"{msg.headers.get('Nats-Msg-Id', '') if msg.headers else ''}"
            f":{self.service}:{msg.metadata.sequence.stream}",
            "BLP-Error": f"{type(exc).__name__}: {exc}"[:2000],
            "BLP-Deliveries": str(attempt),
            "BLP-Consumer": self.service,
            "BLP-Original-Subject": msg.subject,
            "BLP-Original-Sequence": str(msg.metadata.sequence.stream),
        }
        try:
            await self._broker.js.publish(
                deadletter_subject(self.service, msg.subject),
                msg.data,
                headers=headers,
                timeout=5.0,
            )
        except Exception as publish_error:
            log.error("dead-letter publish failed", extra={"error": repr(publish_error)})
            await msg.nak(delay=5.0)
            return
        log.error(
            "event dead-lettered",
            extra={"subject": msg.subject, "attempts": attempt, "error": headers["BLP-Error"]},
        )
        metrics.DEAD_LETTERS.labels(self.service, msg.subject).inc()
        await msg.term()

    async def _record_lag(self, subscription: Any, producer: str) -> None:
        try:
            info = await subscription.consumer_info()
        except Exception:
            return
        metrics.CONSUMER_LAG.labels(self.service, stream_name(producer)).set(info.num_pending or 0)


async def _quietly(awaitable: Awaitable[Any]) -> None:
    with contextlib.suppress(Exception):  # the old subscription is being discarded
        await awaitable
