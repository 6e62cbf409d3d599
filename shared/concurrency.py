"""Optimistic concurrency over HTTP: ``ETag`` on reads, ``If-Match`` required on updates.

Each aggregate carries an integer ``version`` bumped on every change; its ETag is that
version. An update without ``If-Match`` is refused (428) so no client can overwrite a
change it never saw; a stale one gets 412. Every route speaks it through these helpers:
``IfMatch`` in the signature, ``check_if_match`` before the change, ``tag``/``created`` on
the way out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from shared import i18n
from shared.errors import PreconditionFailed, PreconditionRequired

IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="the ETag you read (required: 428 without it)"),
]
"""Optional to FastAPI so that its absence is our 428, not a 422; the OpenAPI document marks
it required, which is what a client must do."""


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    if if_match is None:
        raise PreconditionRequired(i18n.message(i18n.KIT["if_match_required"]))
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in candidates and etag(version) not in candidates:
        raise PreconditionFailed(
            i18n.message(i18n.KIT["if_match_stale"]),
            current_etag=etag(version),
        )


def tag(response: Response, version: int) -> None:
    """Put the ETag a later If-Match must quote on a read or an update's answer."""
    response.headers["ETag"] = etag(version)


def created(location: str, version: int) -> dict[str, str]:
    """Headers of a 201: where the new resource is (its path on this service) and its ETag."""
    return {"Location": location, "ETag": etag(version)}
