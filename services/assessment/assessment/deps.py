"""Dependency aliases of the assessment routes, beyond ``shared.deps``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from assessment.company_facts.registry_client import RegistryClient


def _registry(request: Request) -> RegistryClient:
    return request.app.state.registry


RegistryDep = Annotated[RegistryClient, Depends(_registry)]
IfMatch = Annotated[
    str | None, Header(alias="If-Match", description="the ETag you read (required)")
]
