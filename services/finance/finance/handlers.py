"""Which events from other services the finance service applies, and how.

Each turns an event into one call of ``commitments.service``: the module and rule it is
paid by, what it costs and who the paying companies are. The consumer's transaction
commits the commitment with the event's inbox row.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from finance.commitments import service as commitments
from finance.commitments.models import SourceKind
from finance.config import DEFAULT_THRESHOLDS
from finance.modules import Module
from shared.db import utcnow
from shared.events.assessment import AssessmentScheduled
from shared.events.base import CloudEvent
from shared.events.training import (
    EnrolmentCreated,
    EnrolmentWithdrawn,
    InternshipApproved,
    InternshipCancelled,
    ProgrammeEventCancelled,
    ProgrammeEventScheduled,
)
from shared.messaging.consumer import Handler, HandlerMap

INTERNSHIP_RULES = {"short": "short_internship", "long": "long_internship"}
"""The rule each kind of internship is paid by; the codes of the seeded default rules."""
TRAINING_RULES = {
    "technical_training": "technical_training",
    "business_training": "business_training",
}
ANNUAL_EVENT_RULE = "annual_event"
ASSESSMENT_RULE = "assessment"


async def enrolment_created(
    session: AsyncSession,
    event: EnrolmentCreated,
    _: Any,
    *,
    thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
) -> None:
    """The course's list price, the vendor's discount in kind, the rest by the module's rule."""
    await commitments.commit(
        session=session,
        kind=SourceKind.ENROLMENT,
        source_id=event.enrolment_id,
        module=Module(event.module),
        rule_code=TRAINING_RULES[event.module],
        on=event.enrolled_at.date(),
        cost=commitments.Cost([("list_price", event.list_price)]),
        payer=commitments.Payer(local_company=event.company_id),
        cohort_id=event.cohort_id,
        source_time=event.enrolled_at,
        discount_percent=event.vendor_discount_percent,
        thresholds=thresholds,
        now=utcnow(),
    )


async def enrolment_withdrawn(session: AsyncSession, event: EnrolmentWithdrawn, _: Any) -> None:
    await commitments.release(
        session=session,
        kind=SourceKind.ENROLMENT,
        source_id=event.enrolment_id,
        cohort_id=event.cohort_id,
        company_id=event.company_id,
        released_at=event.withdrawn_at,
        now=utcnow(),
    )


async def internship_approved(
    session: AsyncSession,
    event: InternshipApproved,
    _: Any,
    *,
    thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
) -> None:
    """Its estimated cost (per currency) by the short or long internship rule; the host is
    the international company paying its part."""
    await commitments.commit(
        session=session,
        kind=SourceKind.INTERNSHIP,
        source_id=event.internship_id,
        module=Module.EXCHANGE_INTERNSHIPS,
        rule_code=INTERNSHIP_RULES[event.kind],
        on=event.approved_at.date(),
        cost=commitments.Cost([(c.item, c.amount) for c in event.estimated_cost]),
        payer=commitments.Payer(
            local_company=event.company_id,
            host_company=event.host_company_id,
            international_companies=[event.host_company_id] if event.host_company_id else [],
        ),
        cohort_id=event.cohort_id,
        source_time=event.approved_at,
        thresholds=thresholds,
        now=utcnow(),
    )


async def internship_cancelled(session: AsyncSession, event: InternshipCancelled, _: Any) -> None:
    await commitments.release(
        session=session,
        kind=SourceKind.INTERNSHIP,
        source_id=event.internship_id,
        cohort_id=event.cohort_id,
        company_id=event.company_id,
        released_at=event.cancelled_at,
        now=utcnow(),
    )


async def programme_event_scheduled(
    session: AsyncSession,
    event: ProgrammeEventScheduled,
    _: Any,
    *,
    thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
) -> None:
    """Its estimated cost by the annual-event rule, the sponsors sharing the international
    companies' part; a reschedule replaces the figures (the latest ``scheduled_at`` holds)."""
    await commitments.commit(
        session=session,
        kind=SourceKind.PROGRAMME_EVENT,
        source_id=event.programme_event_id,
        module=Module.PROMOTION_MARKETING,
        rule_code=ANNUAL_EVENT_RULE,
        on=event.held_on,
        cost=commitments.Cost([("estimated_cost", event.estimated_cost)]),
        payer=commitments.Payer(international_companies=event.sponsor_company_ids),
        cohort_id=event.cohort_id,
        source_time=event.scheduled_at,
        replaces=True,
        thresholds=thresholds,
        now=utcnow(),
    )


async def programme_event_cancelled(
    session: AsyncSession, event: ProgrammeEventCancelled, _: Any
) -> None:
    await commitments.release(
        session=session,
        kind=SourceKind.PROGRAMME_EVENT,
        source_id=event.programme_event_id,
        cohort_id=event.cohort_id,
        company_id=None,
        released_at=event.cancelled_at,
        now=utcnow(),
    )


async def assessment_scheduled(
    session: AsyncSession,
    event: AssessmentScheduled,
    envelope: CloudEvent,
    *,
    thresholds: Sequence[int] = DEFAULT_THRESHOLDS,
) -> None:
    """The visit's expected cost by the assessment rule; a reschedule replaces it. The
    payload has no time of its own, so the envelope's (when assessment staged it) orders
    reschedules."""
    await commitments.commit(
        session=session,
        kind=SourceKind.ASSESSMENT,
        source_id=event.assessment_id,
        module=Module.ASSESSMENT,
        rule_code=ASSESSMENT_RULE,
        on=event.starts_on,
        cost=commitments.Cost([("expected_cost", event.expected_cost)]),
        payer=commitments.Payer(local_company=event.company_id),
        cohort_id=event.cohort_id,
        source_time=envelope.time,
        replaces=True,
        thresholds=thresholds,
        now=utcnow(),
    )


def handlers_for(thresholds: Sequence[int]) -> HandlerMap:
    """The handlers, committing with the configured budget thresholds (``Settings``)."""
    chosen = tuple(thresholds)

    def with_thresholds(handler: Handler) -> Handler:
        return functools.partial(handler, thresholds=chosen)

    return {
        EnrolmentCreated: [with_thresholds(enrolment_created)],
        EnrolmentWithdrawn: [enrolment_withdrawn],
        InternshipApproved: [with_thresholds(internship_approved)],
        InternshipCancelled: [internship_cancelled],
        ProgrammeEventScheduled: [with_thresholds(programme_event_scheduled)],
        ProgrammeEventCancelled: [programme_event_cancelled],
        AssessmentScheduled: [with_thresholds(assessment_scheduled)],
    }


EVENT_HANDLERS: HandlerMap = handlers_for(DEFAULT_THRESHOLDS)
"""With the default thresholds; the app uses ``handlers_for(settings.budget_thresholds)``."""
