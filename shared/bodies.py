"""Limits on a request body, checked before anything parses it: its size, and how deeply a
JSON body nests.

Size: the gateway caps every body, but a caller inside the cluster (or of the embedded
default) can reach a service directly, and the service would read whatever it is sent. So
every service refuses a body past ``ServiceSettings.max_body_bytes`` (the gateway's own 10 MiB
by default) with a 413 naming the limit, at once when ``Content-Length`` declares more, else
as soon as the reading passes it: nothing beyond the limit is read.

Nesting: Python's JSON decoder recurses once per ``[`` or ``{``: a body of 100,000 ``[`` ends
in a ``RecursionError`` wherever it is parsed (FastAPI's body reading, a route's own
``json.loads``), and a merely deep one makes every later walk over it (validation, error
reporting) recurse too. No request of the platform nests more than a handful of levels, so a
body deeper than ``MAX_DEPTH`` is refused with a 422 naming the body, before the service
reads it.

The nesting check costs two ``bytes.count`` calls for an ordinary body: only a body with more
brackets than the limit is scanned (strings removed, then the running depth summed in C).

A route that streams its body itself (a file import: ``shared.jobs.receive`` spools it,
refusing it with a 413 as soon as it passes the import's own limit; training's certificate
evidence, stored as it comes) is named to the middleware (``ServiceSpec.streamed_bodies``, a
path template as the route declares it), which then leaves its body alone: it is never whole
in memory, and its own limit is the one that applies. Such a route checks the
nesting with ``too_deep`` where it parses the body (the registry's JSON import, in its job).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from itertools import accumulate

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import i18n
from shared.config import MAX_BODY_BYTES
from shared.errors import problem_response

MAX_DEPTH = 64

_NO_BODY = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
# a JSON string, escapes included; UTF-8 continuation bytes never look like '"' or '\'
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 / -1 as signed bytes


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """True if the JSON text ``body`` opens more than ``limit`` arrays/objects at once.

    Brackets inside strings do not count. An unterminated structure counts as open, so a
    malformed body may be refused here rather than by the parser: a 4xx either way.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    if len(brackets) <= limit:
        return False
    return max(accumulate(array("b", brackets.translate(_STEPS)))) > limit


def is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    """The request says its body is JSON (``application/json`` or ``*/*+json``)."""
    for name, value in headers:
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


def too_deep_message(limit: int = MAX_DEPTH) -> i18n.Text:
    return i18n.message(i18n.KIT["too_deep"], limit=limit)


class NestingLimitMiddleware:
    """Reads a body whole up to ``max_bytes`` (413 past it), refuses a JSON one nested too
    deep (422), else hands it on unchanged.

    The services read a body whole anyway (to parse it), so reading it here first costs no
    memory they would not spend; the app receives it as one message. The bodies of the
    ``streamed`` paths pass untouched: their routes stream them (see the module's doc).
    """

    def __init__(
        self,
        app: ASGIApp,
        max_depth: int = MAX_DEPTH,
        streamed: Iterable[str] = (),
        max_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.max_depth = max_depth
        # path templates, as the routes declare them ("/certifications/{id:uuid}/evidence")
        self.streamed = [compile_path(path)[0] for path in streamed]
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in _NO_BODY
            or any(path.match(scope["path"]) for path in self.streamed)
        ):
            await self.app(scope, receive, send)
            return
        if declared_length(scope["headers"]) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                del chunks
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        del chunks
        if is_json(scope["headers"]) and too_deep(body, self.max_depth):
            message_text = too_deep_message(self.max_depth)
            await problem_response(
                422,
                i18n.message(i18n.KIT["invalid_input"], fields="body"),
                errors=[
                    {"field": "body", "in": "body", "message": message_text, "code": "too_deep"}
                ],
            )(scope, receive, send)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body}], receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await problem_response(
            413,
            i18n.message(i18n.KIT["body_too_large"], limit=self.max_bytes),
            limit_bytes=self.max_bytes,
        )(scope, receive, send)


def declared_length(headers: list[tuple[bytes, bytes]]) -> int:
    """The body's ``Content-Length``, 0 when absent or unreadable (then the reading counts)."""
    for name, value in headers:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` that first returns ``messages``, then asks the client as before."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
