"""Dependency aliases of the assessment routes, beyond ``shared.deps``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assessment.company_facts.directory import CompanyDirectory
from shared import context


async def _directory(request: Request) -> CompanyDirectory:
    """Async: FastAPI runs a plain function dependency on a worker thread."""
    return CompanyDirectory(
        sessions=request.app.state.runtime.sessions,
        registry=request.app.state.registry,
        authorization=request.headers.get("authorization"),
        request_id=context.request_id.get(),
    )


CompanyDirectoryDep = Annotated[CompanyDirectory, Depends(_directory)]
"""Companies as the caller may know them: the read model, else the registry with its token."""
