"""Turns stored companies into API representations, hiding what the viewer may not see."""

from __future__ import annotations

from typing import Any

from registry.company.models import Company
from registry.company.service import (
    Details,
    assessment_band,
    is_stale,
    verified_certifications,
    years_in_business,
)


def company_read(company: Company, detail: Details, *, full: bool) -> dict[str, Any]:
    """``full`` adds contacts, confidential figures and programme participation."""
    body: dict[str, Any] = {
        "id": company.id,
        "version": company.version,
        "kind": company.kind,
        "bin": company.bin,
        "foreign_registration_number": company.foreign_registration_number,
        "country": company.country,
        "display_name": company.display_name,
        "name_kk": company.name_kk,
        "name_ru": company.name_ru,
        "name_en": company.name_en,
        "segments": detail.segments,
        "in_scope": company.in_scope,
        "oked_codes": company.oked_codes,
        "region": company.region,
        "city": company.city,
        "address": company.address,
        "website": company.website,
        "description": company.description,
        "employees": company.employees,
        "founded_on": company.founded_on,
        "years_in_business": years_in_business(company.founded_on),
        "capabilities": detail.capabilities,
        "tags": company.tags,
        "products": detail.products,
        "certifications": [{**c, "source": "self_declared"} for c in detail.certifications]
        + verified_certifications(detail.verified),
        "status": company.status,
        "publication": company.publication,
        "published_at": company.published_at,
        "last_verified_at": company.last_verified_at,
        "stale": is_stale(company),
        "created_at": company.created_at,
        "updated_at": company.updated_at,
    }
    if full:
        body["private_sector_share"] = company.private_sector_share
        body["contacts"] = detail.contacts
        body["programme"] = [
            {
                "cohort_id": p.cohort_id,
                "cohort_name": p.cohort_name,
                "selected_at": p.selected_at,
                "efqm_total": f"{p.efqm_total:f}" if p.efqm_total is not None else None,
                "assessment_band": assessment_band(p.efqm_total),
            }
            for p in detail.participation
        ]
    return body
