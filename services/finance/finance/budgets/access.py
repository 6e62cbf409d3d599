"""Who may see and change budgets.

Programme staff read budgets; the programme manager drafts, submits and revises them;
the ministry approves them or sends them back. Companies do not see budgets.
"""

from __future__ import annotations

from typing import Annotated

from finance.messages import MESSAGES
from finance.statuses import STATUSES
from shared.auth import (
    MANAGER_ROLES,
    MINISTRY_ROLES,
    STAFF_ROLES,
    Principal,
    require_roles,
)
from shared.errors import Forbidden
from shared.i18n import ENGLISH, Text, message

BudgetReader = Annotated[Principal, require_roles(STAFF_ROLES)]
BudgetEditor = Annotated[Principal, require_roles(MANAGER_ROLES)]
BudgetDecider = Annotated[Principal, require_roles(MANAGER_ROLES, MINISTRY_ROLES)]

MAY_MOVE_TO = {
    "submitted": MANAGER_ROLES,
    "approved": MINISTRY_ROLES,
    "draft": MANAGER_ROLES | MINISTRY_ROLES,
}


def authorize_status_change(principal: Principal, to: str) -> None:
    """The programme manager submits (and may take back); the ministry approves or returns."""
    if principal.role not in MAY_MOVE_TO[to]:
        roles = ", ".join(sorted(MAY_MOVE_TO[to]))
        label = STATUSES.text("budget", to)  # the English names the code, as before
        status = Text({**label.translations, ENGLISH: to})
        raise Forbidden(message(MESSAGES["budget_move_roles"], status=status, roles=roles))
