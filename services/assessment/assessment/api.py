"""Small HTTP helpers the assessment routers share."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from shared.concurrency import etag


def rules(*names: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI text for a route's 409s: the domain rules it can hit, by name."""
    return {
        409: {
            "description": "A domain rule was hit; `rule` in the problem names it: "
            + ", ".join(f"`{n}`" for n in names)
        }
    }


def created(location: str, version: int) -> dict[str, str]:
    """Headers of a 201: where the new resource is (its path on this service) and its ETag."""
    return {"Location": location, "ETag": etag(version)}


def tag(response: Response, version: int) -> None:
    """Put the ETag a later If-Match must quote on a read."""
    response.headers["ETag"] = etag(version)
