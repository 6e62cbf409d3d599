"""Which events from other services the training service applies, and how.

From the assessment service: selections (which company is in which cohort), cohort status
changes (graduation once in review) and approved development plans (training needs, proposed
internships). From the registry: its company
events, for a read model of companies (a long internship's host must be international).

Both are keyed so that applying one twice changes nothing (the inbox already drops a
redelivered event id; a re-published plan or selection with a new id is caught by the
item's id and the company-cohort pair). Neither depends on the other having arrived: a plan
approved before its selection still becomes needs, and enrolment waits for the selection.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import utcnow
from shared.events.assessment import (
    CohortStatusChanged,
    CompanySelected,
    DevelopmentPlanApproved,
    DevelopmentPlanApprovedV2,
)
from shared.events.base import CloudEvent
from shared.events.registry import (
    CompanyPublished,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
)
from shared.messaging.consumer import HandlerMap
from training.cohorts import service as cohorts
from training.companies import service as companies
from training.internships import service as internships
from training.needs import service as needs

log = logging.getLogger(__name__)


async def record_selection(
    session: AsyncSession, event: CompanySelected, envelope: CloudEvent
) -> None:
    """Remember that the company is in the cohort: it may enrol its trainees now."""
    await cohorts.record_selection(session=session, selected=event, now=utcnow())


async def record_cohort_status(
    session: AsyncSession, event: CohortStatusChanged, envelope: CloudEvent
) -> None:
    """Remember where the cohort is in its flow: in review, its graduates are listed."""
    await cohorts.record_status(session=session, changed=event, now=utcnow())


async def open_needs(
    session: AsyncSession,
    event: DevelopmentPlanApproved | DevelopmentPlanApprovedV2,
    envelope: CloudEvent,
) -> None:
    """Every training and internship item of the plan becomes an open need of the company,
    and every internship item a proposed internship too. Both versions of the event: the
    assessment publishes v2 (staff by id); v1 (staff by name) may still be in the stream."""
    now = utcnow()
    added = await needs.apply_plan(session=session, plan=event, now=now)
    proposed = await internships.propose_from_needs(session=session, needs=added, now=now)
    log.info(
        "development plan applied",
        extra={
            "assessment_id": str(event.assessment_id),
            "needs_added": len(added),
            "internships_proposed": proposed,
        },
    )


CompanyEvent = CompanyRegistered | CompanyUpdated | CompanyPublished | CompanyStatusChanged


async def keep_company_facts(
    session: AsyncSession, event: CompanyEvent, envelope: CloudEvent
) -> None:
    """Keep what the registry says of a company (kind, status, location), newest version."""
    await companies.apply(session=session, facts=event.company, now=utcnow())


EVENT_HANDLERS: HandlerMap = {
    CompanySelected: [record_selection],
    CohortStatusChanged: [record_cohort_status],
    DevelopmentPlanApproved: [open_needs],
    DevelopmentPlanApprovedV2: [open_needs],
    CompanyRegistered: [keep_company_facts],
    CompanyUpdated: [keep_company_facts],
    CompanyPublished: [keep_company_facts],
    CompanyStatusChanged: [keep_company_facts],
}
