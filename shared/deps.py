"""FastAPI dependency aliases every service's routes use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import session_scope


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async for session in session_scope(request.app.state.runtime.sessions):
        yield session


# scope="function": the transaction commits before the response is sent, so a failed commit
# becomes an error response instead of a success that did not happen.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
