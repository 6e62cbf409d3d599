"""Who may see and record partner needs.

A need is its international company's business: programme staff and that company's users
see it; anyone else gets 404, never 403, so need ids cannot be probed. Programme staff who
keep records (``EDITOR_ROLES``) and the company itself record and change needs.
"""

from __future__ import annotations

import uuid

from registry.messages import MESSAGES
from registry.needs.models import PartnerNeed
from shared import i18n
from shared.auth import EDITOR_ROLES, STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message


def sees_every_need(principal: Principal) -> bool:
    return principal.role in STAFF_ROLES


def sees(principal: Principal, need: PartnerNeed) -> bool:
    return sees_every_need(principal) or principal.acts_for(need.international_company_id)


def ensure_visible(principal: Principal, need: PartnerNeed) -> None:
    if not sees(principal, need):
        raise NotFound(i18n.no_such("partner need"))


def ensure_may_write(principal: Principal, international_company_id: uuid.UUID) -> None:
    if principal.role in EDITOR_ROLES or (
        principal.role == Role.INTERNATIONAL_COMPANY
        and principal.acts_for(international_company_id)
    ):
        return
    raise Forbidden(message(MESSAGES["needs_own"]))
