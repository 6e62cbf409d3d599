"""Rotating the token signing key with no token refused (docs/operations.md, "Rotating the
token keys"): a real gateway and a real registry service, restarted with each step's keys.

Step 1 adds the new public key everywhere, step 2 switches the gateway's signing key, step 4
removes the old public key. During the switch a token signed by either key is accepted, at
the gateway and at the service directly; afterwards the old key's tokens are 401. A token
naming an unknown key, or naming a trusted key while signed by another, is 401 throughout.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import jwt
import pytest
from gateway.clients import ClientStore
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway
from registry.config import Settings as RegistrySettings
from registry.main import create_app as create_registry

from shared.auth import Role, TokenVerifier
from shared.errors import Unauthorized
from shared.keys import generate_keypair, key_id, load_private_key, load_public_keys
from shared.natsserver import NatsServer
from shared.testing.servers import serving
from shared.testing.tokens import mint_token

OLD, NEW, STRANGER = generate_keypair(), generate_keypair(), generate_keypair()


def kid(pair: tuple[str, str]) -> str:
    return key_id(load_private_key(pair[0]).public_key())


@contextlib.asynccontextmanager
async def platform(
    database_url: str, nats_url: str, clients: Path, *, signing: str, public: str
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The gateway and the registry with one step's keys: (gateway, registry) clients."""
    registry = create_registry(
        RegistrySettings(database_url=database_url, nats_url=nats_url, jwt_public_key=public)
    )
    async with serving(registry) as registry_url:
        gateway = create_gateway(
            GatewaySettings(
                jwt_private_key=signing,
                jwt_public_key=public,
                clients_file=str(clients),
                registry_url=registry_url,
            )
        )
        async with (
            serving(gateway) as gateway_url,
            httpx.AsyncClient(base_url=gateway_url, timeout=20) as via_gateway,
            httpx.AsyncClient(base_url=registry_url, timeout=20) as direct,
        ):
            yield via_gateway, direct


