"""Bearer-JWT authentication and the one-line authorization helpers routes use.

Tokens are minted by the gateway (OAuth2 client credentials) and signed with its Ed25519 key;
every service verifies them again with the public key (defence in depth). Validation follows
RFC 8725: a fixed algorithm allow-list, explicit ``typ`` (RFC 9068 ``at+jwt``), and issuer,
audience, expiry and subject all required. A verifier trusts a set of public keys and picks
the one a token's ``kid`` names, so the signing key can be rotated without downtime.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, Request

from shared import i18n
from shared.errors import Forbidden, NotFound, Unauthorized
from shared.keys import load_public_keys, public_jwk

ALGORITHMS = ["EdDSA"]
TOKEN_TYPE = "at+jwt"
LEEWAY_SECONDS = 30
FRAMEWORK_STATEMENT_TYPE = "blp-framework+jwt"
"""``typ`` of the gateway's signed statement of a results framework it composed (a quarterly
report to freeze, docs/indicators.md): never an access token, nor an access token one."""


class Role(StrEnum):
    MINISTRY = "ministry"
    PROGRAMME_MANAGER = "programme_manager"
    ANALYST = "analyst"
    ASSESSOR = "assessor"
    SELECTION_BOARD = "selection_board"
    INTERNATIONAL_COMPANY = "international_company"
    LOCAL_COMPANY = "local_company"


# Named role sets: every service's access.py builds its rules from these, so "staff" means
# the same thing in every service.
COMPANY_ROLES = frozenset({Role.INTERNATIONAL_COMPANY, Role.LOCAL_COMPANY})
STAFF_ROLES = frozenset({Role.MINISTRY, Role.PROGRAMME_MANAGER, Role.ANALYST, Role.ASSESSOR})
"""Programme staff: read everything in the programme."""
EDITOR_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.ANALYST, Role.ASSESSOR})
"""Staff who keep records up to date (the ministry reads and approves, it does not edit)."""
MANAGER_ROLES = frozenset({Role.PROGRAMME_MANAGER})
"""Operational decisions: cohorts, selection, catalogue approval, verification."""
MINISTRY_ROLES = frozenset({Role.MINISTRY})
"""Approvals that belong to the ministry (budgets, second-round nominations with the PM)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an API client acting in one role, for one company if a company user."""

    subject: str
    role: Role
    company_id: uuid.UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def acts_for(self, company_id: uuid.UUID | None) -> bool:
        return company_id is not None and self.company_id == company_id


class UntrustedKey(jwt.InvalidTokenError):
    """A JWT naming (``kid``) a key outside the trusted set."""


class TokenVerifier:
    """Verifies access tokens; caches good ones until they expire (the gateway's hot path).

    ``public_keys`` holds one or more PEM blocks: every key a token may be signed with. A
    token names its key by ``kid``; one naming no key of the set is refused before any
    signature check. A token without ``kid`` (minted before tokens carried one) is tried
    against each key.
    """

    def __init__(self, public_keys: str, *, issuer: str, audience: str, cache_size: int = 10_000):
        if not public_keys:
            raise ValueError("a JWT public key is required (…_JWT_PUBLIC_KEY)")
        try:
            self._keys = load_public_keys(public_keys)  # parsed once, not per token
        except ValueError as exc:
            raise ValueError(f"…_JWT_PUBLIC_KEY: {exc}") from None
        self._issuer = issuer
        self._audience = audience
        self._cache: dict[str, tuple[Principal, float]] = {}
        self._cache_size = cache_size

    @property
    def key_ids(self) -> frozenset[str]:
        return frozenset(self._keys)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The trusted keys as a JSON Web Key Set (RFC 7517), for systems that verify tokens."""
        return {
            "keys": [
                {**public_jwk(key), "kid": kid, "use": "sig", "alg": "EdDSA"}
                for kid, key in self._keys.items()
            ]
        }

    def verify(self, token: str) -> Principal:
        cached = self._cache.get(token)
        if cached is not None and cached[1] > time.time():
            return cached[0]
        try:
            header = jwt.get_unverified_header(token)
            if header.get("typ") != TOKEN_TYPE:
                raise Unauthorized(i18n.message(i18n.KIT["not_an_access_token"]))
            claims = self._decode(token, header.get("kid"))
        except jwt.ExpiredSignatureError:
            raise Unauthorized(i18n.message(i18n.KIT["token_expired"])) from None
        except UntrustedKey:
            raise Unauthorized(i18n.message(i18n.KIT["untrusted_key"])) from None
        except jwt.PyJWTError:
            raise Unauthorized(i18n.message(i18n.KIT["token_invalid"])) from None
        principal = principal_from_claims(claims)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[token] = (principal, float(claims["exp"]))
        return principal

    def statement(self, token: str, *, typ: str) -> dict[str, Any]:
        """The claims of a statement the gateway signed as ``typ`` with a key it signs access
        tokens with; ``jwt.PyJWTError`` if it is not one (another type, another signer,
        altered, expired)."""
        header = jwt.get_unverified_header(token)
        if header.get("typ") != typ:
            raise jwt.InvalidTokenError(f"not a {typ}")
        return self._decode(token, header.get("kid"))

    def _decode(self, token: str, kid: object) -> dict[str, Any]:
        """The claims of a JWT the gateway signed (signature, issuer, audience, expiry and
        subject checked); the caller has checked its ``typ``."""
        if kid is None:
            keys = list(self._keys.values())
        elif isinstance(kid, str) and kid in self._keys:
            keys = [self._keys[kid]]
        else:
            raise UntrustedKey(kid)
        for key in keys[:-1]:
            try:
                return self._decode_with(token, key)
            except jwt.InvalidSignatureError:
                continue
        return self._decode_with(token, keys[-1])

    def _decode_with(self, token: str, key: Ed25519PublicKey) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            issuer=self._issuer,
            audience=self._audience,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        return claims


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    try:
        role = Role(claims.get("role"))
        company = claims.get("company_id")
        company_id = uuid.UUID(company) if company else None
    except (ValueError, TypeError):
        raise Unauthorized(i18n.message(i18n.KIT["claims_invalid"])) from None
    if role in COMPANY_ROLES and company_id is None:
        raise Unauthorized(i18n.message(i18n.KIT["company_claim_missing"]))
    return Principal(subject=str(claims["sub"]), role=role, company_id=company_id)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(i18n.message(i18n.KIT["use_bearer"]))
    return token.strip()


def _verifier(request: Request) -> TokenVerifier:
    return request.app.state.token_verifier


async def optional_principal(request: Request) -> Principal | None:
    """The caller, or ``None`` for an anonymous (public) caller; a bad token is still a 401."""
    token = bearer_token(request)
    return None if token is None else _verifier(request).verify(token)


async def current_principal(request: Request) -> Principal:
    principal = await optional_principal(request)
    if principal is None:
        raise Unauthorized()
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role | frozenset[Role]) -> Any:
    """A dependency admitting only the given roles or role sets:
    ``require_roles(Role.MINISTRY)``, ``require_roles(EDITOR_ROLES)``."""
    allowed = frozenset(
        role for item in roles for role in (item if isinstance(item, frozenset) else (item,))
    )

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise Forbidden(
                i18n.message(i18n.KIT["roles_needed"], roles=", ".join(sorted(allowed)))
            )
        return principal

    return Depends(dependency)


def authorize_company(
    principal: Principal | None,
    company_id: uuid.UUID,
    *,
    staff: frozenset[Role] = STAFF_ROLES,
    resource: str = "resource",
) -> None:
    """Object-level check: staff in ``staff`` roles, or a user of that very company.

    Anyone else gets 404, not 403, so ids cannot be probed for existence.
    """
    if principal is not None and (principal.role in staff or principal.acts_for(company_id)):
        return
    raise NotFound(i18n.no_such(resource))


# The callers routes most often admit, declared once for every service's routers.
Staff = Annotated[Principal, require_roles(STAFF_ROLES)]
Editor = Annotated[Principal, require_roles(EDITOR_ROLES)]
ProgrammeManager = Annotated[Principal, require_roles(MANAGER_ROLES)]
Ministry = Annotated[Principal, require_roles(MINISTRY_ROLES)]
