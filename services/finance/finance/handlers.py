"""Which events from other services the finance service applies, and how.

Each event is read into the terms of one call of ``commitments.service``: for a creation,
the module and rule it is paid by, what it costs and who the paying companies are
(``Terms``, given to ``commit``); for a withdrawal or cancellation, which commitment ends
and when (``Ending``, given to ``release``). The readers are plain functions of the event;
``committing`` and ``releasing`` make them handlers. The consumer's transaction commits the
commitment with the event's inbox row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

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


class Terms(TypedDict):
    """What an event commits: ``commitments.commit``'s arguments but the session and times."""

    kind: SourceKind
    source_id: uuid.UUID
    module: Module
    rule_code: str
    on: date
    cost: commitments.Cost
    payer: commitments.Payer
    cohort_id: uuid.UUID | None
    source_time: datetime
    discount_percent: NotRequired[Decimal | None]
    replaces: NotRequired[bool]


class Ending(TypedDict):
    """Which commitment an event releases: ``commitments.release``'s arguments but ``now``."""

    kind: SourceKind
    source_id: uuid.UUID
    cohort_id: uuid.UUID | None
    company_id: uuid.UUID | None
    released_at: datetime


def enrolment_terms(event: EnrolmentCreated, _: CloudEvent) -> Terms:
    """The course's list price, the vendor's discount in kind, the rest by the module's rule."""
    return Terms(
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
    )


def internship_terms(event: InternshipApproved, _: CloudEvent) -> Terms:
    """Its estimated cost (per currency) by the short or long internship rule; the host is
    the international company paying its part."""
    return Terms(
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
    )


def programme_event_terms(event: ProgrammeEventScheduled, _: CloudEvent) -> Terms:
    """Its estimated cost by the annual-event rule, the sponsors sharing the international
    companies' part; a reschedule replaces the figures (the latest ``scheduled_at`` holds)."""
    return Terms(
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
    )


def assessment_terms(event: AssessmentScheduled, envelope: CloudEvent) -> Terms:
    """The visit's expected cost by the assessment rule; a reschedule replaces it. The
    payload has no time of its own, so the envelope's (when assessment staged it) orders
    reschedules."""
    return Terms(
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
    )


def enrolment_ending(event: EnrolmentWithdrawn, _: CloudEvent) -> Ending:
    return Ending(
        kind=SourceKind.ENROLMENT,
        source_id=event.enrolment_id,
        cohort_id=event.cohort_id,
        company_id=event.company_id,
        released_at=event.withdrawn_at,
    )


def internship_ending(event: InternshipCancelled, _: CloudEvent) -> Ending:
    return Ending(
        kind=SourceKind.INTERNSHIP,
        source_id=event.internship_id,
        cohort_id=event.cohort_id,
        company_id=event.company_id,
        released_at=event.cancelled_at,
    )


def programme_event_ending(event: ProgrammeEventCancelled, _: CloudEvent) -> Ending:
    return Ending(
        kind=SourceKind.PROGRAMME_EVENT,
        source_id=event.programme_event_id,
        cohort_id=event.cohort_id,
        company_id=None,
        released_at=event.cancelled_at,
    )


def committing(terms: Callable[[Any, CloudEvent], Terms], thresholds: Sequence[int]) -> Handler:
    """A handler committing what ``terms`` reads from the event, checked against the budget's
    ``thresholds``."""

    async def handle(session: AsyncSession, event: Any, envelope: CloudEvent) -> None:
        await commitments.commit(
            session=session, **terms(event, envelope), thresholds=thresholds, now=utcnow()
        )

    return handle


def releasing(ending: Callable[[Any, CloudEvent], Ending]) -> Handler:
    """A handler releasing the commitment ``ending`` reads from the event."""

    async def handle(session: AsyncSession, event: Any, envelope: CloudEvent) -> None:
        await commitments.release(session=session, **ending(event, envelope), now=utcnow())

    return handle


def handlers_for(thresholds: Sequence[int]) -> HandlerMap:
    """The handlers, committing with the configured budget thresholds (``Settings``)."""
    chosen = tuple(thresholds)
    return {
        EnrolmentCreated: [committing(enrolment_terms, chosen)],
        EnrolmentWithdrawn: [releasing(enrolment_ending)],
        InternshipApproved: [committing(internship_terms, chosen)],
        InternshipCancelled: [releasing(internship_ending)],
        ProgrammeEventScheduled: [committing(programme_event_terms, chosen)],
        ProgrammeEventCancelled: [releasing(programme_event_ending)],
        AssessmentScheduled: [committing(assessment_terms, chosen)],
    }


EVENT_HANDLERS: HandlerMap = handlers_for(DEFAULT_THRESHOLDS)
"""With the default thresholds; the app uses ``handlers_for(settings.budget_thresholds)``."""
