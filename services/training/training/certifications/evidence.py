"""Evidence files: streamed to disk as they arrive, hashed on the way, typed by content.

A file is never held whole in memory: each chunk of the request body is hashed and written
as it comes, and the upload stops at the first byte past the limit. The type is read from
the file's first bytes (PDF, PNG, JPEG), never from its name or the declared content type,
so a script renamed ``.pdf`` is refused. Files are stored under their SHA-256, so the same
file offered twice is stored once and is easy to spot for another trainee.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from shared.errors import InvalidInput, NotFound, Problem
from shared.i18n import message
from training.messages import MESSAGES

__all__ = ["NotFound", "StoredFile", "receive", "sniff", "too_large"]

MAX_BYTES = 10 * 1024 * 1024
"""10 MB: a scanned certificate or a transcript, not a video."""

SIGNATURES: dict[bytes, str] = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
HEAD_BYTES = max(len(s) for s in SIGNATURES)


class PayloadTooLarge(Problem):
    status = 413


class UnsupportedMediaType(Problem):
    status = 415


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    content_type: str
    path: Path


def sniff(head: bytes) -> str | None:
    """The type a file's first bytes say it is, if it is one we take."""
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(message(MESSAGES["evidence_too_large"], limit=MAX_BYTES))


async def receive(chunks: AsyncIterator[bytes], directory: Path) -> StoredFile:
    """Write the stream to ``directory`` under its SHA-256; 413 past the limit, 415 for a
    type we do not take, 422 for an empty file. Nothing is left behind when refused.

    Disk work runs on a worker thread, chunk by chunk, so a slow disk never stalls the
    event loop."""
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    partial = directory / f".upload-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    size = 0
    head = b""
    file = await asyncio.to_thread(partial.open, "wb")
    try:
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                size += len(chunk)
                if size > MAX_BYTES:
                    raise too_large()
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                    if len(head) >= HEAD_BYTES and sniff(head) is None:
                        raise _unsupported()
                digest.update(chunk)
                await asyncio.to_thread(file.write, chunk)
        finally:
            await asyncio.to_thread(file.close)
        if size == 0:
            raise InvalidInput("body", message(MESSAGES["evidence_empty"]))
        content_type = sniff(head)
        if content_type is None:
            raise _unsupported()
        stored = directory / digest.hexdigest()
        await asyncio.to_thread(os.replace, partial, stored)
        return StoredFile(digest.hexdigest(), size, content_type, stored)
    finally:
        await asyncio.to_thread(partial.unlink, missing_ok=True)


def _unsupported() -> UnsupportedMediaType:
    return UnsupportedMediaType(
        message(MESSAGES["evidence_types"]),
        accepted=sorted(SIGNATURES.values()),
    )


def path_of(directory: Path, sha256: str) -> Path:
    return directory / sha256
