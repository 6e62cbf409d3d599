"""Ed25519 signing keys for access tokens: generated for the embedded default, and named.

A token says which key signed it (its ``kid`` header, the key's RFC 7638 thumbprint), so a
verifier may trust several keys at once: the current one and the next, while the signing key
is rotated (docs/operations.md, "Rotating the signing key").
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_PUBLIC_PEM = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


def generate_keypair() -> tuple[str, str]:
    """A new (private PEM, public PEM) pair."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def ensure_keypair(directory: Path) -> tuple[str, str]:
    """Load the keypair kept in ``directory``, creating it on first use."""
    private_path, public_path = directory / "jwt-private.pem", directory / "jwt-public.pem"
    if not private_path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        private, public = generate_keypair()
        private_path.touch(mode=0o600)
        private_path.write_text(private)
        public_path.write_text(public)
    return private_path.read_text(), public_path.read_text()


def load_public_keys(text: str) -> dict[str, Ed25519PublicKey]:
    """Every Ed25519 public key in ``text`` (one or more PEM blocks), by key id.

    Anything but PEM blocks and whitespace is refused, as is a key of another type: a
    setting with a typo fails at start, not at the first token.
    """
    blocks = _PUBLIC_PEM.findall(text)
    if not blocks or _PUBLIC_PEM.sub("", text).strip():
        raise ValueError("expected one or more PEM blocks '-----BEGIN PUBLIC KEY-----' …")
    keys: dict[str, Ed25519PublicKey] = {}
    for block in blocks:
        key = serialization.load_pem_public_key(block.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"not an Ed25519 public key: {type(key).__name__}")
        keys[key_id(key)] = key
    return keys


def load_private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"not an Ed25519 private key: {type(key).__name__}")
    return key


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    """The key as a JSON Web Key (RFC 8037), what a JWKS lists."""
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _b64url(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)),
    }


def key_id(key: Ed25519PublicKey) -> str:
    """The key's RFC 7638 thumbprint: derived from the key alone, so the gateway and every
    service name the same key the same way without being told."""
    members = json.dumps(public_jwk(key), separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(members.encode()).digest())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
