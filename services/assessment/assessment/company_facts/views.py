"""The read model of what eligibility saw about a company, as staff read it."""

from __future__ import annotations

from assessment.company_facts.models import CompanyFact
from assessment.company_facts.schemas import CompanyFactRead


def company_facts(row: CompanyFact) -> CompanyFactRead:
    return CompanyFactRead.model_validate(row)
