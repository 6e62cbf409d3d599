"""Who may see and change trainees (personal data): programme staff every company's (the
ministry reads, editors change), a local company's users only their own company's; a
company's trainee is 404 to every other company."""

from __future__ import annotations

import uuid

from shared.auth import EDITOR_ROLES, Principal
from shared.errors import Forbidden, InvalidInput
from shared.i18n import message
from training.messages import MESSAGES
from training.scope import company_scope, ensure_owns
from training.trainees.models import Trainee


def company_of_new_trainee(principal: Principal, company_id: uuid.UUID | None) -> uuid.UUID:
    """Whose trainee is being added: a company user's own company; staff name it."""
    scope = company_scope(principal)
    if scope is not None:
        if company_id is not None and company_id != scope:
            raise Forbidden(message(MESSAGES["own_trainees_only"]))
        return scope
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["trainees_added_by"]))
    if company_id is None:
        raise InvalidInput("company_id", message(MESSAGES["staff_name_the_company"]))
    return company_id


def ensure_visible(principal: Principal, trainee: Trainee) -> None:
    ensure_owns(principal, trainee.company_id, what="trainee")


def ensure_can_edit(principal: Principal, trainee: Trainee) -> None:
    ensure_visible(principal, trainee)
    if company_scope(principal) is None and principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["trainees_changed_by"]))
