"""Who may see and record linkages, and which records a caller may link.

- programme staff see every linkage and the outcome figures; a company sees the linkages it
  is party to, anyone else gets 404 (never 403, so linkage ids cannot be probed);
- staff who keep records (``EDITOR_ROLES``) record and move any linkage; an international
  company records and moves its own;
- a caller links only companies and needs it can read: one it cannot read is answered
  exactly as one that does not exist, so no write reveals what a read hides.
"""

from __future__ import annotations

import uuid

from registry.company import access as companies
from registry.company.models import Company
from registry.linkage.models import Linkage
from registry.messages import MESSAGES
from registry.needs import access as needs
from registry.needs.models import PartnerNeed
from shared import i18n
from shared.auth import EDITOR_ROLES, STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message


def sees_every_linkage(principal: Principal) -> bool:
    return principal.role in STAFF_ROLES


def party(principal: Principal, linkage: Linkage) -> bool:
    return principal.acts_for(linkage.local_company_id) or principal.acts_for(
        linkage.international_company_id
    )


def ensure_visible(principal: Principal, linkage: Linkage) -> None:
    if not (sees_every_linkage(principal) or party(principal, linkage)):
        raise NotFound(i18n.no_such("linkage"))


def ensure_recorder(principal: Principal, international_company_id: uuid.UUID) -> None:
    """Staff record any linkage; an international company records its own."""
    if principal.role in EDITOR_ROLES:
        return
    if principal.role == Role.INTERNATIONAL_COMPANY and principal.acts_for(
        international_company_id
    ):
        return
    raise Forbidden(message(MESSAGES["linkage_recorders"]))


def ensure_sees_outcomes(principal: Principal) -> None:
    if not sees_every_linkage(principal):
        raise Forbidden(message(MESSAGES["outcomes_for_staff"]))


def sees_company(principal: Principal, company: Company) -> bool:
    return companies.visible(principal, company)


def sees_need(principal: Principal, need: PartnerNeed) -> bool:
    return needs.sees(principal, need)
