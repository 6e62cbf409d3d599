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


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.runtime.sessions() as session:
        # on SQLite a plain BEGIN (not IMMEDIATE): readers run side by side under WAL
        await session.connection(execution_options={"readonly": True})
        yield session


# scope="function": the transaction commits before the response is sent, so a failed commit
# becomes an error response instead of a success that did not happen.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]

# For GET routes that only read: never takes SQLite's write lock, never commits.
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session, scope="function")]
