"""The company read model: it only moves forward, so duplicates and late events are no-ops."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.registry import CompanyFacts
from training.companies.models import CompanyFact


async def apply(*, session: AsyncSession, facts: CompanyFacts, now: datetime) -> bool:
    """Keep ``facts`` if newer than what is held; False for a duplicate or an older event."""
    held = await session.get(CompanyFact, facts.company_id)
    if held is not None and held.version >= facts.version:
        return False
    row = held or CompanyFact(company_id=facts.company_id, version=0, kind="", status="")
    row.version = facts.version
    row.kind = facts.kind
    row.status = facts.status
    row.region = facts.region
    row.bin = facts.bin
    row.display_name = facts.display_name
    row.city = facts.city
    row.updated_at = now
    session.add(row)
    await session.flush()
    return True


async def is_international(*, session: AsyncSession, company_id: uuid.UUID) -> bool:
    """Whether the registry has told us of this company as an international one."""
    held = await session.get(CompanyFact, company_id)
    return held is not None and held.kind == "international"
