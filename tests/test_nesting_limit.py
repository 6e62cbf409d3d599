"""Deeply nested JSON bodies are refused with a 422 naming the body, in every service.

Through a real service app (shared.service.create_app, a real database and NATS): one route
takes a validated model (FastAPI parses the body), one parses the raw body itself as the
registry's bulk import does; before the limit, the second answered 500 (RecursionError).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Request
from pydantic import BaseModel
from registry.config import Settings

from shared.bodies import MAX_DEPTH, too_deep
from shared.natsserver import NatsServer
from shared.service import ServiceSpec, create_app
from shared.testing.servers import serving

router = APIRouter()
JSON = {"content-type": "application/json"}


class Note(BaseModel):
    text: str
    tags: list[str] = []


@router.post("/notes")
async def create_note(body: Note) -> dict[str, Any]:
    return {"text": body.text, "tags": body.tags}


@router.post("/raw")
async def parse_raw(request: Request) -> dict[str, Any]:
    """Parses the body itself (a route that reads its raw body, not a model)."""
    items = json.loads(await request.body())
    return {"items": len(items)}


@router.post("/streamed")
async def stream_raw(request: Request) -> dict[str, Any]:
    """Streams its body itself, as an import does (``shared.jobs.receive``)."""
    body = b"".join([chunk async for chunk in request.stream()])
    return {"too_deep": too_deep(body)}


@pytest.fixture
async def service(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=database("registry"), nats_url=nats_server.url, jwt_public_key=jwt_keys[1]
    )
    app = create_app(
        ServiceSpec(
            name="bodies",
            title="bodies",
            description="",
            settings=settings,
            routers=[router],
            streamed_bodies=["/streamed"],
        )
    )
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        yield client


def _assert_body_too_deep(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"] == [
        {
            "field": "body",
            "in": "body",
            "message": f"The JSON body nests deeper than {MAX_DEPTH} levels.",
            "code": "too_deep",
        }
    ]
    assert problem["request_id"] == response.headers["x-request-id"]


class TestNestedBodies:
    @pytest.mark.parametrize(
        "body",
        [b"[" * 100_000, b'{"a":' * 100_000, b"[" * 100_000 + b"]" * 100_000],
        ids=["open-arrays", "open-objects", "closed-arrays"],
    )
    @pytest.mark.parametrize("path", ["/notes", "/raw"])
    async def test_deep_body_is_a_422_naming_the_body(
        self, service: httpx.AsyncClient, path: str, body: bytes
    ) -> None:
        _assert_body_too_deep(await service.post(path, content=body, headers=JSON))

    async def test_media_type_with_parameters_and_suffix_is_checked(
        self, service: httpx.AsyncClient
    ) -> None:
        for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
            response = await service.post(
                "/raw", content=b"[" * 1000, headers={"content-type": content_type}
            )
            _assert_body_too_deep(response)

    async def test_body_at_the_limit_passes(self, service: httpx.AsyncClient) -> None:
        body = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
        response = await service.post("/raw", content=body, headers=JSON)
        assert response.status_code == 200
        assert response.json() == {"items": 1}

    async def test_cyrillic_emoji_and_brackets_in_strings_pass(
        self, service: httpx.AsyncClient
    ) -> None:
        text = "Қазақстан IT-компаниясы 🚀 " + "[{" * 200 + ' \\"quoted\\" '
        tags = ["ЖШС", "😀" * 50, "]" * 300]
        response = await service.post("/notes", json={"text": text, "tags": tags})
        assert response.status_code == 200, response.text
        assert response.json() == {"text": text, "tags": tags}

    async def test_many_shallow_items_pass(self, service: httpx.AsyncClient) -> None:
        items = [{"name": f"Компания {n}", "products": [{"tags": ["a"]}]} for n in range(5000)]
        response = await service.post("/raw", json=items)
        assert response.status_code == 200
        assert response.json() == {"items": 5000}

    async def test_a_streamed_path_is_left_to_its_route(self, service: httpx.AsyncClient) -> None:
        """Not read whole first (the route's own size limit applies while it reads), so the
        nesting is the route's to check (the registry's JSON import does, in its job)."""
        response = await service.post("/streamed", content=b"[" * 100_000, headers=JSON)
        assert response.status_code == 200, response.text
        assert response.json() == {"too_deep": True}

    async def test_malformed_json_is_still_the_parser_422(self, service: httpx.AsyncClient) -> None:
        response = await service.post("/notes", content=b'{"text": "x",', headers=JSON)
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "json_invalid"


class TestTooDeep:
    @pytest.mark.parametrize(
        ("body", "deep"),
        [
            (b"[]", False),
            (b"[" * 65 + b"]" * 65, True),
            (b"[" * 64 + b"]" * 64, False),
            (b'["' + b"[" * 500 + b'"]', False),
            (b'["\\"' + b"[" * 500 + b'"]', False),  # an escaped quote does not end the string
            (b'["\\\\"' + b"[" * 100 + b"]" * 100 + b"]", True),  # an escaped backslash does
            (b"[1]," * 1000, False),
            (b'{"a":' * 65 + b"1" + b"}" * 65, True),
        ],
    )
    def test_depth_counts_only_structure(self, body: bytes, deep: bool) -> None:
        assert too_deep(body) is deep
