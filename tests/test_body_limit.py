"""A service caps every request body at ``max_body_bytes`` itself, not only the gateway.

A caller inside the cluster (or of the embedded default) reaches a service without the
gateway; ``shared.bodies`` read its body whole, with no limit, for the nesting check. Through a
real service app (shared.service.create_app, a real database and NATS) with a small limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Request
from pydantic import BaseModel
from registry.config import Settings

from shared.natsserver import NatsServer
from shared.service import ServiceSpec, create_app
from shared.testing import jobs
from shared.testing.harness import ServiceHarness
from shared.testing.servers import serving

LIMIT = 4096
router = APIRouter()


class Note(BaseModel):
    text: str


@router.post("/notes")
async def create_note(body: Note) -> dict[str, Any]:
    return {"length": len(body.text)}


@router.put("/files/{name}")
async def put_file(name: str, request: Request) -> dict[str, Any]:
    """Reads a body of any type whole, as FastAPI does for a JSON route sent another type."""
    return {"size": len(await request.body())}


@router.post("/streamed/{name}")
async def stream_raw(name: str, request: Request) -> dict[str, Any]:
    """Streams its body under a limit of its own, as an import or evidence upload does."""
    return {"size": sum([len(chunk) async for chunk in request.stream()])}


@pytest.fixture
async def service(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> AsyncIterator[ServiceHarness]:
    settings = Settings(
        database_url=database("registry"),
        nats_url=nats_server.url,
        jwt_public_key=jwt_keys[1],
        max_body_bytes=LIMIT,
    )
    app = create_app(
        ServiceSpec(
            name="bodies",
            title="bodies",
            description="",
            settings=settings,
            routers=[router],
            streamed_bodies=["/streamed/{name}"],
        )
    )
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        yield ServiceHarness(http=client, app=app, private_key=jwt_keys[0], nats_url="")


def note(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes, Cyrillic and emoji included."""
    head, tail = '{"text": "Қазақстан 🚀 '.encode(), b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def _too_large(service: ServiceHarness, response: httpx.Response) -> None:
    body = service.problem(response, 413)
    assert body["limit_bytes"] == LIMIT, body
    assert body["detail"] == f"The request body exceeds {LIMIT} bytes.", body


JSON = {"Content-Type": "application/json"}


class TestBodySize:
    async def test_one_byte_over_is_a_413_naming_the_limit_declared_or_streamed(
        self, service: ServiceHarness
    ) -> None:
        over = note(LIMIT + 1)

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(over), 1000):
                yield over[start : start + 1000]

        _too_large(service, await service.http.post("/notes", content=over, headers=JSON))
        _too_large(service, await service.http.post("/notes", content=chunks(), headers=JSON))
        other = {"Content-Type": "application/octet-stream"}
        _too_large(service, await service.http.put("/files/a", content=over, headers=other))

    async def test_a_body_of_exactly_the_limit_is_read(self, service: ServiceHarness) -> None:
        response = await service.http.post("/notes", content=note(LIMIT), headers=JSON)
        assert response.status_code == 200, response.text
        response = await service.http.put("/files/a", content=b"\x00" * LIMIT)
        assert response.json() == {"size": LIMIT}

    async def test_the_refusal_is_in_the_callers_language(self, service: ServiceHarness) -> None:
        headers = {**JSON, "Accept-Language": "ru"}
        response = await service.http.post("/notes", content=note(LIMIT + 1), headers=headers)
        body = service.problem(response, 413)
        assert body["detail"] == f"Тело запроса превышает {LIMIT} байт."
        assert response.headers["content-language"] == "ru"

    @pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
    async def test_reading_stops_at_the_limit(
        self, service: ServiceHarness, content_type: str
    ) -> None:
        await jobs.check_not_read_past_the_limit(service, "/notes", b"[", LIMIT, content_type)

    async def test_a_streamed_route_reads_past_it_under_its_own_limit(
        self, service: ServiceHarness
    ) -> None:
        response = await service.http.post("/streamed/x", content=b"x" * (LIMIT * 3), headers=JSON)
        assert response.json() == {"size": LIMIT * 3}

    def test_the_document_says_a_route_with_a_body_may_answer_413(
        self, service: ServiceHarness
    ) -> None:
        responses = service.app.openapi()["paths"]["/notes"]["post"]["responses"]
        assert "limit_bytes" in responses["413"]["description"]
