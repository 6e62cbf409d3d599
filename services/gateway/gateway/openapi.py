"""One OpenAPI document for the whole platform, merged from every service's own.

Paths get the ``/v1/<service>`` prefix the gateway routes by; component schemas are renamed
``<service>.<Name>`` so two services' ``CompanyRead`` cannot collide, except the kernel's own
(``Problem``...), which every service documents alike and the document holds once. Each
service's document is already exact (``shared.openapi``); the merge adds what the gateway
itself answers on every proxied call: 401 (a bad token is turned away here), 413 (body over
the limit), 429 (rate limit), 502 and 504 (the service is down or too slow). A service that
is down is left out and named in the description rather than failing the whole document.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

from shared.openapi import SECURITY_SCHEME, SHARED_SCHEMAS, problem_content

CACHE_SECONDS = 30.0
GATEWAY_ERRORS = {
    401: "No valid bearer token (checked by the gateway before the service).",
    429: "Rate limit exceeded; `Retry-After` says when to retry.",
    502: "The service is unavailable.",
    504: "The service did not answer in time.",
}
BODY_TOO_LARGE = {413: "The request body exceeds the gateway's limit."}


def _rename_refs(node: Any, service: str) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                f"#/components/schemas/{service}.{value.rsplit('/', 1)[-1]}"
                if key == "$ref"
                and isinstance(value, str)
                and value.startswith("#/components/schemas/")
                and value.rsplit("/", 1)[-1] not in SHARED_SCHEMAS
                else _rename_refs(value, service)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rename_refs(item, service) for item in node]
    return node


def merge(
    gateway_spec: dict[str, Any], services: dict[str, dict[str, Any] | None]
) -> dict[str, Any]:
    merged = json.loads(json.dumps(gateway_spec))
    paths = merged.setdefault("paths", {})
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    missing = []
    for service, spec in services.items():
        if spec is None:
            missing.append(service)
            continue
        spec = _rename_refs(spec, service)
        for path, operations in spec.get("paths", {}).items():
            for operation in operations.values():
                if isinstance(operation, dict):
                    operation["tags"] = [service] + [
                        t for t in operation.get("tags", []) if t != service
                    ]
                    if "operationId" in operation:
                        operation["operationId"] = f"{service}_{operation['operationId']}"
                    _gateway_errors(operation)
            paths[f"/v1/{service}{path}"] = operations
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            if name in SHARED_SCHEMAS:
                schemas.setdefault(name, schema)
            else:
                schemas[f"{service}.{name}"] = schema
    if missing:
        merged["info"]["description"] = (
            merged["info"].get("description", "")
            + f"\n\nNot reachable when this was built: {', '.join(missing)}."
        )
    for path, operations in paths.items():
        if path.startswith("/v1/auth/"):  # rate-limited by address before the route runs
            for operation in operations.values():
                if isinstance(operation, dict):
                    _add_errors(operation, {429: GATEWAY_ERRORS[429]})
    merged.setdefault("components", {})["securitySchemes"] = {
        SECURITY_SCHEME: {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/v1/auth/token", "scopes": {}}},
        },
    }
    merged.pop("security", None)  # each operation says whether it needs a token
    merged["tags"] = _tags(paths)
    return merged


OPERATIONS_TAG = "operations"


def _tags(paths: dict[str, Any]) -> list[dict[str, str]]:
    """The tags in the order a reader wants them: the services' resources as they first
    appear, and ``operations`` (every service's health and ops routes) last, not first
    because the gateway's own /healthz comes first in the document."""
    names = dict.fromkeys(
        tag
        for operations in paths.values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for tag in operation.get("tags", [])
    )
    names.pop(OPERATIONS_TAG, None)
    return [{"name": name} for name in (*names, OPERATIONS_TAG)]


def _gateway_errors(operation: dict[str, Any]) -> None:
    _add_errors(operation, GATEWAY_ERRORS)
    if "requestBody" in operation:
        _add_errors(operation, BODY_TOO_LARGE)


def _add_errors(operation: dict[str, Any], errors: dict[int, str]) -> None:
    responses = operation.setdefault("responses", {})
    for status, description in errors.items():
        responses.setdefault(
            str(status), {"description": description, "content": problem_content(status)}
        )


class OpenApiMerger:
    def __init__(self, upstreams: dict[str, str]) -> None:
        self.upstreams = upstreams
        self._cached: tuple[float, dict[str, Any]] | None = None

    async def document(
        self, session: aiohttp.ClientSession, gateway_spec: dict[str, Any]
    ) -> dict[str, Any]:
        if self._cached and time.monotonic() - self._cached[0] < CACHE_SECONDS:
            return self._cached[1]
        names = list(self.upstreams)
        specs = await asyncio.gather(*(self._fetch(session, self.upstreams[n]) for n in names))
        document = merge(gateway_spec, dict(zip(names, specs, strict=True)))
        if all(specs):
            self._cached = (time.monotonic(), document)
        return document

    async def _fetch(self, session: aiohttp.ClientSession, url: str) -> dict[str, Any] | None:
        try:
            async with session.get(
                f"{url}/openapi.json", timeout=aiohttp.ClientTimeout(total=5)
            ) as response:
                if response.status != 200:
                    return None
                return await response.json()
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None
