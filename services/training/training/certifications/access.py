"""Who may see and change certifications.

- a local company records its own trainees' certifications and uploads their evidence, and
  sees only its own; another company's are 404 to it;
- programme editors (PM, analysts, assessors) record too, and alone verify, reject and
  revoke: a company never verifies its own certificate;
- the ministry and all programme staff read everything.
"""

from __future__ import annotations

from shared.auth import EDITOR_ROLES, Principal
from shared.errors import Forbidden
from shared.i18n import message
from training.certifications.models import Certification
from training.messages import MESSAGES
from training.scope import company_scope, ensure_owns, listing_scope

__all__ = [
    "ensure_can_record",
    "ensure_can_review",
    "ensure_can_upload",
    "ensure_visible",
    "listing_scope",
]


def ensure_can_record(principal: Principal) -> None:
    if company_scope(principal) is None and principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["certifications_recorded_by"]))


def ensure_visible(principal: Principal, certification: Certification) -> None:
    ensure_owns(principal, certification.company_id, what="certification")


def ensure_can_upload(principal: Principal, certification: Certification) -> None:
    ensure_visible(principal, certification)
    ensure_can_record(principal)


def ensure_can_review(principal: Principal, certification: Certification) -> None:
    ensure_visible(principal, certification)
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["evidence_verified_by"]))
