"""Which events from other services the assessment service applies, and how.

The registry's company events all carry the company's facts with their version; applying
one only ever moves the read model forward, so a duplicate or a late, older event changes
nothing. When the facts do change, the company's undecided nominations are re-checked.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from assessment.company_facts import service as company_facts
from assessment.nomination import eligibility
from shared.db import utcnow
from shared.events.base import CloudEvent
from shared.events.registry import (
    CompanyPublished,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
)
from shared.messaging.consumer import HandlerMap

log = logging.getLogger(__name__)

CompanyEvent = CompanyRegistered | CompanyUpdated | CompanyPublished | CompanyStatusChanged


async def apply_company_facts(
    session: AsyncSession, event: CompanyEvent, envelope: CloudEvent
) -> None:
    """Keep the read model current and eligibility with it."""
    now = utcnow()
    if not await company_facts.apply(session=session, facts=event.company, source="event", now=now):
        return  # a duplicate, or older than what we hold
    changed = await eligibility.recheck_company(
        session=session, company_id=event.company_id, now=now
    )
    if changed:
        log.info(
            "eligibility changed with the company's facts",
            extra={"company_id": str(event.company_id), "nominations": changed},
        )


EVENT_HANDLERS: HandlerMap = {
    CompanyRegistered: [apply_company_facts],
    CompanyUpdated: [apply_company_facts],
    CompanyPublished: [apply_company_facts],
    CompanyStatusChanged: [apply_company_facts],
}
