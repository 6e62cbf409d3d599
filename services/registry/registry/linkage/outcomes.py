"""The outcome figures the ministry reports: what the linkages add up to, per group.

A company in several segments counts in each of them, so segment rows may add up to more
than the total; the total counts every linkage once. Money is summed per currency, in
integer minor units, and never converted.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import Company, CompanySegment
from registry.linkage.models import Linkage
from registry.linkage.schemas import GroupBy, OutcomeRow, Outcomes
from shared.money import Money


async def outcomes(*, session: AsyncSession, group_by: GroupBy) -> Outcomes:
    """Linkages, signed contracts, contract value (per currency) and jobs, per group."""
    linkages = list((await session.execute(select(Linkage))).scalars())
    groups_of: dict[uuid.UUID, list[str | None]] = {}
    local_ids = list({link.local_company_id for link in linkages})
    if group_by == "segment" and local_ids:
        groups_of = defaultdict(list)
        rows = await session.execute(
            select(CompanySegment.company_id, CompanySegment.segment).where(
                col(CompanySegment.company_id).in_(local_ids)
            )
        )
        for company, segment in rows:
            groups_of[company].append(segment)
    elif group_by == "region" and local_ids:
        rows = await session.execute(
            select(Company.id, Company.region).where(col(Company.id).in_(local_ids))
        )
        groups_of = {company: [region] for company, region in rows}
    buckets: dict[str | None, list[Linkage]] = defaultdict(list)
    for link in linkages:
        keys = (
            [str(link.cohort_id) if link.cohort_id else None]
            if group_by == "cohort"
            else groups_of.get(link.local_company_id) or [None]
        )
        for group in keys:
            buckets[group].append(link)
    return Outcomes(
        group_by=group_by,
        rows=[
            _row(group, items)
            for group, items in sorted(buckets.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
        ],
        total=_row("total", linkages),
    )


def _row(group: str | None, linkages: list[Linkage]) -> OutcomeRow:
    signed = [link for link in linkages if link.stage == "contract_signed"]
    totals: dict[str, int] = defaultdict(int)
    for link in signed:
        if link.contract_value_minor is not None and link.contract_currency:
            totals[link.contract_currency] += link.contract_value_minor
    return OutcomeRow(
        group=group,
        linkages=len(linkages),
        contracts_signed=len(signed),
        contract_value=[Money.from_minor(v, c) for c, v in sorted(totals.items())],
        jobs_created=sum(link.jobs_created or 0 for link in signed),
    )
