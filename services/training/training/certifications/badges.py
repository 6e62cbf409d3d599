"""Open Badges 3.0 achievement credentials (W3C Verifiable Credentials 2.0 data model) for
verified certifications, signed by the platform so that anyone can check them offline.

The credential is secured as a JWT (VC-JOSE: the credential itself is the payload, header
``typ: vc+jwt``, ``cty: vc``), signed with the platform's Ed25519 badge key (``EdDSA``).
The public key is served at ``GET /certifications/badge-key``; docs/training.md shows the
command that verifies a badge with it. What the programme verified travels inside the
credential (issue date, expiry, certification and level, vendor, company, who verified it
and when), so a checker sees what was verified, not a bare "valid". The holder is named by
a salted SHA-256 of their email (Open Badges' hashed identifier), not by name.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import uuid
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.keys import generate_keypair
from training.certifications.models import Certification

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_ID = "urn:blp:issuer:programme"
ISSUER_NAME = "BLP, the business linkage programme for Kazakhstan's IT sector"
KEY_ID = f"{ISSUER_ID}#badge-key-1"


def load_or_create_key(path: Path) -> str:
    """The badge signing key (PKCS#8 PEM) in ``path``, created once; replicas sharing the
    file agree on it (the first to create it wins, the others read it).

    The key is written whole to a private temporary file and only then linked into place, so
    ``path`` never exists half-written: a replica killed mid-write leaves a stray temporary
    file, never an empty key that every replica would then sign with. An empty file left by
    an older version is replaced.
    """
    text = path.read_text() if path.exists() else ""
    if text.strip():
        return text
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():  # empty: what the old create-then-write left after a crash
        path.unlink(missing_ok=True)
    private, _ = generate_keypair()
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(private)
            file.flush()
            os.fsync(file.fileno())
        # atomic, and refuses to replace a key another replica linked first
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_text()


def public_key(private_pem: str) -> dict[str, Any]:
    """The public half, as PEM and as a JWK (OKP, Ed25519)."""
    key = serialization.load_pem_private_key(private_pem.encode(), None)
    assert isinstance(key, Ed25519PrivateKey)
    public = key.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "issuer": ISSUER_ID,
        "kid": KEY_ID,
        "alg": "EdDSA",
        "public_key_pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode(),
        "jwk": {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            "kid": KEY_ID,
            "alg": "EdDSA",
            "use": "sig",
        },
    }


def _hashed_email(email: str) -> dict[str, Any]:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def credential(row: Certification, *, email: str | None) -> dict[str, Any]:
    """The achievement credential of a verified certification."""
    assert row.reviewed_at is not None and row.reviewed_by is not None
    verified_at = row.reviewed_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    subject: dict[str, Any] = {
        "id": f"urn:uuid:{row.trainee_id}",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": f"urn:blp:achievement:{row.course_id}",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": row.certification_name,
            "description": f"{row.certification_name}"
            + (f", {row.level}" if row.level else "")
            + f", issued by {row.vendor}; proof verified by the programme's staff.",
            "criteria": {
                "narrative": "The vendor's certificate, checked by programme staff against "
                f"its evidence; certificate number {row.certificate_number}."
            },
            "creator": {
                "id": f"urn:blp:vendor:{row.vendor}",
                "type": ["Profile"],
                "name": row.vendor,
            },
            "tag": [row.skills_area] + ([row.level] if row.level else []),
        },
    }
    if email:
        subject["identifier"] = [_hashed_email(email)]
    document: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{row.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER_ID, "type": ["Profile"], "name": ISSUER_NAME},
        "name": row.certification_name,
        "validFrom": verified_at,
        "credentialSubject": subject,
        "evidence": [
            {
                "id": f"urn:blp:certification:{row.id}:evidence",
                "type": ["Evidence"],
                "name": "Programme verification",
                "narrative": f"Verified by {row.reviewed_by} on {verified_at}: "
                f"{row.vendor} {row.certification_name}"
                + (f" ({row.level})" if row.level else "")
                + f", certificate {row.certificate_number}, obtained {row.obtained_on}"
                + (f", valid until {row.expires_on}" if row.expires_on else "")
                + f", held by a trainee of company {row.company_id}.",
                "genre": "Verification",
            }
        ],
        # the same facts as data, for a checker that reads rather than renders
        "blpVerification": {
            "certificationId": str(row.id),
            "companyId": str(row.company_id),
            "vendor": row.vendor,
            "certification": row.certification_name,
            "certificationCode": row.certification_code,
            "level": row.level,
            "skillsArea": row.skills_area,
            "certificateNumber": row.certificate_number,
            "obtainedOn": row.obtained_on.isoformat(),
            "expiresOn": row.expires_on.isoformat() if row.expires_on else None,
            "verifiedBy": row.reviewed_by,
            "verifiedAt": verified_at,
        },
    }
    if row.expires_on is not None:
        until = datetime.combine(row.expires_on, time(23, 59, 59), UTC)
        document["validUntil"] = until.isoformat().replace("+00:00", "Z")
    return document


def sign(document: dict[str, Any], private_pem: str) -> str:
    """The credential secured as a compact JWS (``vc+jwt``)."""
    key = serialization.load_pem_private_key(private_pem.encode(), None)
    return jwt.encode(
        document,
        key,  # type: ignore[arg-type]
        algorithm="EdDSA",
        headers={"typ": "vc+jwt", "cty": "vc", "kid": KEY_ID},
    )
