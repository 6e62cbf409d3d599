"""The one object-level rule the company-owned records share (trainees, needs, enrolments):
programme staff see every company's, a local company's users only their own company's,
everyone else none. Each aggregate's ``access.py`` applies it to its own records."""

from __future__ import annotations

import uuid

from shared import i18n
from shared.auth import STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message
from training.messages import MESSAGES


def company_scope(principal: Principal) -> uuid.UUID | None:
    """None: the caller sees every company's records; else the one company it may see."""
    if principal.role in STAFF_ROLES:
        return None
    if principal.role == Role.LOCAL_COMPANY and principal.company_id is not None:
        return principal.company_id
    raise Forbidden(message(MESSAGES["staff_and_own_company"]))


def ensure_owns(principal: Principal, company_id: uuid.UUID, *, what: str) -> None:
    """404, not 403, for another company's record: ids cannot be probed for existence."""
    scope = company_scope(principal)
    if scope is not None and scope != company_id:
        raise NotFound(i18n.no_such(what))


OTHER_COMPANY = {
    404: {
        "description": "`company_id` names another company than the caller's own (a local "
        "company sees only its own records)."
    }
}
"""``responses=`` of a listing that takes ``company_id``: its 404 has no path parameter."""


def listing_scope(principal: Principal, company_id: uuid.UUID | None) -> uuid.UUID | None:
    """The company filter a listing runs with: a company user's own, whatever it asked for;
    another company's id is answered as if that company had nothing (404)."""
    scope = company_scope(principal)
    if scope is None:
        return company_id
    if company_id is not None and company_id != scope:
        raise NotFound(i18n.no_such("company"))
    return scope
