"""HTTP/1.1 bytes the gateway writes itself, outside any ASGI app.

The proxied path (``gateway.exchange``) and the protocol's own refusals (malformed request,
oversized head) answer without Starlette, so their problem+json responses are rendered here,
byte for byte as ``shared.errors.problem_response`` renders them through an ASGI server.
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE

from shared import context, i18n
from shared.errors import PROBLEM_JSON, problem_body
from shared.i18n import Text

__all__ = ["STATUS_LINE", "problem_bytes"]

_CONTENT_TYPE = b"content-type: " + PROBLEM_JSON.encode() + b"\r\n"


def problem_bytes(
    status: int,
    detail: str | Text | None,
    *,
    request_id: str | None,
    language: str = i18n.ENGLISH,
    server_headers: list[tuple[bytes, bytes]],
    keep_alive: bool = True,
    head: bool = False,
    headers: dict[str, str] | None = None,
    slug: str | None = None,
    **extra: Any,
) -> bytes:
    """A complete application/problem+json response (RFC 9457), status line to body.

    ``server_headers`` are the server's own (Date); ``head``: a HEAD request gets the
    headers only; ``language``: the one the client's Accept-Language prefers.
    """
    token = context.request_id.set(request_id)
    language_token = i18n.current.set(language)
    try:
        body, content_language = problem_body(status, detail, slug=slug, **extra)
    finally:
        i18n.current.reset(language_token)
        context.request_id.reset(token)
    headers = {
        **(headers or {}),
        "Content-Language": content_language,
        "Vary": "Accept-Language",
    }
    content = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    parts = [STATUS_LINE[status]]
    for name, value in server_headers:
        parts += [name, b": ", value, b"\r\n"]
    parts += [_CONTENT_TYPE, b"content-length: ", str(len(content)).encode(), b"\r\n"]
    for name, value in headers.items():
        parts += [name.lower().encode("latin-1"), b": ", value.encode("latin-1"), b"\r\n"]
    if request_id:
        parts += [b"x-request-id: ", request_id.encode("latin-1"), b"\r\n"]
    if not keep_alive:
        parts.append(b"connection: close\r\n")
    parts.append(b"\r\n")
    if not head:
        parts.append(content)
    return b"".join(parts)
