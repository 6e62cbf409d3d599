"""Who may see and change internships.

- programme staff see all; the programme manager proposes, approves, starts, completes and
  cancels them;
- a local company sees its own and fills in their details while proposed;
- an international company sees the internships it hosts (read only);
- anyone else sees none: another company's internship is 404.
"""

from __future__ import annotations

import uuid

from shared import i18n
from shared.auth import MANAGER_ROLES, STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message
from training.internships.models import Internship
from training.messages import MESSAGES


def listing_filter(principal: Principal) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(company, host) the caller's listing is cut to; (None, None) for staff."""
    if principal.role in STAFF_ROLES:
        return None, None
    if principal.role == Role.LOCAL_COMPANY and principal.company_id:
        return principal.company_id, None
    if principal.role == Role.INTERNATIONAL_COMPANY and principal.company_id:
        return None, principal.company_id
    raise Forbidden(message(MESSAGES["internships_visible_to"]))


def listing_scope(
    principal: Principal, company_id: uuid.UUID | None
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(company, host) a listing asking for ``company_id`` runs with: a local company its
    own (another company's id is answered 404, as if it had nothing), a host the ones it
    hosts, staff what they asked for."""
    own, hosted = listing_filter(principal)
    if own is not None and company_id not in (None, own):
        raise NotFound(i18n.no_such("company"))
    return own or company_id, hosted


def ensure_visible(principal: Principal, internship: Internship) -> None:
    company, host = listing_filter(principal)
    if company is not None and internship.company_id != company:
        raise NotFound(i18n.no_such("internship"))
    if host is not None and internship.host_company_id != host:
        raise NotFound(i18n.no_such("internship"))


def ensure_can_propose(principal: Principal) -> None:
    if principal.role not in MANAGER_ROLES:
        raise Forbidden(message(MESSAGES["internships_proposed_by"]))


def ensure_can_edit(principal: Principal, internship: Internship) -> None:
    ensure_visible(principal, internship)
    if principal.role in MANAGER_ROLES or (
        principal.role == Role.LOCAL_COMPANY and principal.acts_for(internship.company_id)
    ):
        return
    raise Forbidden(message(MESSAGES["internships_edited_by"]))


def ensure_can_decide(principal: Principal, internship: Internship) -> None:
    ensure_visible(principal, internship)
    if principal.role not in MANAGER_ROLES:
        raise Forbidden(message(MESSAGES["internships_decided_by"]))
