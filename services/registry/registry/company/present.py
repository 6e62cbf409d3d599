"""Turns stored companies into API representations, hiding what the viewer may not see."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from registry.company.models import Company
from registry.company.service import (
    Details,
    assessment_band,
    is_stale,
    verified_certifications,
    years_in_business,
)


class _Attributes:
    """A mapped Company read the way a search row's mapping is."""

    __slots__ = ("company",)

    def __init__(self, company: Company) -> None:
        self.company = company

    def __getitem__(self, name: str) -> Any:
        return getattr(self.company, name)


def company_read(
    company: Company | sa.Row[Any],
    detail: Details,
    *,
    full: bool,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``full`` adds contacts, confidential figures and programme participation.

    A search page passes Core rows and one ``now``: a row's columns by name through its
    mapping cost a tenth of what attribute access does (0.03 against 0.28 µs; a profile has
    30), which was most of presenting a page."""
    c: Mapping[str, Any] | _Attributes = (
        company._mapping if isinstance(company, sa.Row) else _Attributes(company)
    )
    now = now or datetime.now(UTC)
    body: dict[str, Any] = {
        "id": c["id"],
        "version": c["version"],
        "kind": c["kind"],
        "bin": c["bin"],
        "foreign_registration_number": c["foreign_registration_number"],
        "country": c["country"],
        "display_name": c["display_name"],
        "name_kk": c["name_kk"],
        "name_ru": c["name_ru"],
        "name_en": c["name_en"],
        "segments": detail.segments,
        "in_scope": c["in_scope"],
        "oked_codes": c["oked_codes"],
        "region": c["region"],
        "city": c["city"],
        "address": c["address"],
        "website": c["website"],
        "description": c["description"],
        "employees": c["employees"],
        "founded_on": c["founded_on"],
        "years_in_business": years_in_business(c["founded_on"], now.date()),
        "capabilities": detail.capabilities,
        "tags": c["tags"],
        "products": detail.products,
        "certifications": [{**cert, "source": "self_declared"} for cert in detail.certifications]
        + verified_certifications(detail.verified),
        "status": c["status"],
        "publication": c["publication"],
        "published_at": c["published_at"],
        "last_verified_at": c["last_verified_at"],
        "stale": is_stale(c["last_verified_at"], now),
        "created_at": c["created_at"],
        "updated_at": c["updated_at"],
    }
    if full:
        body["private_sector_share"] = c["private_sector_share"]
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
