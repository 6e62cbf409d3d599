"""Who may see and change programme events: programme staff see all and the programme
manager organises them; an international company sees the events it sponsors, a local
company those it is invited to; another's is 404."""

from __future__ import annotations

from shared import i18n
from shared.auth import MANAGER_ROLES, STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message
from training.messages import MESSAGES
from training.programme_events.models import ProgrammeEvent


def ensure_can_organise(principal: Principal) -> None:
    if principal.role not in MANAGER_ROLES:
        raise Forbidden(message(MESSAGES["events_organised_by"]))


def sees_all(principal: Principal) -> bool:
    if principal.role in STAFF_ROLES:
        return True
    if principal.role in (Role.INTERNATIONAL_COMPANY, Role.LOCAL_COMPANY):
        return False
    raise Forbidden(message(MESSAGES["events_visible_to"]))


def ensure_visible(principal: Principal, row: ProgrammeEvent) -> None:
    if sees_all(principal):
        return
    company = str(principal.company_id)
    mine = (
        row.sponsor_company_ids
        if principal.role == Role.INTERNATIONAL_COMPANY
        else row.invited_company_ids
    )
    if company not in mine:
        raise NotFound(i18n.no_such("programme event"))
