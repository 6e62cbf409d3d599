"""Optimistic concurrency over HTTP: ``ETag`` on reads, ``If-Match`` required on updates.

Each aggregate carries an integer ``version`` bumped on every change; its ETag is that
version. An update without ``If-Match`` is refused (428) so no client can overwrite a
change it never saw; a stale one gets 412.
"""

from __future__ import annotations

from shared.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    if if_match is None:
        raise PreconditionRequired("Send If-Match with the ETag you read.")
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in candidates and etag(version) not in candidates:
        raise PreconditionFailed(
            "The resource changed since you read it; read it again and retry.",
            current_etag=etag(version),
        )
