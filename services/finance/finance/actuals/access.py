"""Who records and who sees actuals.

The programme manager and analysts record them. A caller sees the actuals of the
commitment lines it sees (``commitments.access``): staff all, a local company those of its
commitments, an international company those of its own lines.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa

from finance.actuals.models import Actual
from finance.commitments.access import PAYING_COMPANY_PARTIES, visible
from finance.commitments.models import Commitment, CommitmentLine
from shared.auth import Principal, Role, require_roles

ActualsRecorder = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER, Role.ANALYST)]


def visible_actuals(principal: Principal) -> sa.Select[tuple[Actual]]:
    statement = (
        sa.select(Actual)
        .join(Commitment, Commitment.id == Actual.commitment_id)
        .join(CommitmentLine, CommitmentLine.id == Actual.line_id)
    )
    statement = visible(statement, principal)
    if principal.role is Role.INTERNATIONAL_COMPANY:
        statement = statement.where(
            CommitmentLine.company_id == principal.company_id,
            CommitmentLine.party.in_(PAYING_COMPANY_PARTIES),  # type: ignore[attr-defined]
        )
    return statement
