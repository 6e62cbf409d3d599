"""The company-facts read model, for programme staff checking what eligibility saw."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from assessment.company_facts import service, views
from assessment.company_facts.schemas import CompanyFactRead
from shared.auth import Staff
from shared.deps import ReadSessionDep

router = APIRouter(prefix="/company-facts", tags=["company facts"])


@router.get("/{company_id}", response_model=CompanyFactRead)
async def read_company_facts(
    company_id: uuid.UUID, session: ReadSessionDep, _: Staff
) -> CompanyFactRead:
    """The company facts eligibility is computed from (built from the registry's events)."""
    return views.company_facts(await service.read(session=session, company_id=company_id))
