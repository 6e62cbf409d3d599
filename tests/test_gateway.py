"""The gateway end to end: real gateway, real registry service (real DB, real NATS), real HTTP."""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway.clients import ClientStore
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway
from gateway.protocol import GatewayHttpProtocol
from gateway.proxy import BULK_PATHS
from registry.config import Settings as RegistrySettings
from registry.main import create_app as create_registry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from blp.services import DOMAIN_SERVICES, settings_class
from shared.auth import Role
from shared.bodies import NestingLimitMiddleware
from shared.natsserver import NatsServer, free_port
from shared.testing.servers import serving


async def _echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "headers": dict(request.headers),
            "path": request.url.path,
            "query": request.url.query,
            "body_bytes": len(body),
        }
    )


async def _created(request: Request) -> JSONResponse:
    return JSONResponse({}, status_code=201, headers={"Location": "/things/42"})


async def _slow(request: Request) -> JSONResponse:
    await asyncio.sleep(3)
    return JSONResponse({})


# stands in for an upstream service where a real one cannot be made slow or echo on demand
fake_upstream = Starlette(
    routes=[
        Route("/echo/{rest:path}", _echo, methods=["GET", "POST", "PUT"]),
        Route("/slow", _slow),
        Route("/things", _created, methods=["POST"]),
        Route("/exchange-rates/imports", _echo, methods=["POST"]),  # finance's import
    ]
)


class Platform:
    def __init__(self, url: str, store: ClientStore) -> None:
        self.url = url
        self.store = store
        self.http = httpx.AsyncClient(base_url=url, timeout=20)

    async def client(self, role: Role, company_id: Any = None) -> tuple[str, str]:
        client, secret = self.store.create(role, company_id)
        return client.client_id, secret

    async def token(self, role: Role, company_id: Any = None) -> str:
        client_id, secret = await self.client(role, company_id)
        response = await self.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        assert response.status_code == 200, response.text
        return response.json()["access_token"]


@pytest.fixture(params=["protocol", "asgi"])
def gateway_http(request: pytest.FixtureRequest) -> Any:
    """How proxied calls are served: by the gateway's own protocol (``blp serve gateway``),
    or by the ASGI proxy under plain uvicorn (where the app runs without that protocol)."""
    return GatewayHttpProtocol if request.param == "protocol" else "httptools"


@pytest.fixture
async def platform(
    database: Callable[[str], str],
    nats_server: NatsServer,
    tmp_path: Path,
    jwt_keys: tuple[str, str],
    gateway_http: Any,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Platform]:
    private, public = jwt_keys
    overrides: dict[str, Any] = getattr(request, "param", {})
    registry = create_registry(
        RegistrySettings(
            database_url=database("registry"), nats_url=nats_server.url, jwt_public_key=public
        )
    )
    async with serving(registry) as registry_url, serving(fake_upstream) as fake_url:
        settings = GatewaySettings(
            **{
                "jwt_private_key": private,
                "jwt_public_key": public,
                "clients_file": str(tmp_path / "clients.json"),
                "registry_url": registry_url,
                "assessment_url": fake_url,  # echo / slow
                "training_url": f"http://127.0.0.1:{free_port()}",  # nothing listens: down
                "finance_url": fake_url,
                "upstream_timeout_seconds": 1.0,
                **overrides,
            }
        )
        async with serving(create_gateway(settings), http=gateway_http) as gateway_url:
            platform = Platform(gateway_url, ClientStore(Path(settings.clients_file)))
            yield platform
            await platform.http.aclose()


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:blp:problem:")
    return body


