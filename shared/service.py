"""Builds a domain service's FastAPI app from what the service declares.

A service declares its settings, routers and event handlers; everything else (database,
broker, outbox relay, consumers, auth, errors, request ids, logs, health, metrics) is wired
here once, the same way for every service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared import (
    errors,
    heap,
    housekeeping,
    i18n,
    idempotency,
    jobs,
    logs,
    metrics,
    openapi,
    tasks,
)
from shared.auth import Role, TokenVerifier, require_roles
from shared.bodies import NestingLimitMiddleware
from shared.config import ServiceSettings
from shared.db import create_engine, session_factory
from shared.i18n import Translations
from shared.messaging.broker import Broker
from shared.messaging.consumer import EventConsumer, HandlerMap
from shared.messaging.relay import OutboxRelay
from shared.messaging.schema import inbox, outbox
from shared.middleware import RequestContextMiddleware
from shared.statuses import Statuses
from shared.statuses import router as statuses_router

log = logging.getLogger(__name__)

Resource = Callable[[FastAPI], contextlib.AbstractAsyncContextManager[Any]]
"""Something a service holds while it runs (an HTTP client to another service...): entered
once the broker is up, exited before it closes, so nothing leaks across restarts or tests."""


@dataclass
class ServiceSpec:
    name: str
    title: str
    description: str
    settings: ServiceSettings
    routers: Sequence[APIRouter] = ()
    handlers: HandlerMap = field(default_factory=dict)
    version: str = "0.1.0"
    resources: Sequence[Resource] = ()
    rules: Mapping[str, Translations] = field(default_factory=dict)
    """The details of the service's 409 rules in Russian and Kazakh (``<name>/messages.py``)."""
    statuses: Sequence[Statuses] = ()
    """The labels of every status a person reads (``<name>/statuses.py`` ``STATUSES``),
    served at ``GET /reference/statuses``."""
    streamed_bodies: Sequence[str] = ()
    """Paths (templates, as the routes declare them) whose routes stream their request body
    themselves, their own size limit applied while reading (``shared.jobs.receive``):
    ``shared.bodies`` does not read them whole first, nor applies ``max_body_bytes``."""


@dataclass
class Runtime:
    """What a running service instance holds; on ``app.state.runtime``."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: Broker
    relay: OutboxRelay
    consumer: EventConsumer


def build_runtime(spec: ServiceSpec) -> Runtime:
    settings = spec.settings
    engine = create_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    sessions = session_factory(engine)
    broker = Broker(settings.nats_url, name=spec.name)
    relay = OutboxRelay(
        service=spec.name,
        sessions=sessions,
        broker=broker,
        poll_seconds=settings.outbox_poll_seconds,
        stream_replicas=settings.nats_stream_replicas,
    )
    consumer = EventConsumer(
        service=spec.name,
        sessions=sessions,
        broker=broker,
        handlers=spec.handlers,
        max_deliveries=settings.consumer_max_deliveries,
        stream_replicas=settings.nats_stream_replicas,
    )
    return Runtime(settings, engine, sessions, broker, relay, consumer)


def create_app(spec: ServiceSpec) -> FastAPI:
    settings = spec.settings
    logs.configure(spec.name, settings.log_level, access_log=settings.access_log)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(spec)
        app.state.runtime = runtime
        app.state.jobs = jobs.Jobs(runtime.sessions, rules={**i18n.RULES, **spec.rules})
        await runtime.broker.start()
        workers: list[asyncio.Task[Any]] = []
        resources = contextlib.AsyncExitStack()
        try:
            for resource in spec.resources:
                await resources.enter_async_context(resource(app))
            if settings.run_workers:
                workers = [
                    asyncio.create_task(runtime.relay.run(), name="outbox-relay"),
                    asyncio.create_task(runtime.consumer.run(), name="event-consumer"),
                    asyncio.create_task(housekeeping.run(runtime.sessions), name="housekeeping"),
                ]
            heap.settle()
            log.info(
                "service started",
                extra={"port": settings.port, "relay_and_consumers": settings.run_workers},
            )
            yield
        finally:
            await app.state.jobs.stop()
            await tasks.stop(workers)
            await resources.aclose()
            await runtime.broker.close()
            await runtime.engine.dispose()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.token_verifier = TokenVerifier(
        settings.jwt_public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    errors.install(app, {**i18n.RULES, **spec.rules})
    idempotency.install(app)
    # inside: its 422 carries the request id
    app.add_middleware(
        NestingLimitMiddleware, streamed=spec.streamed_bodies, max_bytes=settings.max_body_bytes
    )
    app.add_middleware(RequestContextMiddleware, service=spec.name)
    app.include_router(health_router())
    app.include_router(ops_router())
    if spec.statuses:  # before the service's own: the registry's /reference/{kind} is wider
        app.include_router(statuses_router(spec.statuses))
    for router in spec.routers:
        app.include_router(router)
    openapi.install(app)
    return app


class Liveness(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    checks: dict[str, str] = Field(
        description='each dependency ("database", "nats"; the gateway: each service) and "ok"'
    )


class MessagingStatus(BaseModel):
    outbox_backlog: int = Field(description="events written and not yet published")
    oldest_unpublished_at: datetime | None
    events_applied: int = Field(description="events of other services this one has applied")
    nats_connected: bool


def health_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", response_model=Liveness)
    async def healthz() -> Liveness:
        """Liveness: the process answers."""
        return Liveness(status="ok")

    @router.get(
        "/readyz",
        response_model=Readiness,
        responses={503: {"description": "database or NATS unreachable"}},
    )
    async def readyz(request: Request) -> Any:
        """Readiness: the database answers and NATS is connected."""
        runtime: Runtime = request.app.state.runtime
        checks = {"database": "ok", "nats": "ok" if runtime.broker.is_connected else "down"}
        try:
            async with runtime.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        except Exception as exc:
            checks["database"] = f"down: {type(exc).__name__}"
        if all(v == "ok" for v in checks.values()):
            return Readiness(status="ready", checks=checks)
        return errors.problem_response(503, i18n.message(i18n.KIT["not_ready"]), checks=checks)

    router.add_route("/metrics", metrics.metrics_endpoint, include_in_schema=False)
    return router


def ops_router() -> APIRouter:
    router = APIRouter(prefix="/ops", tags=["operations"])

    @router.get(
        "/messaging",
        response_model=MessagingStatus,
        dependencies=[require_roles(Role.MINISTRY, Role.PROGRAMME_MANAGER)],
    )
    async def messaging(request: Request) -> MessagingStatus:
        """Outbox backlog and inbox size, for operators chasing a stuck event."""
        runtime: Runtime = request.app.state.runtime
        async with runtime.sessions() as session:
            pending = await session.execute(
                sa.select(sa.func.count(), sa.func.min(outbox.c.created_at)).where(
                    outbox.c.published_at.is_(None)
                )
            )
            backlog, oldest = pending.one()
            applied = await session.scalar(sa.select(sa.func.count()).select_from(inbox))
        return MessagingStatus(
            outbox_backlog=backlog,
            oldest_unpublished_at=oldest,
            events_applied=applied,
            nats_connected=runtime.broker.is_connected,
        )

    return router
