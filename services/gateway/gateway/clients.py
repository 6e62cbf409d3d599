"""API clients registered with the gateway: a secret hash, a role and an optional company.

Kept in a JSON file (``BLP_GATEWAY_CLIENTS_FILE``) that ``blp clients create`` appends to;
the gateway re-reads it when it changes, so a new client works without a restart. Secrets
are stored only as scrypt hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from shared.auth import COMPANY_ROLES, Role

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encode = base64.urlsafe_b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.urlsafe_b64decode(digest)
    actual = hashlib.scrypt(
        secret.encode(),
        salt=base64.urlsafe_b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class ApiClient:
    client_id: str
    secret_hash: str
    role: Role
    company_id: str | None = None


class ClientStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._clients: dict[str, ApiClient] = {}
        self._mtime: float | None = None

    def get(self, client_id: str) -> ApiClient | None:
        self._reload_if_changed()
        return self._clients.get(client_id)

    def _reload_if_changed(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            self._clients, self._mtime = {}, None
            return
        if mtime == self._mtime:
            return
        entries = json.loads(self.path.read_text() or "[]")
        self._clients = {
            e["client_id"]: ApiClient(
                e["client_id"], e["secret_hash"], Role(e["role"]), e.get("company_id")
            )
            for e in entries
        }
        self._mtime = mtime

    def create(
        self,
        role: Role,
        company_id: uuid.UUID | None = None,
        client_id: str | None = None,
        *,
        replace: bool = False,
    ) -> tuple[ApiClient, str]:
        """Register a client; returns it and its secret (shown once, stored only hashed).

        ``replace`` rotates the secret of an existing client id instead of refusing.
        """
        if role in COMPANY_ROLES and company_id is None:
            raise ValueError(f"a {role} client needs a company id")
        self._reload_if_changed()
        client_id = client_id or f"{role.value.replace('_', '-')}-{secrets.token_hex(4)}"
        if client_id in self._clients and not replace:
            raise ValueError(f"client {client_id} already exists")
        secret = secrets.token_urlsafe(32)
        client = ApiClient(
            client_id, hash_secret(secret), role, str(company_id) if company_id else None
        )
        entries = [asdict(c) for c in self._clients.values() if c.client_id != client_id]
        entries.append(asdict(client))
        self._save(entries)
        self._clients[client.client_id] = client
        return client, secret

    def bind(self, client_id: str, company_id: uuid.UUID) -> ApiClient:
        """Point a company user at another company, keeping its secret."""
        self._reload_if_changed()
        client = self._clients.get(client_id)
        if client is None:
            raise ValueError(f"no client {client_id}")
        if client.role not in COMPANY_ROLES:
            raise ValueError(f"a {client.role} client acts for no company")
        bound = ApiClient(client.client_id, client.secret_hash, client.role, str(company_id))
        self._clients[client_id] = bound
        self._save([asdict(c) for c in self._clients.values()])
        return bound

    def _save(self, entries: list[dict[str, object]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries, indent=2, default=str))
        temporary.chmod(0o600)
        temporary.replace(self.path)  # atomic: a reading gateway never sees half a file