class TestTokenFlow:
    async def test_client_credentials_in_form_or_basic_give_a_working_token(
        self, platform: Platform
    ) -> None:
        client_id, secret = await platform.client(Role.PROGRAMME_MANAGER)
        form = await platform.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        basic = await platform.http.post(
            "/v1/auth/token",
            data={"grant_type": "client_credentials"},
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
            },
        )
        for response in (form, basic):
            assert response.status_code == 200, response.text
            body = response.json()
            assert set(body) == {"access_token", "token_type", "expires_in"}
            assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
            assert response.headers["cache-control"] == "no-store"
        ops = await platform.http.get(
            "/v1/registry/ops/messaging",
            headers={"Authorization": f"Bearer {form.json()['access_token']}"},
        )
        assert ops.status_code == 200 and ops.json()["outbox_backlog"] == 0

    async def test_wrong_secret_unknown_client_and_other_grants_are_refused(
        self, platform: Platform
    ) -> None:
        client_id, _ = await platform.client(Role.MINISTRY)
        wrong = await platform.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": "nope",
            },
        )
        unknown = await platform.http.post(
            "/v1/auth/token",
            data={"grant_type": "client_credentials", "client_id": "ghost", "client_secret": "x"},
        )
        grant = await platform.http.post(
            "/v1/auth/token",
            data={"grant_type": "password", "client_id": client_id, "client_secret": "x"},
        )
        missing = await platform.http.post("/v1/auth/token", data={})
        assert problem(wrong, 401)["error"] == "invalid_client"
        assert problem(unknown, 401)["error"] == "invalid_client"
        assert problem(grant, 400)["error"] == "unsupported_grant_type"
        assert [e["field"] for e in problem(missing, 422)["errors"]] == ["grant_type"]


class TestAuthentication:
    async def test_no_token_is_401_and_wrong_role_is_403(self, platform: Platform) -> None:
        anonymous = await platform.http.get("/v1/registry/ops/messaging")
        assert problem(anonymous, 401)
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        company = await platform.token(
            Role.LOCAL_COMPANY, company_id="5b7a3c1e-0f4e-4d7c-9a51-2d6f1c0b9e11"
        )
        forbidden = await platform.http.get(
            "/v1/registry/ops/messaging", headers={"Authorization": f"Bearer {company}"}
        )
        assert "programme_manager" in problem(forbidden, 403)["detail"]

    async def test_forged_or_garbled_tokens_are_401_at_the_gateway(
        self, platform: Platform
    ) -> None:
        good = await platform.token(Role.MINISTRY)
        header, payload, signature = good.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["role"] = "programme_manager"
        forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
        forged = f"{header}.{forged_payload.decode()}.{signature}"
        for token in (forged, "garbage", good + "x"):
            response = await platform.http.get(
                "/v1/registry/healthz", headers={"Authorization": f"Bearer {token}"}
            )
            assert problem(response, 401)
        basic = await platform.http.get(
            "/v1/registry/healthz", headers={"Authorization": "Basic abc"}
        )
        assert problem(basic, 401)


class TestForwarding:
    async def test_request_id_path_query_and_headers_reach_the_upstream(
        self, platform: Platform
    ) -> None:
        response = await platform.http.post(
            "/v1/assessment/echo/a%2Fb/%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B?q=%D2%9B%D0%B0%D0%B7&x=1",
            content="Қазақстан 🚀".encode(),
            headers={
                "X-Request-ID": "trace-42",
                "Connection": "close, X-Secret",
                "X-Secret": "hop",
                "Content-Type": "text/plain; charset=utf-8",
            },
        )
        assert response.status_code == 200, response.text
        assert response.headers["x-request-id"] == "trace-42"
        echoed = response.json()
        assert echoed["headers"]["x-request-id"] == "trace-42"
        assert echoed["path"] == "/echo/a%2Fb/Алматы" or echoed["path"].endswith("Алматы")
        assert echoed["query"] == "q=%D2%9B%D0%B0%D0%B7&x=1"
        assert echoed["body_bytes"] == len("Қазақстан 🚀".encode())
        assert "x-secret" not in echoed["headers"]  # listed in Connection: hop-by-hop
        assert echoed["headers"]["x-forwarded-for"] == "127.0.0.1"

    async def test_request_id_is_generated_when_absent_or_unsafe(self, platform: Platform) -> None:
        generated = await platform.http.get("/v1/assessment/echo/x")
        unsafe = await platform.http.get(
            "/v1/assessment/echo/x", headers={"X-Request-ID": "a b\tc" * 40}
        )
        for response in (generated, unsafe):
            request_id = response.headers["x-request-id"]
            assert (
                len(request_id) == 32 and response.json()["headers"]["x-request-id"] == request_id
            )

    async def test_location_of_a_created_resource_is_rewritten_to_the_gateway_path(
        self, platform: Platform
    ) -> None:
        created = await platform.http.post("/v1/finance/things", content=b"{}")
        assert created.status_code == 201
        assert created.headers["location"] == "/v1/finance/things/42"

    async def test_unknown_service_is_a_404_problem(self, platform: Platform) -> None:
        assert problem(await platform.http.get("/v1/nosuch/thing"), 404)


