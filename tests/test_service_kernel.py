"""What every service gets from shared/: errors, request ids into events, health, metrics, auth."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import jwt
import nats
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from fastapi import APIRouter
from nats.js.errors import NotFoundError
from pydantic import BaseModel, Field
from registry.config import Settings

from shared.auth import CurrentPrincipal, Role, authorize_company
from shared.deps import SessionDep
from shared.errors import Conflict
from shared.events.base import CloudEvent
from shared.messaging import outbox
from shared.natsserver import NatsServer
from shared.service import ServiceSpec, create_app
from shared.testing.servers import serving
from shared.testing.tokens import mint_token
from tests.backbone.harness import ProbeRecorded, eventually

router = APIRouter()


class ProbeCreate(BaseModel):
    n: int = Field(ge=0, le=1_000_000)
    label: str = Field(min_length=1, max_length=200)


@router.post("/probes", status_code=201)
async def create_probe(body: ProbeCreate, session: SessionDep) -> dict[str, Any]:
    """Test-only write: one event in the caller's transaction."""
    if body.n == 409:
        raise Conflict("Probe 409 is taken.", rule="probe_unique")
    envelope = await outbox.add(session, ProbeRecorded(probe_id=uuid.uuid4(), n=body.n))
    if body.n == 500:
        raise RuntimeError("secret internal detail")
    return {"event_id": envelope.id, "label": body.label}


@router.get("/companies/{company_id}/secret")
async def company_secret(company_id: uuid.UUID, principal: CurrentPrincipal) -> dict[str, str]:
    """Test-only object-level check."""
    authorize_company(principal, company_id, resource="company")
    return {"secret": "contacts"}


@pytest.fixture
async def service(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=database("registry"),
        nats_url=nats_server.url,
        jwt_public_key=jwt_keys[1],
        outbox_poll_seconds=0.2,
    )
    app = create_app(
        ServiceSpec(
            name="testkit", title="probe", description="", settings=settings, routers=[router]
        )
    )
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=20) as client:
        yield client


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hs256_signed_with(secret: str, claims: dict[str, Any]) -> str:
    """Hand-made, as PyJWT itself refuses to HMAC with a PEM key."""
    signing_input = (
        _b64(json.dumps({"alg": "HS256", "typ": "at+jwt"}).encode())
        + "."
        + _b64(json.dumps(claims).encode())
    )
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def token(private: str, **claims: Any) -> str:
    role = claims.pop("role", Role.MINISTRY)
    company_id = claims.pop("company_id", None)
    return mint_token(private, role, company_id, **claims)


class TestRequestIdBecomesCorrelationId:
    async def test_event_caused_by_a_request_carries_its_request_id(
        self, service: httpx.AsyncClient, nats_server: NatsServer
    ) -> None:
        response = await service.post(
            "/probes", json={"n": 1, "label": "Алматы 🚀"}, headers={"X-Request-ID": "req-123"}
        )
        assert response.status_code == 201, response.text
        assert response.headers["x-request-id"] == "req-123"
        nc = await nats.connect(nats_server.url)
        try:
            js = nc.jetstream()

            async def published() -> bool:
                try:
                    return (await js.stream_info("BLP_TESTKIT")).state.messages == 1
                except NotFoundError:
                    return False

            await eventually(published)
            sub = await js.pull_subscribe("blp.testkit.>", stream="BLP_TESTKIT")
            [message] = await sub.fetch(1, timeout=10)
        finally:
            await nc.close()
        envelope = CloudEvent.model_validate_json(message.data)
        assert envelope.id == response.json()["event_id"]
        assert envelope.correlationid == "req-123"
        assert (envelope.specversion, envelope.source, envelope.type) == (
            "1.0",
            "/blp/testkit",
            "blp.testkit.probe.recorded",
        )
        assert message.headers["Nats-Msg-Id"] == envelope.id


