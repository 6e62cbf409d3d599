"""Dependency aliases of the assessment routes, beyond ``shared.deps``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assessment.company_facts.registry_client import RegistryClient


async def _registry(request: Request) -> RegistryClient:
    """Async: FastAPI runs a plain function dependency on a worker thread."""
    return request.app.state.registry


RegistryDep = Annotated[RegistryClient, Depends(_registry)]
