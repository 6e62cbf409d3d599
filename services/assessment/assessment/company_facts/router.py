"""The company-facts read model, for programme staff checking what eligibility saw."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from assessment.company_facts import service
from assessment.company_facts.schemas import CompanyFactRead
from shared.auth import STAFF_ROLES, require_roles
from shared.deps import ReadSessionDep
from shared.errors import NotFound

router = APIRouter(prefix="/company-facts", tags=["company facts"])


@router.get(
    "/{company_id}",
    response_model=CompanyFactRead,
    dependencies=[require_roles(*STAFF_ROLES)],
)
async def read_company_facts(company_id: uuid.UUID, session: ReadSessionDep) -> CompanyFactRead:
    """The company facts eligibility is computed from (built from the registry's events)."""
    facts = await service.get(session=session, company_id=company_id)
    if facts is None:
        raise NotFound("No facts about this company have reached the assessment service.")
    return CompanyFactRead.model_validate(facts)
