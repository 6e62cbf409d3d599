"""Who may see which commitment.

Programme staff see all. A local company sees the commitments made for it (its own
enrolments, internships and visits), with every party's line: that is its statement. An
international company sees the commitments it pays into, and only its own lines there.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from finance.commitments.models import Commitment, CommitmentLine
from finance.rules.split import Party
from shared.auth import STAFF_ROLES, CurrentPrincipal, Principal, Role

CommitmentReader = CurrentPrincipal

PAYING_COMPANY_PARTIES = (Party.INTERNATIONAL_COMPANY, Party.HOST_COMPANY)


def visible(statement: sa.Select[Any], principal: Principal) -> sa.Select[Any]:
    """``statement`` narrowed to the commitments ``principal`` may see."""
    if principal.role in STAFF_ROLES:
        return statement
    if principal.role is Role.LOCAL_COMPANY:
        return statement.where(Commitment.company_id == principal.company_id)
    if principal.role is Role.INTERNATIONAL_COMPANY:
        pays = (
            sa.select(CommitmentLine.id)
            .where(
                CommitmentLine.commitment_id == Commitment.id,
                CommitmentLine.company_id == principal.company_id,
                CommitmentLine.party.in_(PAYING_COMPANY_PARTIES),  # type: ignore[attr-defined]
            )
            .exists()
        )
        return statement.where(pays)
    return statement.where(sa.false())


def visible_line(principal: Principal, line: CommitmentLine) -> bool:
    """Whether the caller sees this line of a commitment it may see."""
    if principal.role is Role.INTERNATIONAL_COMPANY:
        return line.company_id == principal.company_id and line.party in PAYING_COMPANY_PARTIES
    return True