class TestProblemDetails:
    async def test_validation_errors_name_each_bad_field(self, service: httpx.AsyncClient) -> None:
        response = await service.post("/probes", json={"n": "many", "label": ""})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert {e["field"] for e in body["errors"]} == {"n", "label"}
        assert body["type"] == "urn:blp:problem:validation"

    async def test_malformed_and_huge_json_are_4xx(self, service: httpx.AsyncClient) -> None:
        broken = await service.post(
            "/probes", content=b'{"n": 1,', headers={"content-type": "application/json"}
        )
        huge = await service.post("/probes", json={"n": 10**30, "label": "x" * 100_000})
        assert broken.status_code == 422
        assert huge.status_code == 422
        assert {e["field"] for e in huge.json()["errors"]} == {"n", "label"}

    async def test_conflict_names_the_rule_and_500_hides_internals(
        self, service: httpx.AsyncClient
    ) -> None:
        conflict = await service.post("/probes", json={"n": 409, "label": "x"})
        assert conflict.status_code == 409
        assert conflict.json()["rule"] == "probe_unique"
        crash = await service.post(
            "/probes", json={"n": 500, "label": "x"}, headers={"X-Request-ID": "boom-1"}
        )
        assert crash.status_code == 500
        assert crash.headers["content-type"] == "application/problem+json"
        assert crash.json()["request_id"] == "boom-1"
        assert "secret" not in crash.text and "Traceback" not in crash.text

    async def test_failed_request_leaves_no_event_behind(
        self, service: httpx.AsyncClient, jwt_keys: tuple[str, str]
    ) -> None:
        await service.post("/probes", json={"n": 500, "label": "x"})
        await service.post("/probes", json={"n": 409, "label": "x"})
        ops = await service.get(
            "/ops/messaging", headers={"Authorization": f"Bearer {token(jwt_keys[0])}"}
        )
        assert ops.status_code == 200
        assert ops.json()["outbox_backlog"] == 0 and ops.json()["oldest_unpublished_at"] is None

    async def test_unknown_route_is_a_404_problem(self, service: httpx.AsyncClient) -> None:
        response = await service.get("/nope")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestHealthAndMetrics:
    async def test_ready_when_db_and_nats_are_up_not_when_nats_is_down(
        self, service: httpx.AsyncClient, nats_server: NatsServer
    ) -> None:
        assert (await service.get("/healthz")).json() == {"status": "ok"}
        ready = await service.get("/readyz")
        assert ready.status_code == 200, ready.text
        nats_server.stop()
        for _ in range(50):
            not_ready = await service.get("/readyz")
            if not_ready.status_code == 503:
                break
        assert not_ready.status_code == 503
        assert not_ready.json()["checks"]["nats"] == "down"
        assert (await service.get("/healthz")).status_code == 200

    async def test_metrics_expose_requests_outbox_and_consumer_series(
        self, service: httpx.AsyncClient
    ) -> None:
        await service.post("/probes", json={"n": 2, "label": "m"})
        text = (await service.get("/metrics")).text
        for series in (
            "blp_http_requests_total",
            "blp_http_request_duration_seconds_bucket",
            "blp_outbox_backlog",
            "blp_consumer_pending",
            "blp_dead_letters_total",
        ):
            assert series in text
        assert 'route="/probes"' in text


class TestAccessTokens:
    async def test_object_level_check_admits_staff_and_the_company_only(
        self, service: httpx.AsyncClient, jwt_keys: tuple[str, str]
    ) -> None:
        private = jwt_keys[0]
        mine, other = uuid.uuid4(), uuid.uuid4()
        own = token(private, role="local_company", company_id=str(mine))
        url = f"/companies/{mine}/secret"
        assert (
            await service.get(url, headers={"Authorization": f"Bearer {own}"})
        ).status_code == 200
        foreign = token(private, role="local_company", company_id=str(other))
        response = await service.get(url, headers={"Authorization": f"Bearer {foreign}"})
        assert response.status_code == 404
        staff = token(private, role=Role.PROGRAMME_MANAGER.value)
        assert (
            await service.get(url, headers={"Authorization": f"Bearer {staff}"})
        ).status_code == 200

    @pytest.mark.parametrize(
        "claims",
        [
            {"exp": int(time.time()) - 3600},  # expired
            {"aud": "someone-else"},  # wrong audience
            {"iss": "evil"},  # wrong issuer
            {"sub": None},  # no subject
            {"role": "emperor"},  # unknown role
            {"role": "local_company"},  # company user without a company
        ],
    )
    async def test_rfc8725_checks_reject_bad_claims(
        self, service: httpx.AsyncClient, jwt_keys: tuple[str, str], claims: dict[str, Any]
    ) -> None:
        bad = token(jwt_keys[0], **claims)
        response = await service.get(
            f"/companies/{uuid.uuid4()}/secret", headers={"Authorization": f"Bearer {bad}"}
        )
        assert response.status_code == 401, response.text

    async def test_other_algorithms_and_untyped_tokens_are_rejected(
        self, service: httpx.AsyncClient, jwt_keys: tuple[str, str]
    ) -> None:
        now = int(time.time())
        claims = {
            "iss": "blp-gateway",
            "aud": "blp",
            "sub": "x",
            "role": "ministry",
            "iat": now,
            "exp": now + 60,
        }
        # the classic confusion attack: HS256 keyed with the public key's text
        hs256 = _hs256_signed_with(jwt_keys[1], claims)
        unsigned = jwt.encode(claims, None, algorithm="none", headers={"typ": "at+jwt"})
        untyped = jwt.encode(
            claims, load_pem_private_key(jwt_keys[0].encode(), None), algorithm="EdDSA"
        )
        for bad in (hs256, unsigned, untyped):
            response = await service.get(
                f"/companies/{uuid.uuid4()}/secret", headers={"Authorization": f"Bearer {bad}"}
            )
            assert response.status_code == 401
