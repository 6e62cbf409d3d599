"""Who may read the reports.

Budget execution: the ministry and the programme manager. A company statement: programme
staff, and the local company it is about; a partner statement: programme staff, and the
international company it is about (anyone else gets 404, so ids cannot be probed).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from shared.auth import (
    MANAGER_ROLES,
    MINISTRY_ROLES,
    CurrentPrincipal,
    Principal,
    authorize_company,
    require_roles,
)

ExecutionReader = Annotated[Principal, require_roles(MANAGER_ROLES, MINISTRY_ROLES)]
StatementReader = CurrentPrincipal


def authorize_statement(principal: Principal, company_id: uuid.UUID) -> None:
    authorize_company(principal, company_id, resource="company statement")


def authorize_partner_statement(principal: Principal, company_id: uuid.UUID) -> None:
    authorize_company(principal, company_id, resource="partner statement")
