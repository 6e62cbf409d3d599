"""Who may see and change course sessions: every signed-in caller reads them (they are the
catalogue's timetable); programme editors (PM, analysts, assessors) plan and change them."""

from __future__ import annotations

from shared.auth import EDITOR_ROLES, Principal
from shared.errors import Forbidden


def ensure_can_plan(principal: Principal) -> None:
    if principal.role not in EDITOR_ROLES:
        raise Forbidden("Programme staff (PM, analysts, assessors) plan course sessions.")
