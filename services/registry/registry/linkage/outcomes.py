"""The outcome figures the ministry reports: what the linkages add up to, per group.

A company in several segments counts in each of them, so segment rows may add up to more
than the total; the total counts every linkage once. Money is summed per currency, in
integer minor units, and never converted.

A period (``from``/``to``, both days included) takes each linkage on the day it counts: a
signed contract on its ``signed_on``, any other linkage on the day it was recorded (UTC).
Rows carry a ``label`` for people: a cohort's name as the assessment service announced it
when it selected companies (``blp.assessment.company.selected``, kept on the participation
rows), a segment's or region's name in the caller's language.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry import reference
from registry.company.models import Company, CompanySegment
from registry.linkage.models import Linkage
from registry.linkage.schemas import GroupBy, OutcomeRow, Outcomes
from registry.participation.models import ProgrammeParticipation
from shared.i18n import Translations, pick
from shared.money import Money

TOTAL: Translations = {"en": "Total", "ru": "Итого", "kk": "Барлығы"}


async def outcomes(
    *,
    session: AsyncSession,
    group_by: GroupBy,
    language: str = "en",
    period_from: date | None = None,
    period_to: date | None = None,
    cohort_id: uuid.UUID | None = None,
) -> Outcomes:
    """Linkages, signed contracts, contract value (per currency) and jobs, per group."""
    query = select(Linkage)
    if cohort_id is not None:
        query = query.where(Linkage.cohort_id == cohort_id)
    linkages = [
        link
        for link in (await session.execute(query)).scalars()
        if (period_from is None or period_from <= counts_on(link))
        and (period_to is None or counts_on(link) <= period_to)
    ]
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
    labels = await _labels(session, group_by, [g for g in buckets if g is not None], language)
    return Outcomes(
        group_by=group_by,
        period_from=period_from,
        period_to=period_to,
        cohort_id=cohort_id,
        rows=[
            _row(group, labels.get(group or ""), items)
            for group, items in sorted(buckets.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
        ],
        total=_row("total", pick(TOTAL, language), linkages),
    )


def counts_on(link: Linkage) -> date:
    """The day a linkage counts in a period: its contract's signing, else its recording."""
    if link.stage == "contract_signed" and link.signed_on is not None:
        return link.signed_on
    return link.created_at.date()


async def _labels(
    session: AsyncSession, group_by: GroupBy, groups: list[str], language: str
) -> dict[str, str]:
    """Each group's name: a cohort's latest announced name; a segment's or region's name."""
    if group_by == "segment":
        return {g: s.name(language) for g in groups if (s := reference.segment(g))}  # type: ignore[arg-type]
    if group_by == "region":
        return {g: r.name(language) for g in groups if (r := reference.region(g))}  # type: ignore[arg-type]
    rows = await session.execute(
        select(ProgrammeParticipation.cohort_id, ProgrammeParticipation.cohort_name)
        .where(
            col(ProgrammeParticipation.cohort_id).in_([uuid.UUID(g) for g in groups]),
            col(ProgrammeParticipation.cohort_name).is_not(None),
        )
        .order_by(col(ProgrammeParticipation.selected_at).asc().nulls_first())
    )
    return {str(cohort): name for cohort, name in rows}  # the latest selection's name wins


def _row(group: str | None, label: str | None, linkages: list[Linkage]) -> OutcomeRow:
    signed = [link for link in linkages if link.stage == "contract_signed"]
    totals: dict[str, int] = defaultdict(int)
    for link in signed:
        if link.contract_value_minor is not None and link.contract_currency:
            totals[link.contract_currency] += link.contract_value_minor
    return OutcomeRow(
        group=group,
        label=label,
        linkages=len(linkages),
        contracts_signed=len(signed),
        contract_value=[Money.from_minor(v, c) for c, v in sorted(totals.items())],
        jobs_created=sum(link.jobs_created or 0 for link in signed),
    )
