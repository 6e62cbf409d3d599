"""Who may see and change what, for nominations and the board's votes.

- nominators: international companies in round 1, the programme manager and the ministry
  in round 2;
- a nomination is read by programme staff, the cohort's board, the nominated company and
  the company that nominated it; others get 404, so ids cannot be probed;
- only staff and the cohort's board see what is confidential (eligibility figures, votes,
  comments, motivation) and a nomination's history; the companies involved get 403 there;
- the programme team records qualitative judgements; the programme manager decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

import sqlalchemy as sa
from sqlmodel import col

from assessment.messages import MESSAGES
from assessment.nomination.models import Nomination
from shared import i18n
from shared.auth import (
    MANAGER_ROLES,
    MINISTRY_ROLES,
    Principal,
    ProgrammeManager,
    Role,
    require_roles,
)
from shared.errors import Forbidden, NotFound
from shared.i18n import message

__all__ = ["Nominator", "ProgrammeManager", "ProgrammeTeam"]

Nominator = Annotated[
    Principal, require_roles(Role.INTERNATIONAL_COMPANY, MANAGER_ROLES, MINISTRY_ROLES)
]
ProgrammeTeam = Annotated[Principal, require_roles(MANAGER_ROLES, Role.ANALYST)]
"""Who records the qualitative eligibility judgements."""


def may_read(*, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]) -> bool:
    """Staff, the cohort's board, the nominated company and the company that nominated.

    ``seats``: the cohorts on whose board the caller sits.
    """
    return (
        principal.is_staff
        or nomination.cohort_id in seats
        or (principal.role == Role.LOCAL_COMPANY and principal.acts_for(nomination.company_id))
        or (
            principal.role == Role.INTERNATIONAL_COMPANY
            and principal.acts_for(nomination.nominated_by_company_id)
        )
    )


def sees_everything(
    *, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]
) -> bool:
    """Staff and the cohort's board; the companies involved see the status only.

    The eligibility record holds figures the registry shows only to programme staff and the
    company itself (the private-sector share), and votes and comments are the board's own.
    """
    return principal.is_staff or nomination.cohort_id in seats


def ensure_readable(
    *, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]
) -> None:
    if not may_read(nomination=nomination, principal=principal, seats=seats):
        raise NotFound(i18n.no_such("nomination"))


def ensure_sees_everything(
    *, nomination: Nomination, principal: Principal, seats: Sequence[uuid.UUID]
) -> None:
    """Votes and history: 404 for whoever may not read the nomination, 403 for the
    companies involved, who see its status only."""
    ensure_readable(nomination=nomination, principal=principal, seats=seats)
    if not sees_everything(nomination=nomination, principal=principal, seats=seats):
        raise Forbidden(message(MESSAGES["votes_visible_to"]))


def readable(*, principal: Principal, seats: Sequence[uuid.UUID]) -> sa.ColumnElement[bool]:
    """``may_read`` as a filter on a query of nominations."""
    if principal.is_staff:
        return sa.true()
    visible = [col(Nomination.cohort_id).in_(seats)]
    if principal.role == Role.LOCAL_COMPANY:
        visible.append(Nomination.company_id == principal.company_id)
    if principal.role == Role.INTERNATIONAL_COMPANY:
        visible.append(Nomination.nominated_by_company_id == principal.company_id)
    return sa.or_(*visible)
