"""Linkages between local and international companies, and the outcome figures they add up to.

Stages move forward only (contacted → negotiating → agreement → contract signed); any stage
but a signed contract may be dropped. A signed contract needs its signing date.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import Company, CompanySegment
from registry.linkage.models import Linkage
from registry.linkage.schemas import LinkageCreate, LinkageUpdate
from registry.participation.models import ProgrammeParticipation
from shared.errors import Conflict, InvalidInput, NotFound
from shared.events.registry import LinkageRecorded
from shared.messaging import outbox
from shared.money import Money

STAGE_ORDER = ["contacted", "negotiating", "agreement", "contract_signed"]


def money(linkage: Linkage) -> Money | None:
    if linkage.contract_value_minor is None or linkage.contract_currency is None:
        return None
    return Money.from_minor(linkage.contract_value_minor, linkage.contract_currency)


def read(linkage: Linkage) -> dict[str, Any]:
    body = linkage.model_dump(exclude={"contract_value_minor", "contract_currency", "created_by"})
    body["contract_value"] = money(linkage)
    return body


def check_transition(current: str, target: str) -> None:
    if target == current:
        return
    if current in ("contract_signed", "dropped"):
        raise Conflict(f"A linkage at '{current}' is final.", rule="linkage_stage_final")
    if target != "dropped" and STAGE_ORDER.index(target) < STAGE_ORDER.index(current):
        raise Conflict(
            f"A linkage cannot go back from '{current}' to '{target}'.", rule="linkage_stage_order"
        )


async def _company(session: AsyncSession, company_id: uuid.UUID, kind: str, field: str) -> Company:
    company = await session.get(Company, company_id)
    if company is None:
        raise InvalidInput(field, "no such company")
    if company.kind != kind:
        raise InvalidInput(
            field,
            f"must be an {kind} company"
            if kind == "international"
            else f"must be a {kind} company",
        )
    return company


async def _cohort_of(session: AsyncSession, company_id: uuid.UUID) -> uuid.UUID | None:
    """The cohort the local company last joined: outcomes are reported per cohort."""
    return await session.scalar(
        select(ProgrammeParticipation.cohort_id)
        .where(ProgrammeParticipation.company_id == company_id)
        .order_by(col(ProgrammeParticipation.selected_at).desc().nulls_last())
        .limit(1)
    )


def _apply_contract(linkage: Linkage, value: Money | None) -> None:
    if value is not None:
        linkage.contract_value_minor, linkage.contract_currency = value.minor, value.currency


def _check_signed(linkage: Linkage) -> None:
    if linkage.stage == "contract_signed" and linkage.signed_on is None:
        raise InvalidInput("signed_on", "a signed contract needs its signing date")


async def create(session: AsyncSession, *, data: LinkageCreate, created_by: str) -> Linkage:
    """Record a linkage (and its event for the programme's reports)."""
    await _company(session, data.local_company_id, "local", "local_company_id")
    await _company(
        session, data.international_company_id, "international", "international_company_id"
    )
    linkage = Linkage(
        **data.model_dump(exclude={"contract_value"}),
        created_by=created_by,
        cohort_id=await _cohort_of(session, data.local_company_id),
    )
    _apply_contract(linkage, data.contract_value)
    _check_signed(linkage)
    session.add(linkage)
    await session.flush()
    await _emit(session, linkage)
    return linkage


async def get(session: AsyncSession, *, linkage_id: uuid.UUID) -> Linkage:
    linkage = await session.get(Linkage, linkage_id)
    if linkage is None:
        raise NotFound("No such linkage.")
    return linkage


async def update(session: AsyncSession, *, linkage: Linkage, data: LinkageUpdate) -> None:
    """Move the linkage on, or correct its figures."""
    sent = data.model_dump(exclude_unset=True)
    if "stage" in sent:
        check_transition(linkage.stage, sent["stage"])
    for name, value in sent.items():
        if name != "contract_value":
            setattr(linkage, name, value)
    _apply_contract(linkage, data.contract_value)
    _check_signed(linkage)
    linkage.version += 1
    linkage.updated_at = datetime.now(UTC)
    session.add(linkage)
    await _emit(session, linkage)


async def _emit(session: AsyncSession, linkage: Linkage) -> None:
    await outbox.add(
        session,
        LinkageRecorded(
            linkage_id=linkage.id,
            local_company_id=linkage.local_company_id,
            international_company_id=linkage.international_company_id,
            linkage_type=linkage.linkage_type,
            stage=linkage.stage,
            contract_value=money(linkage),
            signed_on=linkage.signed_on,
            jobs_created=linkage.jobs_created,
            cohort_id=linkage.cohort_id,
        ),
    )


async def outcomes(
    session: AsyncSession, *, group_by: str, company_id: uuid.UUID | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Linkages, signed contracts, contract value (per currency) and jobs, per group.

    A company in several segments counts in each of them, so segment rows may add up to more
    than the total; the total counts every linkage once.
    """
    statement = select(Linkage)
    if company_id is not None:
        statement = statement.where(
            sa.or_(
                col(Linkage.local_company_id) == company_id,
                col(Linkage.international_company_id) == company_id,
            )
        )
    linkages = list((await session.execute(statement)).scalars())
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
    rows_out = [
        _row(group, items)
        for group, items in sorted(buckets.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    ]
    return rows_out, _row("total", linkages)


def _row(group: str | None, linkages: list[Linkage]) -> dict[str, Any]:
    signed = [link for link in linkages if link.stage == "contract_signed"]
    totals: dict[str, int] = defaultdict(int)
    for link in signed:
        if link.contract_value_minor is not None and link.contract_currency:
            totals[link.contract_currency] += link.contract_value_minor
    return {
        "group": group,
        "linkages": len(linkages),
        "contracts_signed": len(signed),
        "contract_value": [Money.from_minor(v, c) for c, v in sorted(totals.items())],
        "jobs_created": sum(link.jobs_created or 0 for link in signed),
    }
