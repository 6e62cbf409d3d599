"""A nomination's eligibility record, and its re-checks when facts or thresholds change.

Kept apart from ``service.py`` because the cohort service re-checks a cohort's nominations
when its thresholds change, and the nomination service itself uses the cohort service.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from assessment.cohort.flow import SELECTION_UNDECIDED, thresholds_of
from assessment.cohort.models import Cohort
from assessment.company_facts import service as company_facts
from assessment.company_facts.eligibility import (
    CompanyFactsLike,
    check_automatic,
    is_eligible,
    qualitative_checks,
)
from assessment.company_facts.models import CompanyFact
from assessment.nomination.models import Nomination, NominationStatus
from shared import audit
from shared.auth import Principal
from shared.persistence import bump

UNDECIDED = frozenset({NominationStatus.SUBMITTED, NominationStatus.WAITLISTED})
RESOURCE = "nomination"
"""The audit trail's name for a nomination; its votes are recorded on it too."""


def eligibility_document(
    *,
    facts: CompanyFactsLike,
    facts_version: int,
    cohort: Cohort,
    qualitative: dict[str, Any],
    now: datetime,
) -> tuple[bool, dict[str, Any]]:
    """Whether the nominee is eligible, and the record of why (stored on the nomination)."""
    automatic = check_automatic(facts, thresholds_of(cohort), as_of=cohort.starts_on)
    eligible = is_eligible(automatic, qualitative_checks(qualitative))
    return eligible, {
        "criteria": [c.model_dump(mode="json") for c in automatic],
        "facts_version": facts_version,
        "as_of": cohort.starts_on.isoformat(),
        "checked_at": now.isoformat(),
    }


def standing(nomination: Nomination) -> dict[str, Any]:
    """What the audit trail keeps of a nomination's eligibility."""
    return {
        "eligible": nomination.eligible,
        "flagged": nomination.flagged,
        "failed_criteria": sorted(
            c["criterion"] for c in nomination.eligibility.get("criteria", []) if not c["passed"]
        ),
        "facts_version": nomination.eligibility.get("facts_version"),
    }


def recheck(*, nomination: Nomination, cohort: Cohort, facts: CompanyFact, now: datetime) -> bool:
    """Recompute a locked, undecided nomination's eligibility; True if anything changed.

    A nomination that was eligible and is no longer is flagged, never dropped: it stays in
    the list for the board and the programme team to see, with the criterion that failed.
    """
    eligible, document = eligibility_document(
        facts=facts,
        facts_version=facts.version,
        cohort=cohort,
        qualitative=nomination.qualitative,
        now=now,
    )
    if eligible == nomination.eligible and document["criteria"] == nomination.eligibility.get(
        "criteria"
    ):
        return False
    nomination.flagged = not eligible and (nomination.eligible or nomination.flagged)
    nomination.eligible = eligible
    nomination.eligibility = document
    bump(nomination, now)
    return True


async def _recheck_recorded(
    session: AsyncSession,
    *,
    nomination: Nomination,
    cohort: Cohort,
    facts: CompanyFact,
    principal: Principal | None,
    now: datetime,
) -> bool:
    before = standing(nomination)
    if not recheck(nomination=nomination, cohort=cohort, facts=facts, now=now):
        return False
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=nomination,
        action="eligibility_rechecked",
        before=before,
        after=standing(nomination),
        now=now,
    )
    return True


async def recheck_company(*, session: AsyncSession, company_id: uuid.UUID, now: datetime) -> int:
    """Re-check the company's nominations whose selection is not decided; how many changed.

    The registry's event made the change, so the audit trail names the system as actor.
    """
    facts = await company_facts.get(session=session, company_id=company_id)
    if facts is None:
        return 0
    rows = await session.execute(
        sa.select(Nomination, Cohort)
        .join(Cohort, col(Cohort.id) == Nomination.cohort_id)
        .where(
            Nomination.company_id == company_id,
            col(Nomination.status).in_(UNDECIDED),
            col(Cohort.status).in_(SELECTION_UNDECIDED),
        )
        .with_for_update(of=Nomination)
        .execution_options(populate_existing=True)
    )
    changed = 0
    for nomination, cohort in rows:
        changed += await _recheck_recorded(
            session, nomination=nomination, cohort=cohort, facts=facts, principal=None, now=now
        )
    return changed


async def recheck_cohort(
    *, session: AsyncSession, cohort: Cohort, principal: Principal, now: datetime
) -> int:
    """Re-check a locked cohort's undecided nominations after its thresholds changed."""
    rows = await session.execute(
        sa.select(Nomination, CompanyFact)
        .join(CompanyFact, col(CompanyFact.company_id) == Nomination.company_id)
        .where(Nomination.cohort_id == cohort.id, col(Nomination.status).in_(UNDECIDED))
        .with_for_update(of=Nomination)
        .execution_options(populate_existing=True)
    )
    changed = 0
    for nomination, facts in rows:
        changed += await _recheck_recorded(
            session, nomination=nomination, cohort=cohort, facts=facts, principal=principal, now=now
        )
    return changed
