"""One OpenAPI document for the whole platform, merged from every service's own.

Paths get the ``/v1/<service>`` prefix the gateway routes by; component schemas are renamed
``<service>.<Name>`` so two services' ``CompanyRead`` cannot collide. A service that is down
is left out and named in the description rather than failing the whole document.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

CACHE_SECONDS = 30.0


def _rename_refs(node: Any, service: str) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                f"#/components/schemas/{service}.{value.rsplit('/', 1)[-1]}"
                if key == "$ref"
                and isinstance(value, str)
                and value.startswith("#/components/schemas/")
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
            paths[f"/v1/{service}{path}"] = operations
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            schemas[f"{service}.{name}"] = schema
    if missing:
        merged["info"]["description"] = (
            merged["info"].get("description", "")
            + f"\n\nNot reachable when this was built: {', '.join(missing)}."
        )
    merged.setdefault("components", {})["securitySchemes"] = {
        "clientCredentials": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/v1/auth/token", "scopes": {}}},
        },
    }
    merged["security"] = [{"clientCredentials": []}, {}]
    return merged


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
