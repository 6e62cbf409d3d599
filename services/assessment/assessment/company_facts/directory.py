"""A company's facts as the caller may know them, looked up before the caller's transaction.

The read model, fed by the registry's events, answers first. The registry's API is asked,
with the caller's own token, when the read model has not seen the company or holds a
version the caller may not see: the company may have been registered or published since,
its event still on its way. The lookup reads in a read-only session of its own, so no
write lock is held while another service answers; the caller's transaction then stores
what the registry said.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from assessment.company_facts import access, service
from assessment.company_facts.registry_client import RegistryClient
from shared.auth import Principal
from shared.events.registry import CompanyFacts


@dataclass(frozen=True, slots=True)
class CompanyDirectory:
    """The read model and the registry, for one caller (its token and request id)."""

    sessions: async_sessionmaker[AsyncSession]
    registry: RegistryClient
    authorization: str | None
    request_id: str | None

    async def unseen_facts(
        self, company_id: uuid.UUID, *, principal: Principal, field: str
    ) -> CompanyFacts | None:
        """What the registry knows that the read model cannot tell this caller; None when
        the read model answers. A company the caller may not see anywhere is the 422 on
        ``field`` that an id no one knows gets; the registry down is a 502."""
        async with self.sessions() as session:
            await session.connection(execution_options={"readonly": True})
            known = await service.get(session=session, company_id=company_id)
        if known is not None and access.visible(principal, known):
            return None
        fetched = await self.registry.company(
            company_id, authorization=self.authorization, request_id=self.request_id
        )
        if fetched is None or not access.visible(principal, fetched):
            raise access.unknown(field)
        return fetched
