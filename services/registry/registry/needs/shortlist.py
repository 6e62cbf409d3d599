"""The shortlist of a partner need: local companies that fit it, ranked, with the reasons.

Ranking is a weighted sum a person can check: each criterion the need states scores the
share of it a company meets (capabilities held, certifications held — programme-verified
ones valid on the day count fully, self-declared ones half — segment, region, size, and
the words of the need's free text found in the profile). Criteria the need leaves open are
not counted, so ``max_total`` varies; ``total`` is comparable within one shortlist.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanySearch,
    CompanySegment,
)
from registry.company.service import key
from registry.needs.models import PartnerNeed
from registry.needs.schemas import Shortlist
from registry.participation.models import VerifiedCertification, valid_on
from registry.transliteration import terms

WEIGHTS = {
    "capabilities": 40,
    "certifications": 20,
    "segments": 10,
    "region": 10,
    "size": 10,
    "text": 10,
}
CANDIDATE_LIMIT = 2000
SELF_DECLARED_CREDIT = 0.5


async def shortlist(
    *, session: AsyncSession, need: PartnerNeed, limit: int, today: date
) -> Shortlist:
    """Published, active, in-scope local companies ranked by how well they fit the need;
    a verified certification counts as verified only while valid on ``today``."""
    return Shortlist(need_id=need.id, items=await _ranked(session, need, limit, today))


async def _ranked(
    session: AsyncSession, need: PartnerNeed, limit: int, today: date
) -> list[dict[str, Any]]:
    candidates = await _candidates(session, need)
    if not candidates:
        return []
    ids = list(candidates)
    capabilities, segments = await _sets(session, ids)
    certificates = await _certificates(session, ids, today)
    documents = dict(
        (
            await session.execute(
                select(CompanySearch.company_id, CompanySearch.document).where(
                    col(CompanySearch.company_id).in_(ids)
                )
            )
        ).all()
    )
    wanted_words = set(terms(need.text or ""))
    entries = []
    for company_id, company in candidates.items():
        breakdown = _score(
            need,
            company,
            capabilities[company_id],
            segments[company_id],
            certificates[company_id],
            set(documents.get(company_id, "").split()),
            wanted_words,
        )
        entries.append(
            {
                "company_id": company_id,
                "display_name": company.display_name,
                "region": company.region,
                "employees": company.employees,
                "total": round(sum(b["points"] for b in breakdown), 2),
                "max_total": sum(b["weight"] for b in breakdown),
                "breakdown": breakdown,
                "_name": company.name_key,
            }
        )
    entries.sort(key=lambda e: (-e["total"], e["_name"], str(e["company_id"])))
    for entry in entries:
        del entry["_name"]
    return entries[:limit]


async def _candidates(session: AsyncSession, need: PartnerNeed) -> dict[uuid.UUID, Company]:
    statement = select(Company).where(
        col(Company.kind) == "local",
        col(Company.publication) == "published",
        col(Company.status) == "active",
        col(Company.in_scope).is_(True),
    )
    if need.capabilities:  # narrow to companies with at least one wanted capability
        statement = statement.where(
            sa.exists().where(
                col(CompanyCapability.company_id) == Company.id,
                col(CompanyCapability.capability).in_(need.capabilities),
            )
        )
    elif need.segments:
        statement = statement.where(
            sa.exists().where(
                col(CompanySegment.company_id) == Company.id,
                col(CompanySegment.segment).in_(need.segments),
            )
        )
    rows = await session.execute(statement.limit(CANDIDATE_LIMIT))
    return {company.id: company for company in rows.scalars()}


async def _sets(
    session: AsyncSession, ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, set[str]], dict[uuid.UUID, set[str]]]:
    capabilities: dict[uuid.UUID, set[str]] = defaultdict(set)
    for company_id, capability in await session.execute(
        select(CompanyCapability.company_id, CompanyCapability.capability).where(
            col(CompanyCapability.company_id).in_(ids)
        )
    ):
        capabilities[company_id].add(capability)
    segments: dict[uuid.UUID, set[str]] = defaultdict(set)
    for company_id, segment in await session.execute(
        select(CompanySegment.company_id, CompanySegment.segment).where(
            col(CompanySegment.company_id).in_(ids)
        )
    ):
        segments[company_id].add(segment)
    return capabilities, segments


async def _certificates(
    session: AsyncSession, ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, dict[tuple[str, str], float]]:
    """(vendor key, name key) -> credit: 1 for programme-verified (the registry's one validity
    rule, ``valid_on``: neither revoked nor expired), 0.5 for self-declared."""
    held: dict[uuid.UUID, dict[tuple[str, str], float]] = defaultdict(dict)
    for company_id, vendor, name in await session.execute(
        select(
            CompanyCertification.company_id,
            CompanyCertification.vendor_key,
            CompanyCertification.name_key,
        ).where(col(CompanyCertification.company_id).in_(ids))
    ):
        held[company_id].setdefault((vendor, name), SELF_DECLARED_CREDIT)
    for company_id, vendor, name in await session.execute(
        select(
            VerifiedCertification.company_id,
            VerifiedCertification.vendor_key,
            VerifiedCertification.certification_key,
        ).where(
            col(VerifiedCertification.company_id).in_(ids),
            valid_on(today),
        )
    ):
        held[company_id][(vendor, name)] = 1.0
    return held


def _line(criterion: str, score: float, detail: str) -> dict[str, Any]:
    weight = WEIGHTS[criterion]
    return {
        "criterion": criterion,
        "weight": weight,
        "score": round(score, 4),
        "points": round(weight * score, 2),
        "detail": detail,
    }


def _score(
    need: PartnerNeed,
    company: Company,
    capabilities: set[str],
    segments: set[str],
    certificates: dict[tuple[str, str], float],
    document: set[str],
    wanted_words: set[str],
) -> list[dict[str, Any]]:
    lines = []
    if need.capabilities:
        have = [c for c in need.capabilities if c in capabilities]
        lines.append(
            _line(
                "capabilities",
                len(have) / len(need.capabilities),
                f"has {len(have)} of {len(need.capabilities)}: {', '.join(have) or '—'}",
            )
        )
    if need.certifications:
        credits = []
        for wanted in need.certifications:
            vendor, name = key(wanted["vendor"]), key(wanted.get("name") or "")
            credits.append(
                max(
                    (
                        credit
                        for (v, n), credit in certificates.items()
                        if v == vendor and n.startswith(name)
                    ),
                    default=0.0,
                )
            )
        lines.append(
            _line(
                "certifications",
                sum(credits) / len(credits),
                f"{sum(1 for c in credits if c == 1.0)} verified, "
                f"{sum(1 for c in credits if 0 < c < 1)} self-declared of "
                f"{len(credits)} wanted",
            )
        )
    if need.segments:
        shared = sorted(segments & set(need.segments))
        lines.append(
            _line(
                "segments",
                1.0 if shared else 0.0,
                f"in {', '.join(shared)}" if shared else "no wanted segment",
            )
        )
    if need.region:
        same = company.region == need.region
        lines.append(
            _line(
                "region",
                1.0 if same else 0.0,
                f"in {company.region}" if same else f"in {company.region or '—'}",
            )
        )
    if need.min_employees:
        employees = company.employees or 0
        lines.append(
            _line(
                "size",
                min(1.0, employees / need.min_employees),
                f"{employees} employees of {need.min_employees} wanted",
            )
        )
    if wanted_words:
        found = {w for w in wanted_words if any(t.startswith(w) for t in document)}
        lines.append(
            _line(
                "text",
                len(found) / len(wanted_words),
                f"{len(found)} of {len(wanted_words)} words of the need in the profile",
            )
        )
    return lines