async def token(gateway: httpx.AsyncClient, client_id: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = await gateway.post("/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def statuses(
    gateway: httpx.AsyncClient, direct: httpx.AsyncClient, bearer: str
) -> tuple[int, int]:
    """What a staff-only read answers with ``bearer``, through the gateway and directly."""
    headers = {"Authorization": f"Bearer {bearer}"}
    through = await gateway.get("/v1/registry/ops/messaging", headers=headers)
    at_service = await direct.get("/ops/messaging", headers=headers)
    return through.status_code, at_service.status_code


def resigned(token: str, private_pem: str) -> str:
    """``token``'s header (its ``kid`` included) and claims, signed with another key."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, load_private_key(private_pem), algorithm="EdDSA", headers=header)


def tampered(token: str) -> str:
    """``token`` with its role raised and its signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "programme_manager"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


async def test_two_keys_are_valid_during_the_switch_and_the_old_one_not_after(
    database: Callable[[str], str], nats_server: NatsServer, tmp_path: Path
) -> None:
    url, clients = database("registry"), tmp_path / "clients.json"
    client, secret = ClientStore(clients).create(Role.PROGRAMME_MANAGER)
    before = OLD[1]
    both = OLD[1] + "\n" + NEW[1]  # step 1: the old block, then the new one
    after = NEW[1]
    ok = (200, 200)
    refused = (401, 401)

    async with platform(url, nats_server.url, clients, signing=OLD[0], public=before) as (g, d):
        old_token = await token(g, client.client_id, secret)
        assert jwt.get_unverified_header(old_token)["kid"] == kid(OLD)
        assert await statuses(g, d, old_token) == ok

    async with platform(url, nats_server.url, clients, signing=OLD[0], public=both) as (g, d):
        jwks = (await g.get("/.well-known/jwks.json")).json()
        assert [k["kid"] for k in jwks["keys"]] == [kid(OLD), kid(NEW)]
        assert await statuses(g, d, old_token) == ok  # step 1 changes nothing for callers

    async with platform(url, nats_server.url, clients, signing=NEW[0], public=both) as (g, d):
        new_token = await token(g, client.client_id, secret)
        assert jwt.get_unverified_header(new_token)["kid"] == kid(NEW)
        assert await statuses(g, d, old_token) == ok
        assert await statuses(g, d, new_token) == ok
        unknown = mint_token(STRANGER[0])  # names its own key: not trusted
        assert jwt.get_unverified_header(unknown)["kid"] == kid(STRANGER)
        forged = resigned(new_token, STRANGER[0])  # names the new key, signed by another
        swapped = resigned(new_token, OLD[0])  # names the new key, signed by the old one
        for bad in (unknown, forged, swapped, tampered(new_token), tampered(old_token)):
            assert await statuses(g, d, bad) == refused

    async with platform(url, nats_server.url, clients, signing=NEW[0], public=after) as (g, d):
        jwks = (await g.get("/.well-known/jwks.json")).json()
        assert [k["kid"] for k in jwks["keys"]] == [kid(NEW)]
        assert await statuses(g, d, old_token) == refused
        assert await statuses(g, d, new_token) == ok
        response = await g.get(
            "/v1/registry/ops/messaging", headers={"Authorization": f"Bearer {old_token}"}
        )
        assert "not trusted" in response.json()["detail"]


class TestJwks:
    def test_every_key_is_published_as_an_okp_key_named_by_its_thumbprint(self) -> None:
        verifier = TokenVerifier(OLD[1] + NEW[1], issuer="blp-gateway", audience="blp")
        keys = verifier.jwks()["keys"]
        assert {k["kid"] for k in keys} == {kid(OLD), kid(NEW)} == verifier.key_ids
        for jwk in keys:
            assert (jwk["kty"], jwk["crv"], jwk["use"], jwk["alg"]) == (
                "OKP",
                "Ed25519",
                "sig",
                "EdDSA",
            )
            # what a ministry system does with it: verify a token by its kid
            key = jwt.PyJWK(jwk).key
            signed = mint_token(OLD[0] if jwk["kid"] == kid(OLD) else NEW[0])
            assert jwt.decode(signed, key, algorithms=["EdDSA"], audience="blp")["aud"] == "blp"

    def test_the_thumbprint_is_rfc_8037s_example(self) -> None:
        """RFC 8037 appendix A.3: the key of A.2 has this RFC 7638 thumbprint."""
        pem = (
            "-----BEGIN PUBLIC KEY-----\n"
            + base64.b64encode(
                bytes.fromhex("302a300506032b6570032100")
                + base64.urlsafe_b64decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            ).decode()
            + "\n-----END PUBLIC KEY-----"
        )
        assert list(load_public_keys(pem)) == ["kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"]


class TestSettings:
    def test_a_token_without_kid_from_before_the_upgrade_is_tried_against_each_key(
        self,
    ) -> None:
        verifier = TokenVerifier(OLD[1] + "\n" + NEW[1], issuer="blp-gateway", audience="blp")
        claims = jwt.decode(mint_token(NEW[0]), options={"verify_signature": False})
        for pair in (OLD, NEW):
            legacy = jwt.encode(
                claims, load_private_key(pair[0]), algorithm="EdDSA", headers={"typ": "at+jwt"}
            )
            assert verifier.verify(legacy).subject == claims["sub"]
        stranger = jwt.encode(
            claims, load_private_key(STRANGER[0]), algorithm="EdDSA", headers={"typ": "at+jwt"}
        )
        with pytest.raises(Unauthorized, match="invalid"):
            verifier.verify(stranger)

    @pytest.mark.parametrize(
        "value",
        [
            "not a key",
            OLD[1] + "\nsomething else",
            OLD[1].replace("PUBLIC KEY", "CERTIFICATE"),
        ],
    )
    def test_a_public_key_setting_with_anything_but_public_keys_fails_at_start(
        self, value: str
    ) -> None:
        with pytest.raises(ValueError, match="JWT_PUBLIC_KEY"):
            TokenVerifier(value, issuer="blp-gateway", audience="blp")

    def test_the_gateway_refuses_to_sign_with_a_key_it_does_not_publish(
        self, tmp_path: Path
    ) -> None:
        settings = GatewaySettings(
            jwt_private_key=NEW[0],
            jwt_public_key=OLD[1],
            clients_file=str(tmp_path / "clients.json"),
        )
        with pytest.raises(ValueError, match="must include the public key"):
            create_gateway(settings)

    def test_one_line_env_value_with_escaped_newlines_holds_both_keys(self) -> None:
        one_line = json.dumps(OLD[1].strip() + "\n" + NEW[1].strip())[1:-1]  # as in .env
        settings = RegistrySettings(jwt_public_key=one_line)
        verifier = TokenVerifier(
            settings.jwt_public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
        assert verifier.key_ids == {kid(OLD), kid(NEW)}
