"""Linkage indicators: what was signed for a cohort by a time, its value and its jobs.

A linkage's stage has no change time; the signature date (``signed_on``) and when the
linkage was recorded (``created_at``) are what a past date can be judged by.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from registry.linkage.models import Linkage
from shared.indicators import BreakdownRead, IndicatorValueRead, value
from shared.money import Money


async def compute(
    *, session: AsyncSession, cohort_id: uuid.UUID, as_of: datetime
) -> list[IndicatorValueRead]:
    """linkages_signed (per month signed), linkage_contract_value (per currency),
    linkage_jobs_created."""
    signed = (
        Linkage.cohort_id == cohort_id,
        Linkage.signed_on.is_not(None),  # type: ignore[union-attr]
        Linkage.signed_on <= as_of.date(),  # type: ignore[operator]
        Linkage.created_at <= as_of,
    )
    count, jobs = (
        await session.execute(
            sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(Linkage.jobs_created), 0)
            ).where(*signed)
        )
    ).one()
    # per signature date, bucketed into months here: no month function both engines share
    per_month: Counter[str] = Counter()
    for signed_on, signed_that_day in await session.execute(
        sa.select(Linkage.signed_on, sa.func.count()).where(*signed).group_by(Linkage.signed_on)
    ):
        per_month[f"{signed_on:%Y-%m}"] += signed_that_day
    by_month = [
        BreakdownRead(dimensions={"month": month}, value=Decimal(per_month[month]))
        for month in sorted(per_month)
    ]
    rows = await session.execute(
        sa.select(Linkage.contract_currency, sa.func.sum(Linkage.contract_value_minor))
        .where(*signed, Linkage.contract_currency.is_not(None))  # type: ignore[union-attr]
        .group_by(Linkage.contract_currency)
        .order_by(Linkage.contract_currency)
    )
    by_currency = [
        BreakdownRead(
            dimensions={"currency": currency},
            value=Money.from_minor(int(minor), currency).amount,
        )
        for currency, minor in rows
        if minor is not None
    ]
    single = by_currency[0].value if len(by_currency) == 1 else None
    return [
        value("linkages_signed", count, as_of, by_month),
        value("linkage_contract_value", single, as_of, by_currency),
        value("linkage_jobs_created", int(jobs), as_of),
    ]
