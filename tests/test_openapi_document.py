"""What the kernel writes into every service's OpenAPI document, derived from the routes alone
(``shared.openapi``), and what the gateway adds when it merges them."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Header
from gateway.openapi import merge
from pydantic import BaseModel, Field, field_validator
from registry.config import Settings
from sqlalchemy.exc import DBAPIError
from starlette.responses import StreamingResponse

from shared.auth import CurrentPrincipal, OptionalPrincipal
from shared.errors import SLUGS, TITLES, Forbidden, out_of_range
from shared.money import Money, NonNegativeMoney, PercentString
from shared.openapi import DECIMAL_PATTERN, PROBLEM
from shared.service import ServiceSpec, create_app

router = APIRouter()
IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag you read")]


class ThingCreate(BaseModel):
    name: str
    price: Money
    cost: NonNegativeMoney
    share: PercentString
    score: Decimal = Field(ge=0, le=100, decimal_places=2)


ProgrammeDate = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]


class ThingUpdate(BaseModel):
    name: str | None = None
    note: str | None = None
    due_on: ProgrammeDate | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("leave the field out to keep it; it cannot be null")
        return value


class ThingRead(BaseModel):
    id: uuid.UUID
    total: Decimal


@router.get("/things")
async def list_things(principal: CurrentPrincipal) -> list[ThingRead]:
    """Needs a token."""
    return []


@router.post("/things", status_code=201, responses={409: {"description": "rule: unique_name"}})
async def create_thing(body: ThingCreate, principal: CurrentPrincipal) -> ThingRead:
    return ThingRead(id=uuid.uuid4(), total=Decimal("1.50"))


@router.patch("/things/{thing_id}")
async def update_thing(
    thing_id: uuid.UUID, body: ThingUpdate, principal: CurrentPrincipal, if_match: IfMatch = None
) -> ThingRead:
    return ThingRead(id=thing_id, total=Decimal(0))


@router.get("/things/{thing_id}/export")
async def export_thing(thing_id: uuid.UUID, principal: OptionalPrincipal) -> StreamingResponse:
    async def rows() -> AsyncIterator[str]:
        if principal is None:
            raise Forbidden("Exports are for signed-in callers.")
        yield "a,b\n"

    return StreamingResponse(rows(), media_type="text/csv")


@router.get("/public")
async def public_page() -> dict[str, str]:
    return {"hello": "world"}


def build(*routers: APIRouter) -> Any:
    from shared.keys import generate_keypair

    settings = Settings(
        database_url="sqlite+aiosqlite:///:memory:",
        nats_url="nats://127.0.0.1:1",
        jwt_public_key=generate_keypair()[1],
    )
    return create_app(
        ServiceSpec(name="things", title="t", description="", settings=settings, routers=routers)
    )


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build(router).openapi()


def responses(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][path][method]["responses"]


def test_error_statuses_follow_from_the_route(document: dict[str, Any]) -> None:
    assert set(responses(document, "get", "/things")) == {"200", "401", "403"}
    assert set(responses(document, "post", "/things")) == {
        "201",
        "400",
        "401",
        "403",
        "409",
        "413",
        "422",
    }
    assert set(responses(document, "patch", "/things/{thing_id}")) == {
        "200",
        "400",
        "401",
        "403",
        "404",
        "412",
        "413",
        "422",
        "428",
    }
    assert set(responses(document, "get", "/public")) == {"200"}
    declared = responses(document, "post", "/things")["409"]
    assert declared["description"] == "rule: unique_name"


def test_every_error_is_a_problem_json_with_an_example_of_its_status(
    document: dict[str, Any],
) -> None:
    """Swagger shows the example: a 401's must say 401, not the schema's minimum, 400."""
    reference = {"$ref": f"#/components/schemas/{PROBLEM}"}
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"]
                    content = response["content"]["application/problem+json"]
                    assert content["schema"] == reference, (status, operation["operationId"])
                    assert content["example"]["status"] == int(status)
                    assert content["example"]["type"] == "urn:blp:problem:" + SLUGS[int(status)]
                    assert content["example"]["title"] == TITLES[int(status)]
    schemas = document["components"]["schemas"]
    assert schemas[PROBLEM]["required"] == ["type", "title", "status"]
    assert "HTTPValidationError" not in schemas


def test_if_match_is_required_and_operation_ids_are_the_function_names(
    document: dict[str, Any],
) -> None:
    patch = document["paths"]["/things/{thing_id}"]["patch"]
    (if_match,) = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert if_match["required"] is True and if_match["schema"]["type"] == "string"
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert {"list_things", "create_thing", "update_thing", "public_page"} <= set(ids)
    assert patch["security"] == [{"clientCredentials": []}]
    assert document["paths"]["/public"]["get"]["security"] == []
    export = document["paths"]["/things/{thing_id}/export"]["get"]
    assert export["security"] == [{"clientCredentials": []}, {}]


def test_decimals_carry_a_pattern_and_null_refused_fields_are_not_nullable(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    score = schemas["ThingCreate"]["properties"]["score"]["anyOf"]
    assert {"type": "string", "pattern": r"^[0-9]{1,3}(\.[0-9]{1,2})?$"} in score
    assert schemas["ThingRead"]["properties"]["total"]["pattern"] == DECIMAL_PATTERN
    assert schemas["Money"]["properties"]["amount"]["pattern"].startswith("^-?[0-9]{1,15}")
    # an amount that cannot be negative says so in its pattern; a percentage string is 0-100
    assert schemas["NonNegativeMoney"]["properties"]["amount"]["pattern"].startswith("^[0-9]{1,15}")
    share = schemas["ThingCreate"]["properties"]["share"]
    assert share["type"] == "string" and re.fullmatch(share["pattern"], "100.00")
    assert not re.fullmatch(share["pattern"], "100.5") and not re.fullmatch(share["pattern"], "-1")
    update = schemas["ThingUpdate"]["properties"]
    assert update["name"]["type"] == "string" and "default" not in update["name"]
    assert {"type": "null"} in update["note"]["anyOf"]
    due_on = {"type": "string", "format": "date", "pattern": "^(20[0-9][0-9]|2100)-"}
    assert due_on in update["due_on"]["anyOf"]


def test_routes_sharing_a_name_are_told_apart_by_their_paths() -> None:
    twice = APIRouter()

    @twice.get("/cohorts/{cohort_id}/history")
    async def history() -> None: ...

    @twice.get("/nominations/{nomination_id}/history", name="history")
    async def other() -> None: ...

    @twice.get("/a", operation_id="fixed")
    async def a() -> None: ...

    @twice.get("/b", operation_id="fixed")
    async def b() -> None: ...

    ids = {
        path: operations["get"]["operationId"]
        for path, operations in build(_without("/a", "/b", twice)).openapi()["paths"].items()
    }
    assert ids["/cohorts/{cohort_id}/history"] == "history_cohorts_history"
    assert ids["/nominations/{nomination_id}/history"] == "history_nominations_history"
    assert ids["/healthz"] == "healthz"
    with (
        pytest.warns(UserWarning, match="Duplicate Operation ID"),
        pytest.raises(ValueError, match="two operations named 'fixed'"),
    ):
        build(twice).openapi()


def _without(first: str, second: str, router: APIRouter) -> APIRouter:
    kept = APIRouter()
    kept.routes.extend(r for r in router.routes if getattr(r, "path", "") not in (first, second))
    return kept


async def test_405_lists_every_method_of_the_path_and_a_failing_stream_is_a_problem() -> None:
    app = build(router)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://things"
    ) as client:
        refused = await client.delete("/things")
        export = await client.get(f"/things/{uuid.uuid4()}/export")
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, POST"  # both routes of the path, not the first
    assert refused.headers["content-type"] == "application/problem+json"
    assert export.status_code == 403, export.text
    assert export.json()["detail"] == "Exports are for signed-in callers."


def test_the_gateway_keeps_one_problem_schema_and_adds_its_own_errors(
    document: dict[str, Any],
) -> None:
    gateway = {"openapi": "3.1.0", "info": {"title": "g", "version": "1"}, "paths": {}}
    merged = merge(gateway, {"things": document, "others": document})
    schemas = merged["components"]["schemas"]
    assert PROBLEM in schemas and "things.Problem" not in schemas
    assert "things.ThingRead" in schemas and "others.ThingRead" in schemas
    post = merged["paths"]["/v1/things/things"]["post"]
    assert post["operationId"] == "things_create_thing"
    assert {"401", "413", "429", "502", "504"} <= set(post["responses"])
    assert post["responses"]["422"]["content"]["application/problem+json"]["schema"] == {
        "$ref": f"#/components/schemas/{PROBLEM}"
    }
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/things.ThingCreate"}
    assert "413" not in merged["paths"]["/v1/things/things"]["get"]["responses"]
    assert merged["components"]["securitySchemes"]["clientCredentials"]["type"] == "oauth2"
    # health and ops routes are typed, and their tag comes last, after the resources
    assert [t["name"] for t in merged["tags"]][-1] == "operations"
    assert [t["name"] for t in merged["tags"]][:2] == ["things", "others"]
    health = merged["paths"]["/v1/things/healthz"]["get"]["responses"]["200"]["content"]
    assert health["application/json"]["schema"] == {"$ref": "#/components/schemas/things.Liveness"}
    ops = merged["paths"]["/v1/things/ops/messaging"]["get"]["responses"]["200"]["content"]
    ops_schema = ops["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "outbox_backlog" in merged["components"]["schemas"][ops_schema]["properties"]


def test_a_value_the_database_cannot_hold_is_a_422_other_database_errors_stay_500() -> None:
    class Orig(Exception):
        def __init__(self, message: str, sqlstate: str) -> None:
            super().__init__(message)
            self.sqlstate = sqlstate

    too_big = Orig(
        "invalid input for query argument $1: 621286549913 (value out of int32 range)", "22000"
    )
    too_long = Orig("value too long for type character varying(2)", "22001")
    failed = Orig("division by zero", "22012")
    assert out_of_range(DBAPIError("SELECT", {}, too_big)).status == 422
    assert out_of_range(DBAPIError("UPDATE", {}, too_long)).status == 422
    assert out_of_range(DBAPIError("SELECT", {}, failed)) is None
