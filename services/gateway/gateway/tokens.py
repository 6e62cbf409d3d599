"""Access tokens the gateway issues (RFC 9068 profile, Ed25519-signed, the key named by
``kid``), and the statements it signs with the same key (a framework it composed, for the
assessment to freeze)."""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

import jwt
from pydantic import BaseModel, Field

from gateway.clients import ApiClient
from shared.auth import TOKEN_TYPE
from shared.keys import key_id, load_private_key


class TokenIssuer:
    def __init__(self, private_key: str, *, issuer: str, audience: str, ttl_seconds: int) -> None:
        if not private_key:
            raise ValueError("a JWT private key is required (BLP_GATEWAY_JWT_PRIVATE_KEY)")
        self._key = load_private_key(private_key)
        self.key_id = key_id(self._key.public_key())
        self._issuer = issuer
        self._audience = audience
        self.ttl_seconds = ttl_seconds

    def issue(self, client: ApiClient) -> str:
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": client.client_id,
            "client_id": client.client_id,
            "role": client.role.value,
            "iat": now,
            "exp": now + self.ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        if client.company_id:
            claims["company_id"] = client.company_id
        return jwt.encode(
            claims, self._key, algorithm="EdDSA", headers={"typ": TOKEN_TYPE, "kid": self.key_id}
        )

    def statement(self, claims: dict[str, Any], *, typ: str, ttl_seconds: int) -> str:
        """``claims`` (``sub`` among them) signed as a statement of type ``typ``, valid for
        ``ttl_seconds``: what a service verifies with ``TokenVerifier.statement``."""
        now = int(time.time())
        body = {"iss": self._issuer, "aud": self._audience, "iat": now, "exp": now + ttl_seconds}
        return jwt.encode(
            {**claims, **body},
            self._key,
            algorithm="EdDSA",
            headers={"typ": typ, "kid": self.key_id},
        )


class Jwk(BaseModel):
    """One public key of the set (RFC 8037: an Ed25519 key is an OKP key)."""

    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str = Field(description="the public key, base64url")
    kid: str = Field(description="its RFC 7638 thumbprint, the `kid` its tokens carry")
    use: Literal["sig"]
    alg: Literal["EdDSA"]


class JwkSet(BaseModel):
    keys: list[Jwk]
