"""The gateway's ASGI app, served by ``blp serve gateway`` with ``HTTP_PROTOCOL``.

Under that protocol (``gateway.protocol``) ``/v1/<service>/...`` never reaches this app: the
protocol forwards it itself, the hot path. Everything the gateway answers itself (tokens,
merged OpenAPI, docs, the ministry dashboard, health, metrics) is a small FastAPI app.
Under a plain ASGI server (``uvicorn --factory gateway.main:create_app``) proxied calls go
to the ASGI proxy instead, with the same behaviour at about three times the CPU per call;
run it with ``--no-proxy-headers``, as ``blp serve`` does, so that only
``BLP_GATEWAY_TRUSTED_PROXIES`` decides whose forwarding headers name the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import auth_routes, dashboard_routes, docs, framework_routes, statuses
from gateway.clients import ClientStore
from gateway.config import Settings
from gateway.exchange import Forwarder
from gateway.journey import router as journey_router
from gateway.messages import MESSAGES
from gateway.openapi import OpenApiMerger
from gateway.peers import TrustedProxies
from gateway.protocol import GatewayHttpProtocol
from gateway.proxy import Proxy
from gateway.ratelimit import FailureLock, RateLimiter
from gateway.tokens import JwkSet, TokenIssuer
from shared import errors, heap, i18n, logs, metrics
from shared import openapi as exact_openapi
from shared.auth import TokenVerifier
from shared.bodies import NestingLimitMiddleware
from shared.middleware import RequestContextMiddleware
from shared.service import Liveness, Readiness
from shared.statuses import router as statuses_router

# the HTTP protocol to serve create_app() with (uvicorn's ``http=``)
HTTP_PROTOCOL = GatewayHttpProtocol


@dataclass(frozen=True)
class _RouteLabel:
    """Stands in for a Starlette route so request metrics group proxied calls by service."""

    path: str


class GatewayApp:
    def __init__(self, api: FastAPI, proxy: Proxy, token_limiter: RateLimiter) -> None:
        self.api = api
        self.proxy = proxy
        self.token_limiter = token_limiter  # /v1/auth/*: a bucket apart from anonymous reads
        self.forwarder = Forwarder(proxy)  # what GatewayHttpProtocol proxies with
        self._labels = {name: _RouteLabel(f"/v1/{name}/*") for name in proxy.upstreams}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            routed = self.proxy.route(path) if path.startswith("/v1/") else None
            if routed is not None:
                scope["route"] = self._labels[routed[0]]
                await self.proxy(scope, receive, send, routed[0])
                return
            if path.startswith("/v1/auth/") and (wait := self._limit_by_address(scope)):
                await errors.problem_response(
                    429,
                    i18n.message(i18n.KIT["rate_limited"]),
                    headers={"Retry-After": str(max(1, round(wait)))},
                )(scope, receive, send)
                return
        await self.api(scope, receive, send)

    def _limit_by_address(self, scope: Scope) -> float:
        client = scope.get("client")
        address = client[0] if client else None
        if self.proxy.trusted_proxies is not None:
            address = self.proxy.trusted_proxies.client_address(address, scope["headers"])
        return self.token_limiter.take("ip:" + (address or "unknown"))


def create_app(settings: Settings | None = None) -> ASGIApp:
    settings = settings or Settings()
    logs.configure("gateway", settings.log_level, access_log=settings.access_log)
    verifier = TokenVerifier(
        settings.jwt_public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
    proxy = Proxy(
        upstreams=settings.upstreams(),
        verifier=verifier,
        limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        anonymous_limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        trusted_proxies=TrustedProxies(settings.proxy_networks()),
        max_body_bytes=settings.max_body_bytes,
        bulk_max_body_bytes=settings.bulk_max_body_bytes,
        timeout_seconds=settings.upstream_timeout_seconds,
        upstream_timeouts=settings.upstream_timeouts,
        bulk_timeout_seconds=settings.bulk_timeout_seconds,
    )
    merger = OpenApiMerger(settings.upstreams())

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        heap.settle()
        try:
            yield
        finally:
            await proxy.close()

    api = FastAPI(
        title="BLP platform API",
        description="Business linkage programme for Kazakhstan's IT sector: registry, "
        "assessment, training and finance services behind one gateway.",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    api.state.clients = ClientStore(settings.clients_file)
    api.state.token_issuer = TokenIssuer(
        settings.jwt_private_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.token_ttl_seconds,
    )
    if api.state.token_issuer.key_id not in verifier.key_ids:
        # it would issue tokens that it and every service refuse
        raise ValueError(
            "BLP_GATEWAY_JWT_PUBLIC_KEY must include the public key of "
            "BLP_GATEWAY_JWT_PRIVATE_KEY (add the new public key everywhere before switching)"
        )
    api.state.token_verifier = verifier
    api.state.token_lock = FailureLock(
        settings.token_failure_limit,
        settings.token_failure_window_seconds,
        settings.token_lockout_seconds,
    )
    errors.install(api)
    # the gateway's own routes (a token request, a framework snapshot): the services' limits
    api.add_middleware(NestingLimitMiddleware, max_bytes=settings.max_body_bytes)
    api.include_router(auth_routes.router)
    api.include_router(journey_router(proxy))
    api.state.proxy, api.state.framework_timeout = proxy, settings.framework_timeout_seconds
    api.include_router(framework_routes.router)
    api.include_router(dashboard_routes.router)
    # the labels of the codes its own answers carry, as each service's /reference/statuses
    api.include_router(statuses_router(statuses.STATUSES), prefix=statuses.PREFIX)
    exact_openapi.install(api)

    @api.get("/healthz", tags=["operations"], response_model=Liveness)
    async def healthz() -> Liveness:
        """Liveness: the gateway answers."""
        return Liveness(status="ok")

    @api.get(
        "/readyz",
        tags=["operations"],
        response_model=Readiness,
        responses={503: {"description": "a service is not ready"}},
    )
    async def readyz() -> Any:
        """Readiness of the platform: every service's own /readyz answers 200."""
        assert proxy.session is not None
        names = list(proxy.upstreams)
        results = await asyncio.gather(*(_ready(proxy.session, proxy.upstreams[n]) for n in names))
        checks = dict(zip(names, results, strict=True))
        if all(v == "ok" for v in checks.values()):
            return Readiness(status="ready", checks=checks)
        return errors.problem_response(503, i18n.message(MESSAGES["not_all_ready"]), checks=checks)

    @api.get("/.well-known/jwks.json", tags=["auth"], response_model=JwkSet)
    async def jwks() -> dict[str, Any]:
        """The public keys access tokens are signed with (RFC 7517), each named by the
        ``kid`` its tokens carry: during a rotation, the current key and the next."""
        return verifier.jwks()

    @api.get("/openapi.json", include_in_schema=False)
    async def openapi() -> JSONResponse:
        assert proxy.session is not None
        return JSONResponse(await merger.document(proxy.session, api.openapi()))

    @api.get("/docs", include_in_schema=False)
    async def docs_page() -> Any:
        return docs.docs_page()

    api.mount(docs.ASSETS_PATH, docs.assets, name="docs-assets")
    api.mount(dashboard_routes.ASSETS_PATH, dashboard_routes.assets, name="dashboard-assets")
    token_limiter = RateLimiter(
        settings.token_rate_limit_per_minute, settings.token_rate_limit_burst
    )
    gateway = GatewayApp(api, proxy, token_limiter)

    async def metrics_endpoint(request: Request) -> Response:
        gateway.forwarder.tally.flush()  # proxied calls are tallied apart until scraped
        return await metrics.metrics_endpoint(request)

    api.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    return RequestContextMiddleware(gateway, service="gateway")


async def _ready(session: aiohttp.ClientSession, base_url: str) -> str:
    try:
        async with session.get(
            f"{base_url}/readyz", timeout=aiohttp.ClientTimeout(total=3)
        ) as response:
            return "ok" if response.status == 200 else f"not ready ({response.status})"
    except (aiohttp.ClientError, TimeoutError) as exc:
        return f"unreachable ({type(exc).__name__})"
