"""``POST /v1/auth/token``: the OAuth2 client-credentials grant (RFC 6749 §4.4).

Errors carry RFC 6749 §5.2's ``error``/``error_description`` inside an RFC 9457 problem, so
both OAuth client libraries and our own clients read them.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import math
from typing import Annotated, Any, Literal
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

from gateway.clients import ClientStore, verify_secret
from gateway.messages import MESSAGES
from gateway.ratelimit import FailureLock
from gateway.tokens import TokenIssuer
from shared import i18n
from shared.errors import problem_response

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/auth", tags=["auth"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class TokenRead(BaseModel):
    """An access token (RFC 6749 §5.1): send it as ``Authorization: Bearer <access_token>``."""

    access_token: str = Field(description="a signed JWT naming the client's role and company")
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="seconds the token stays valid")


def _oauth_error(
    status: int, error: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    description = i18n.message(MESSAGES[message])
    return problem_response(
        status,
        description,
        slug=f"oauth/{error}",
        error=error,
        error_description=str(description),
        headers={**NO_STORE, **(headers or {})},
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    # RFC 6749 §2.3.1: both parts are form-urlencoded before base64
    return unquote_plus(client_id), unquote_plus(secret)


@router.post(
    "/token",
    response_model=TokenRead,
    responses={
        400: {"description": "an unsupported grant type, or credentials sent twice"},
        401: {"description": "missing, unknown or wrong client credentials"},
    },
)
async def token(
    request: Request,
    response: Response,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> Any:
    """Exchange API client credentials for a bearer access token."""
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "unsupported_grant_type")
    basic = _basic_credentials(request)
    if basic is not None and (client_id or client_secret):
        return _oauth_error(400, "invalid_request", "credentials_twice")
    if basic is not None:
        client_id, client_secret = basic
    if not client_id or not client_secret:
        return _oauth_error(
            401,
            "invalid_client",
            "credentials_required",
            {"WWW-Authenticate": 'Basic realm="blp"'},
        )
    lock: FailureLock = request.app.state.token_lock
    if wait := lock.locked(client_id):
        # before the hash: a guesser gets no answer, and costs no scrypt, while locked
        return problem_response(
            429,
            i18n.message(MESSAGES["client_locked"]),
            headers={**NO_STORE, "Retry-After": str(max(1, math.ceil(wait)))},
        )
    store: ClientStore = request.app.state.clients
    client = store.get(client_id)
    # a hash is computed even for unknown clients, so timing does not reveal which ids exist
    stored = client.secret_hash if client else _DUMMY_HASH
    valid = await asyncio.to_thread(verify_secret, client_secret, stored)
    if client is None or not valid:
        if lock.failed(client_id):
            log.warning(
                "client id locked out after repeated wrong secrets",
                extra={
                    "client_id": client_id[:256],
                    "known": client is not None,
                    "lockout_seconds": lock.lockout,
                },
            )
        return _oauth_error(
            401,
            "invalid_client",
            "invalid_client",
            {"WWW-Authenticate": 'Basic realm="blp"'},
        )
    lock.succeeded(client_id)
    issuer: TokenIssuer = request.app.state.token_issuer
    response.headers.update(NO_STORE)
    return TokenRead(
        access_token=issuer.issue(client), token_type="Bearer", expires_in=issuer.ttl_seconds
    )


_DUMMY_HASH = (
    "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)