class TestUpstreamFailures:
    async def test_service_down_is_502(self, platform: Platform) -> None:
        body = problem(await platform.http.get("/v1/training/healthz"), 502)
        assert "training" in body["detail"]

    async def test_slow_service_is_504(self, platform: Platform) -> None:
        body = problem(await platform.http.get("/v1/assessment/slow"), 504)
        assert "assessment" in body["detail"]

    @pytest.mark.parametrize("platform", [{"upstream_timeouts": {"finance": 10.0}}], indirect=True)
    async def test_a_service_may_have_its_own_timeout(self, platform: Platform) -> None:
        assert (await platform.http.get("/v1/finance/slow")).status_code == 200
        assert problem(await platform.http.get("/v1/assessment/slow"), 504)


class TestLanguages:
    """The gateway's own problems, and the services' behind it, follow Accept-Language."""

    @staticmethod
    def _in(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
        body = problem(response, status)
        assert response.headers["content-language"] == language
        assert "Accept-Language" in response.headers["vary"]
        return body

    async def test_401_502_504_in_kazakh_and_russian(self, platform: Platform) -> None:
        kk = {"Accept-Language": "kk"}
        basic = await platform.http.get(
            "/v1/registry/healthz", headers={**kk, "Authorization": "Basic abc"}
        )
        body = self._in(basic, 401, "kk")
        assert body["title"] == "Аутентификация қажет"
        assert body["detail"] == "«Authorization: Bearer <token>» тақырыбын пайдаланыңыз."
        anonymous = await platform.http.get("/v1/registry/ops/messaging", headers=kk)
        assert self._in(anonymous, 401, "kk")["detail"] == "Жарамды bearer-токен қажет."
        down = self._in(await platform.http.get("/v1/training/healthz", headers=kk), 502, "kk")
        assert down["title"] == "Шлюз қатесі" and down["detail"] == "training қызметі қолжетімсіз."
        assert down["type"] == "urn:blp:problem:upstream-unavailable"
        slow = await platform.http.get("/v1/assessment/slow", headers={"Accept-Language": "ru"})
        body = self._in(slow, 504, "ru")
        assert body["detail"] == "Сервис assessment не ответил вовремя."
        garbled = await platform.http.get(
            "/v1/registry/healthz", headers={**kk, "Authorization": "Bearer garbage"}
        )
        assert self._in(garbled, 401, "kk")["detail"] == "Токен жарамсыз."
        english = await platform.http.get("/v1/training/healthz")
        assert self._in(english, 502, "en")["detail"] == "The training service is unavailable."

    async def test_token_refusals_keep_the_oauth_error_and_translate_the_detail(
        self, platform: Platform
    ) -> None:
        refused = await platform.http.post(
            "/v1/auth/token",
            data={"grant_type": "password"},
            headers={"Accept-Language": "ru-RU, kk;q=0.3"},
        )
        body = self._in(refused, 400, "ru")
        assert body["error"] == "unsupported_grant_type"
        assert body["error_description"] == "Only client_credentials is supported."
        assert body["detail"] == "Поддерживается только client_credentials."

    @pytest.mark.parametrize(
        "platform", [{"rate_limit_per_minute": 60, "rate_limit_burst": 1}], indirect=True
    )
    async def test_429_in_kazakh(self, platform: Platform) -> None:
        kk = {"Accept-Language": "kk"}
        assert (await platform.http.get("/v1/registry/healthz", headers=kk)).status_code == 200
        limited = await platform.http.get("/v1/registry/healthz", headers=kk)
        body = self._in(limited, 429, "kk")
        assert body["title"] == "Сұраулар тым көп"
        assert body["detail"] == "Сұраулар шегінен асты; кейінірек қайталаңыз."


class TestLimits:
    @pytest.mark.parametrize(
        "platform", [{"max_body_bytes": 1024, "bulk_max_body_bytes": 4096}], indirect=True
    )
    async def test_oversized_body_is_413_whether_declared_or_streamed(
        self, platform: Platform
    ) -> None:
        declared = await platform.http.post("/v1/assessment/echo/x", content=b"x" * 2048)
        assert problem(declared, 413)["limit_bytes"] == 1024  # names the limit it applied

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(8):
                yield b"y" * 512

        streamed = await platform.http.post("/v1/assessment/echo/x", content=chunks())
        assert problem(streamed, 413)["limit_bytes"] == 1024
        fits = await platform.http.post("/v1/assessment/echo/x", content=b"z" * 1000)
        assert fits.status_code == 200 and fits.json()["body_bytes"] == 1000
        bulk = await platform.http.post("/v1/finance/exchange-rates/imports", content=b"b" * 3000)
        assert bulk.status_code == 200 and bulk.json()["body_bytes"] == 3000
        bulk_over = await platform.http.post(
            "/v1/finance/exchange-rates/imports", content=b"b" * 5000
        )
        assert problem(bulk_over, 413)["limit_bytes"] == 4096
        # a path ending in /import is no import (it was, by its name, before BULK_PATHS)
        named = await platform.http.post("/v1/assessment/echo/import", content=b"b" * 3000)
        assert problem(named, 413)["limit_bytes"] == 1024
        # the gateway's own routes have the same limit
        token = await platform.http.post(
            "/v1/auth/token",
            content=b"grant_type=client_credentials&client_id=" + b"x" * 2048,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert problem(token, 413)["limit_bytes"] == 1024

    def test_the_bulk_paths_are_the_file_imports_the_services_stream(
        self, jwt_keys: tuple[str, str]
    ) -> None:
        """The gateway's list, held to each service's streamed POST routes: an import added
        to a service and not to the list would get the ordinary 10 MiB and 30 s."""
        imports = set()
        for name in DOMAIN_SERVICES:
            create = importlib.import_module(f"{name}.main").create_app
            app = create(settings_class(name)(jwt_public_key=jwt_keys[1]))
            streamed = next(
                m.kwargs["streamed"] for m in app.user_middleware if m.cls is NestingLimitMiddleware
            )
            paths = app.openapi()["paths"]
            imports |= {f"/v1/{name}{path}" for path in streamed if "post" in paths.get(path, {})}
        assert imports == BULK_PATHS
        assert len(BULK_PATHS) == 3

    @pytest.mark.parametrize(
        "platform", [{"rate_limit_per_minute": 60, "rate_limit_burst": 5}], indirect=True
    )
    async def test_past_the_rate_limit_is_429_with_retry_after(self, platform: Platform) -> None:
        statuses = [(await platform.http.get("/v1/registry/healthz")).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        limited = await platform.http.get("/v1/registry/healthz")
        assert problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1


class TestDocs:
    async def test_merged_openapi_and_offline_docs(self, platform: Platform) -> None:
        spec = (await platform.http.get("/openapi.json")).json()
        assert "/v1/auth/token" in spec["paths"]
        assert "/v1/registry/readyz" in spec["paths"]
        assert "/v1/registry/ops/messaging" in spec["paths"]
        token = spec["paths"]["/v1/auth/token"]["post"]["responses"]
        assert token["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/TokenRead"
        }
        examples = 0
        for operations in spec["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if status[0] in "45":  # Swagger shows each error with its own status
                        example = response["content"]["application/problem+json"]["example"]
                        assert example["status"] == int(status), (status, example)
                        assert example["type"].startswith("urn:blp:problem:")
                        examples += 1
        assert examples > 100
        page = await platform.http.get("/docs")
        assert page.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in page.text
        assert "http" not in page.text.split("<body>")[1].split("url:")[0]  # no CDN
        asset = await platform.http.get("/docs/assets/swagger-ui-bundle.js")
        assert asset.status_code == 200 and len(asset.content) > 100_000


def _form(client_id: str, secret: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}


class TestRateLimitBuckets:
    """One bucket per purpose: anonymous reads and token requests by address, authenticated
    calls by client; and a lock on a client id after wrong secrets, from any address."""

    @pytest.mark.parametrize(
        "platform", [{"rate_limit_per_minute": 1, "rate_limit_burst": 5}], indirect=True
    )
    async def test_anonymous_burst_does_not_lock_out_token_requests_or_clients(
        self, platform: Platform
    ) -> None:
        client_id, secret = await platform.client(Role.MINISTRY)
        statuses = [(await platform.http.get("/v1/registry/healthz")).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        token = await platform.http.post("/v1/auth/token", data=_form(client_id, secret))
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        authenticated = await platform.http.get("/v1/registry/healthz", headers=bearer)
        assert authenticated.status_code == 200
        assert problem(await platform.http.get("/v1/registry/healthz"), 429)

    @pytest.mark.parametrize(
        "platform",
        [{"token_rate_limit_per_minute": 1, "token_rate_limit_burst": 3}],
        indirect=True,
    )
    async def test_token_requests_have_a_limit_of_their_own(self, platform: Platform) -> None:
        client_id, secret = await platform.client(Role.MINISTRY)
        statuses = [
            (await platform.http.post("/v1/auth/token", data=_form(client_id, secret))).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        limited = await platform.http.post("/v1/auth/token", data=_form(client_id, secret))
        assert int(problem(limited, 429)["status"]) == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert (await platform.http.get("/v1/registry/healthz")).status_code == 200

    @pytest.mark.parametrize(
        "platform",
        [
            {
                "trusted_proxies": "127.0.0.1",
                "token_failure_limit": 3,
                "token_failure_window_seconds": 60,
                "token_lockout_seconds": 2,
            }
        ],
        indirect=True,
    )
    async def test_wrong_secrets_lock_the_client_id_from_every_address(
        self, platform: Platform, caplog: pytest.LogCaptureFixture
    ) -> None:
        victim, secret = await platform.client(Role.PROGRAMME_MANAGER)
        bystander, bystander_secret = await platform.client(Role.MINISTRY)
        for n in range(3):  # from three addresses, behind the trusted proxy
            wrong = await platform.http.post(
                "/v1/auth/token",
                data=_form(victim, f"guess-{n}"),
                headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            )
            assert problem(wrong, 401)["error"] == "invalid_client"
        locked = await platform.http.post(
            "/v1/auth/token",
            data=_form(victim, secret),
            headers={"X-Forwarded-For": "203.0.113.99"},
        )
        assert problem(locked, 429)
        assert 1 <= int(locked.headers["retry-after"]) <= 2
        (warning,) = [r for r in caplog.records if r.getMessage().startswith("client id locked")]
        assert getattr(warning, "client_id", None) == victim and warning.levelname == "WARNING"
        assert locked.headers["cache-control"] == "no-store"
        other = await platform.http.post("/v1/auth/token", data=_form(bystander, bystander_secret))
        assert other.status_code == 200, other.text
        await asyncio.sleep(2.1)
        unlocked = await platform.http.post("/v1/auth/token", data=_form(victim, secret))
        assert unlocked.status_code == 200, unlocked.text

    @pytest.mark.parametrize(
        "platform",
        [{"token_failure_limit": 3, "token_lockout_seconds": 60}],
        indirect=True,
    )
    async def test_a_right_secret_ends_the_count_and_unknown_ids_lock_alike(
        self, platform: Platform
    ) -> None:
        client_id, secret = await platform.client(Role.MINISTRY)
        for attempt in ("a", "b", "right", "c", "d"):
            response = await platform.http.post(
                "/v1/auth/token",
                data=_form(client_id, secret if attempt == "right" else attempt),
            )
            assert response.status_code == (200 if attempt == "right" else 401)
        assert (
            await platform.http.post("/v1/auth/token", data=_form(client_id, secret))
        ).is_success
        ghost = [
            (await platform.http.post("/v1/auth/token", data=_form("ghost", "x"))).status_code
            for _ in range(4)
        ]
        assert ghost == [401, 401, 401, 429]


def _statuses(responses: list[httpx.Response]) -> list[int]:
    return [r.status_code for r in responses]


class TestTrustedProxies:
    @pytest.mark.parametrize(
        "platform",
        [
            {
                "trusted_proxies": "10.9.9.9, 127.0.0.0/8",
                "rate_limit_per_minute": 1,
                "rate_limit_burst": 2,
            }
        ],
        indirect=True,
    )
    async def test_a_trusted_proxy_names_the_caller(self, platform: Platform) -> None:
        async def get(**headers: str) -> httpx.Response:
            return await platform.http.get("/v1/registry/healthz", headers=headers)

        first = [await get(**{"X-Forwarded-For": "203.0.113.5"}) for _ in range(3)]
        assert _statuses(first) == [200, 200, 429]
        # another caller behind the same proxy has its own bucket, in either header
        assert (await get(**{"X-Forwarded-For": "203.0.113.6"})).status_code == 200
        forwarded = [
            await get(Forwarded='for="[2001:db8:cafe::17]:4711";proto=https') for _ in range(3)
        ]
        assert _statuses(forwarded) == [200, 200, 429]
        # what the caller claims left of the last untrusted hop is not believed, and the
        # chain is walked past further trusted proxies
        spoofed = await get(**{"X-Forwarded-For": "192.0.2.1, 203.0.113.5, 10.9.9.9"})
        assert problem(spoofed, 429)
        obfuscated = await get(Forwarded="for=_hidden, for=unknown")
        assert obfuscated.status_code == 200  # the proxy's own bucket: 127.0.0.1

    @pytest.mark.parametrize(
        "platform", [{"rate_limit_per_minute": 1, "rate_limit_burst": 2}], indirect=True
    )
    async def test_forwarding_headers_from_anyone_else_are_ignored(
        self, platform: Platform
    ) -> None:
        responses = [
            await platform.http.get(
                "/v1/registry/healthz", headers={"X-Forwarded-For": f"203.0.113.{n}"}
            )
            for n in range(3)
        ]
        assert _statuses(responses) == [200, 200, 429]
        forwarded = await platform.http.get(
            "/v1/registry/healthz", headers={"Forwarded": "for=198.51.100.9"}
        )
        assert problem(forwarded, 429)

    @pytest.mark.parametrize(
        "platform",
        [
            {
                "trusted_proxies": "127.0.0.1",
                "token_rate_limit_per_minute": 1,
                "token_rate_limit_burst": 1,
            }
        ],
        indirect=True,
    )
    async def test_token_requests_are_counted_per_forwarded_caller(
        self, platform: Platform
    ) -> None:
        client_id, secret = await platform.client(Role.MINISTRY)

        async def token(address: str) -> int:
            response = await platform.http.post(
                "/v1/auth/token",
                data=_form(client_id, secret),
                headers={"X-Forwarded-For": address},
            )
            return response.status_code

        assert [await token("203.0.113.1"), await token("203.0.113.1")] == [200, 429]
        assert await token("203.0.113.2") == 200
