"""Access tokens (and signed statements) for tests, minted exactly as the gateway mints
them."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from shared.auth import FRAMEWORK_STATEMENT_TYPE, TOKEN_TYPE, Role
from shared.keys import key_id, load_private_key


def mint_token(
    private_pem: str,
    role: Role | str = Role.PROGRAMME_MANAGER,
    company_id: uuid.UUID | str | None = None,
    **claims: Any,
) -> str:
    """A signed access token; pass a claim as None to leave it out."""
    now = int(time.time())
    body: dict[str, Any] = {
        "iss": "blp-gateway",
        "aud": "blp",
        "sub": f"test-{uuid.uuid4().hex[:8]}",
        "role": str(role.value if isinstance(role, Role) else role),
        "iat": now,
        "exp": now + 600,
        "company_id": str(company_id) if company_id else None,
    }
    body.update(claims)
    key = load_private_key(private_pem)
    return jwt.encode(
        {k: v for k, v in body.items() if v is not None},
        key,
        algorithm="EdDSA",
        headers={"typ": TOKEN_TYPE, "kid": key_id(key.public_key())},
    )


def bearer(
    private_pem: str,
    role: Role | str = Role.PROGRAMME_MANAGER,
    company_id: uuid.UUID | str | None = None,
    **claims: Any,
) -> dict[str, str]:
    """``{"Authorization": "Bearer ..."}`` for a request."""
    return {"Authorization": f"Bearer {mint_token(private_pem, role, company_id, **claims)}"}


def mint_statement(
    private_pem: str,
    claims: dict[str, Any],
    *,
    typ: str = FRAMEWORK_STATEMENT_TYPE,
    ttl_seconds: int = 60,
) -> str:
    """A statement signed as the gateway signs one (``TokenIssuer.statement``)."""
    now = int(time.time())
    body = {"iss": "blp-gateway", "aud": "blp", "iat": now, "exp": now + ttl_seconds}
    key = load_private_key(private_pem)
    return jwt.encode(
        {**claims, **body},
        key,
        algorithm="EdDSA",
        headers={"typ": typ, "kid": key_id(key.public_key())},
    )
