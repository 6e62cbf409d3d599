"""Who may see and change what, for cohorts, their boards and their reviews.

- any authenticated caller reads cohorts (their names, dates, caps and status are public to
  the programme's partners);
- the board, and a cohort's history (which records board membership), are for programme
  staff and the board's own members: others get 403, the cohort itself being no secret;
- the programme manager changes cohorts, seats the board and records reviews; reviews are
  read by programme staff.
"""

from __future__ import annotations

from assessment.cohort.models import BoardMember
from assessment.messages import MESSAGES
from shared.auth import Principal, ProgrammeManager, Staff
from shared.errors import Forbidden
from shared.i18n import message

__all__ = ["ProgrammeManager", "Staff", "ensure_sees_board"]


def sees_board(principal: Principal, seat: BoardMember | None) -> bool:
    return principal.is_staff or seat is not None


def ensure_sees_board(principal: Principal, seat: BoardMember | None) -> None:
    """``seat``: the caller's own seat on the cohort's board, if any."""
    if not sees_board(principal, seat):
        raise Forbidden(message(MESSAGES["board_visible_to"]))
