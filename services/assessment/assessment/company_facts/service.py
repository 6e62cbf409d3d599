"""The company-facts read model: applied from the registry's events, read for eligibility."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.company_facts.models import CompanyFact
from assessment.messages import MESSAGES
from shared.errors import NotFound
from shared.events.registry import CompanyFacts
from shared.i18n import message

Source = Literal["event", "registry_api"]


async def get(*, session: AsyncSession, company_id: uuid.UUID) -> CompanyFact | None:
    """What we know about the company, fresh from the database; None if never seen."""
    return (
        await session.scalars(
            sa.select(CompanyFact)
            .where(CompanyFact.company_id == company_id)
            .execution_options(populate_existing=True)
        )
    ).first()


async def read(*, session: AsyncSession, company_id: uuid.UUID) -> CompanyFact:
    """What we know about the company, for programme staff; 404 if it never reached us."""
    facts = await get(session=session, company_id=company_id)
    if facts is None:
        raise NotFound(message(MESSAGES["no_company_facts"]))
    return facts


async def names(*, session: AsyncSession, company_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Display names of the companies, for lists."""
    if not company_ids:
        return {}
    rows = await session.execute(
        sa.select(CompanyFact.company_id, CompanyFact.display_name).where(
            col(CompanyFact.company_id).in_(set(company_ids))
        )
    )
    return {key: value for key, value in rows}


async def apply(
    *, session: AsyncSession, facts: CompanyFacts, source: Source, now: datetime
) -> bool:
    """Store ``facts`` if they are newer than ours; True if the read model changed.

    One atomic upsert, so racing replicas and a racing API fallback cannot interleave: a
    row moves only to a higher version, or from an API copy to the event of the same
    version (the event carries every figure; the API may hide some from the caller).
    """
    values = {
        "company_id": facts.company_id,
        "version": facts.version,
        "source": source,
        "kind": facts.kind,
        "display_name": facts.display_name,
        "bin": facts.bin,
        "region": facts.region,
        "segments": list(facts.segments),
        "in_scope": facts.in_scope,
        "employees": facts.employees,
        "founded_on": facts.founded_on,
        "private_sector_share": facts.private_sector_share,
        "status": facts.status,
        "publication": facts.publication,
        "updated_at": now,
    }
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(CompanyFact).values(**values)
    newer = sa.or_(
        insert.excluded.version > CompanyFact.version,
        sa.and_(
            insert.excluded.version == CompanyFact.version,
            CompanyFact.source == "registry_api",
            insert.excluded.source == "event",
        ),
    )
    statement = insert.on_conflict_do_update(
        index_elements=[CompanyFact.company_id],
        set_={name: insert.excluded[name] for name in values if name != "company_id"},
        where=newer,
    ).returning(CompanyFact.company_id)
    return (await session.execute(statement)).first() is not None
