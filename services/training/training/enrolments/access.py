"""Who may see and change enrolments.

- a local company's users enrol their own trainees, see and withdraw their own enrolments;
  another company's are 404 to them;
- the programme manager enrols for any company and withdraws; programme editors (PM,
  analysts, assessors) record completions (a company does not mark its own results);
- the ministry and all programme staff read everything.
"""

from __future__ import annotations

from shared.auth import EDITOR_ROLES, MANAGER_ROLES, Principal
from shared.errors import Forbidden
from shared.i18n import message
from training.enrolments.models import Enrolment
from training.messages import MESSAGES
from training.scope import company_scope, ensure_owns, listing_scope

__all__ = [
    "ensure_can_complete",
    "ensure_can_enrol",
    "ensure_can_withdraw",
    "ensure_visible",
    "listing_scope",
]


def ensure_can_enrol(principal: Principal) -> None:
    if company_scope(principal) is None and principal.role not in MANAGER_ROLES:
        raise Forbidden(message(MESSAGES["enrolments_made_by"]))


def ensure_visible(principal: Principal, enrolment: Enrolment) -> None:
    ensure_owns(principal, enrolment.company_id, what="enrolment")


def ensure_can_withdraw(principal: Principal, enrolment: Enrolment) -> None:
    ensure_visible(principal, enrolment)
    if company_scope(principal) is None and principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["enrolments_withdrawn_by"]))


def ensure_can_complete(principal: Principal, enrolment: Enrolment) -> None:
    ensure_visible(principal, enrolment)
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["results_recorded_by"]))
