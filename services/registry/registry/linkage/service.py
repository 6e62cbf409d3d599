"""Linkages between local and international companies: recording them, moving them on.

Stages move forward only (contacted → negotiating → agreement → contract signed); any stage
but a signed contract may be dropped. A signed contract needs its signing date. One deal is
one linkage (see ``models``): recording it again is a 409 pointing at the first, unless the
recorder declares it a separate contract. Every change is in the audit trail, written in the
same transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import Company
from registry.linkage import access
from registry.linkage.models import Linkage
from registry.linkage.schemas import LinkageCreate, LinkageRead, LinkageUpdate, Stage
from registry.linkage.views import linkage_read, money
from registry.messages import MESSAGES
from registry.needs.models import PartnerNeed
from registry.participation.models import ProgrammeParticipation
from registry.statuses import STATUSES
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.events.registry import LinkageRecorded
from shared.i18n import message
from shared.messaging import outbox
from shared.money import Money
from shared.pagination import Page, keyset
from shared.persistence import bump, one_or_404, where_given

RESOURCE = "linkage"
STAGE_ORDER = ["contacted", "negotiating", "agreement", "contract_signed"]
RULES = ("linkage_duplicate", "linkage_stage_final", "linkage_stage_order")


def location(linkage_id: uuid.UUID) -> str:
    return f"/linkages/{linkage_id}"


async def create(
    *, session: AsyncSession, data: LinkageCreate, principal: Principal, now: datetime
) -> Linkage:
    """Record a linkage (its audit entry and its event for the programme's reports)."""
    await _company(session, principal, data.local_company_id, "local", "local_company_id")
    await _company(
        session,
        principal,
        data.international_company_id,
        "international",
        "international_company_id",
    )
    if data.need_id is not None:
        await _need(session, principal, data.need_id, data.international_company_id)
    if not data.separate_contract:
        existing = await _same_deal(session, data)
        if existing is not None:
            raise _duplicate(existing)
    linkage = Linkage(
        **data.model_dump(exclude={"contract_value"}),
        created_by=principal.subject,
        cohort_id=await _cohort_of(session, data.local_company_id),
        created_at=now,
        updated_at=now,
    )
    _apply_contract(linkage, data.contract_value)
    _check_signed(linkage)
    try:
        # a savepoint (the linkage added inside it, or begin_nested would flush it outside):
        # when a concurrent request recorded the same deal first, the unique index refuses
        # this one and the transaction can still find the first
        async with session.begin_nested():
            session.add(linkage)
            await session.flush()
    except IntegrityError:
        existing = await _same_deal(session, data)
        if existing is None:
            raise
        raise _duplicate(existing) from None
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=linkage,
        action="created",
        after=_audited(linkage),
        now=now,
    )
    await _emit(session, linkage)
    return linkage


async def get(*, session: AsyncSession, linkage_id: uuid.UUID, lock: bool = False) -> Linkage:
    """The linkage, fresh (``lock``: for a change that follows its If-Match check)."""
    linkage: Linkage = await one_or_404(
        session, select(Linkage).where(col(Linkage.id) == linkage_id), what="linkage", lock=lock
    )
    return linkage


async def list_(
    *,
    session: AsyncSession,
    party: uuid.UUID | None,
    everything: bool,
    company_id: uuid.UUID | None,
    stage: Stage | None,
    limit: int,
    cursor: str | None,
) -> Page[LinkageRead]:
    """Linkages in the order they were recorded: all of them (``everything``), or those
    ``party`` is party to (none when ``party`` is None), optionally of one company, at one
    stage."""
    statement = select(Linkage)
    if not everything:
        statement = statement.where(_involves(party) if party is not None else sa.false())
    if company_id is not None:
        statement = statement.where(_involves(company_id))
    statement = where_given(statement, (col(Linkage.stage), stage))
    rows, next_cursor = await keyset(session, statement, model=Linkage, limit=limit, cursor=cursor)
    return Page[LinkageRead](items=[linkage_read(r) for r in rows], next_cursor=next_cursor)


