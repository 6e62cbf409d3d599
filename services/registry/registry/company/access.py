"""Who may see and change what, for company profiles (each service enforces its own rules).

Built on the role sets of ``shared.auth``:

- programme staff (``STAFF_ROLES``) see everything; the editors among them (``EDITOR_ROLES``:
  all but the ministry) maintain profiles, publish them, change their status, verify them;
- a company user sees and edits its own profile, drafts and contacts included, but cannot
  publish it, change its status or mark its certifications verified;
- an international company (a partner) sees published profiles with the contacts the
  company marked public;
- everyone else sees published profiles without contacts or confidential figures, and an
  anonymous caller only published *local* profiles.
"""

from __future__ import annotations

from typing import Any, Literal

from registry.company.models import Company
from registry.messages import MESSAGES
from shared import i18n
from shared.auth import EDITOR_ROLES, STAFF_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.i18n import message

EDITORS = EDITOR_ROLES
"""Kept for the modules that import it by this name; the set is ``shared.auth``'s."""

ProfileView = Literal["full", "partner", "public"]
"""What a viewer sees of a visible profile: ``full`` (staff, the company itself),
``partner`` (public contacts too), ``public``."""


def sees_everything(principal: Principal | None) -> bool:
    return principal is not None and principal.role in STAFF_ROLES


def sees_full_profile(principal: Principal | None, company: Any) -> bool:
    """``company``: a mapped Company or a search row (anything with ``id``)."""
    return sees_everything(principal) or (principal is not None and principal.acts_for(company.id))


def profile_view(principal: Principal | None, company: Any) -> ProfileView:
    if sees_full_profile(principal, company):
        return "full"
    if principal is not None and principal.role is Role.INTERNATIONAL_COMPANY:
        return "partner"
    return "public"


def visible(principal: Principal | None, company: Company) -> bool:
    if sees_full_profile(principal, company):
        return True
    if company.publication != "published":
        return False
    return principal is not None or company.kind == "local"


def ensure_visible(principal: Principal | None, company: Company) -> None:
    if not visible(principal, company):
        raise NotFound(i18n.no_such("company"))


def ensure_full_view(principal: Principal | None, company: Company) -> None:
    """History and other staff-or-owner views; others learn nothing, not even existence."""
    if not sees_full_profile(principal, company):
        raise NotFound(i18n.no_such("company"))


def ensure_can_edit(principal: Principal, company: Company) -> None:
    ensure_visible(principal, company)
    if principal.role in EDITOR_ROLES or principal.acts_for(company.id):
        return
    raise Forbidden(message(MESSAGES["profile_editors"]))


def ensure_editor(principal: Principal, company: Company | None = None) -> None:
    """Publishing, status and verification are programme staff's calls, never the company's."""
    if company is not None:
        ensure_visible(principal, company)
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["staff_only"]))
