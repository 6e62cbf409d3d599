"""The registry's HTTP API, asked about a nominee the read model has not seen yet.

Events are how this service learns about companies; this client only covers the gap
between a company's registration and its event reaching us, for a user who is waiting.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import ValidationError

from assessment.messages import MESSAGES
from shared.errors import UpstreamError
from shared.events.registry import CompanyFacts
from shared.i18n import message

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0


class RegistryClient:
    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def company(
        self, company_id: uuid.UUID, *, authorization: str | None, request_id: str | None
    ) -> CompanyFacts | None:
        """The company's facts as the caller may see them; None if unknown or not visible.

        The caller's own token is forwarded, so the registry applies the caller's rights.
        """
        headers = {
            k: v
            for k, v in {"Authorization": authorization, "X-Request-ID": request_id}.items()
            if v
        }
        try:
            response = await self._http.get(f"/companies/{company_id}", headers=headers)
        except httpx.HTTPError as exc:
            log.warning("registry unreachable", extra={"error": repr(exc)})
            raise UpstreamError(message(MESSAGES["registry_unavailable"])) from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            log.warning("registry answered %s", response.status_code)
            raise UpstreamError(message(MESSAGES["registry_unavailable"]))
        try:
            return facts_from_profile(response.json())
        except (ValueError, ValidationError) as exc:
            log.warning("registry answered an unreadable company", extra={"error": repr(exc)})
            raise UpstreamError(message(MESSAGES["registry_unavailable"])) from None


def facts_from_profile(profile: dict[str, Any]) -> CompanyFacts:
    """The registry's company resource (``id``, ...) as the facts its events carry."""
    return CompanyFacts.model_validate({**profile, "company_id": profile.get("id")})


def registry_resource(base_url: str) -> Any:
    """A ``shared.service`` resource: one client per running app, closed on shutdown."""

    @contextlib.asynccontextmanager
    async def resource(app: FastAPI) -> AsyncIterator[None]:
        client = RegistryClient(base_url)
        app.state.registry = client
        try:
            yield
        finally:
            await client.aclose()

    return resource
