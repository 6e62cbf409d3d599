"""Who may see and change what, for company profiles (each service enforces its own rules).

- programme staff (ministry, programme manager, analysts, assessors) see everything; all but
  the ministry maintain profiles;
- a company user sees and edits its own profile, drafts and contacts included, but cannot
  publish it, change its status or mark its certifications verified;
- everyone else sees published profiles without contacts or confidential figures, and an
  anonymous caller only published *local* profiles.
"""

from __future__ import annotations

from registry.company.models import Company
from shared.auth import STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound

EDITORS = frozenset({Role.PROGRAMME_MANAGER, Role.ANALYST, Role.ASSESSOR})


def sees_everything(principal: Principal | None) -> bool:
    return principal is not None and principal.role in STAFF_ROLES


def sees_full_profile(principal: Principal | None, company: Company) -> bool:
    return sees_everything(principal) or (principal is not None and principal.acts_for(company.id))


def visible(principal: Principal | None, company: Company) -> bool:
    if sees_full_profile(principal, company):
        return True
    if company.publication != "published":
        return False
    return principal is not None or company.kind == "local"


def ensure_visible(principal: Principal | None, company: Company) -> None:
    if not visible(principal, company):
        raise NotFound("No such company.")


def ensure_full_view(principal: Principal | None, company: Company) -> None:
    """History and other staff-or-owner views; others learn nothing, not even existence."""
    if not sees_full_profile(principal, company):
        raise NotFound("No such company.")


def ensure_can_edit(principal: Principal, company: Company) -> None:
    ensure_visible(principal, company)
    if principal.role in EDITORS or principal.acts_for(company.id):
        return
    raise Forbidden("Only programme staff and the company's own users edit this profile.")


def ensure_editor(principal: Principal, company: Company | None = None) -> None:
    """Publishing, status and verification are programme staff's calls, never the company's."""
    if company is not None:
        ensure_visible(principal, company)
    if principal.role not in EDITORS:
        raise Forbidden("Only programme staff (programme manager, analysts, assessors) may.")