async def update(
    *,
    session: AsyncSession,
    linkage: Linkage,
    data: LinkageUpdate,
    principal: Principal,
    now: datetime,
) -> None:
    """Move the linkage on, or correct its figures."""
    before = _audited(linkage)
    sent = data.model_dump(exclude_unset=True)
    if "stage" in sent:
        check_transition(linkage.stage, sent["stage"])
    for name, value in sent.items():
        if name != "contract_value":
            setattr(linkage, name, value)
    _apply_contract(linkage, data.contract_value)
    _check_signed(linkage)
    bump(linkage, now)
    session.add(linkage)
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=linkage,
        action="stage_changed" if linkage.stage != before["stage"] else "updated",
        before=before,
        after=_audited(linkage),
        now=now,
    )
    await _emit(session, linkage)


async def history(
    *, session: AsyncSession, linkage_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[AuditEntryRead]:
    """Who recorded the linkage and each change since, oldest first."""
    return await audit.history(
        session, resource=RESOURCE, resource_id=linkage_id, limit=limit, cursor=cursor
    )


def check_transition(current: str, target: str) -> None:
    if target == current:
        return
    if current in ("contract_signed", "dropped"):
        raise Conflict(
            f"A linkage at '{current}' is final.",
            rule="linkage_stage_final",
            params={"current": STATUSES.text("linkage", current, "stage")},
        )
    if target != "dropped" and STAGE_ORDER.index(target) < STAGE_ORDER.index(current):
        raise Conflict(
            f"A linkage cannot go back from '{current}' to '{target}'.",
            rule="linkage_stage_order",
            params={
                "current": STATUSES.text("linkage", current, "stage"),
                "target": STATUSES.text("linkage", target, "stage"),
            },
        )


def _involves(company_id: uuid.UUID) -> sa.ColumnElement[bool]:
    return sa.or_(
        col(Linkage.local_company_id) == company_id,
        col(Linkage.international_company_id) == company_id,
    )


async def _company(
    session: AsyncSession, principal: Principal, company_id: uuid.UUID, kind: str, field: str
) -> Company:
    """The company to link; one the caller cannot read is answered as one that does not
    exist (the same problem, word for word), so the write reveals nothing."""
    company = await session.get(Company, company_id)
    if company is None or not access.sees_company(principal, company):
        raise InvalidInput(field, message(MESSAGES["no_such_company"]))
    if company.kind != kind:
        raise InvalidInput(field, message(MESSAGES[f"must_be_{kind}"]))
    return company


async def _need(
    session: AsyncSession,
    principal: Principal,
    need_id: uuid.UUID,
    international_company_id: uuid.UUID,
) -> None:
    """The need the linkage answers: one the caller can read, of the linkage's own
    international company; an unreadable one is answered as one that does not exist."""
    need = await session.get(PartnerNeed, need_id)
    if need is None or not access.sees_need(principal, need):
        raise InvalidInput("need_id", message(MESSAGES["no_such_need"]))
    if need.international_company_id != international_company_id:
        raise InvalidInput("need_id", message(MESSAGES["need_of_another"]))


async def _same_deal(session: AsyncSession, data: LinkageCreate) -> Linkage | None:
    need = (
        col(Linkage.need_id).is_(None)
        if data.need_id is None
        else col(Linkage.need_id) == data.need_id
    )
    statement = (
        select(Linkage)
        .where(
            col(Linkage.local_company_id) == data.local_company_id,
            col(Linkage.international_company_id) == data.international_company_id,
            need,
            col(Linkage.separate_contract).is_(False),
        )
        .limit(1)
    )
    return (await session.execute(statement)).scalars().first()


def _duplicate(existing: Linkage) -> Conflict:
    where = location(existing.id)
    return Conflict(
        f"This linkage is recorded already ({where}): the same local company, international "
        "company and need. Update that one, or send separate_contract: true if this is "
        "another contract between them.",
        rule="linkage_duplicate",
        existing_linkage_id=str(existing.id),
        headers={"Location": where},
    )


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
        raise InvalidInput("signed_on", message(MESSAGES["signed_needs_date"]))


def _audited(linkage: Linkage) -> dict[str, Any]:
    """What the audit trail keeps of a linkage: its decisions and figures."""
    return linkage_read(linkage).model_dump(
        mode="json", exclude={"id", "version", "created_at", "updated_at"}
    )


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
