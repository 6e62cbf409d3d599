"""Partner needs: what an international company is looking for in a local partner.

Every change is in the audit trail, written in the same transaction; the ranking of local
companies against a need is in ``shortlist``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from registry.company.models import Company
from registry.messages import MESSAGES
from registry.needs.models import PartnerNeed
from registry.needs.schemas import NeedCreate, NeedRead, NeedUpdate
from registry.needs.views import need_read
from shared import audit
from shared.audit import AuditEntryRead
from shared.auth import Principal
from shared.errors import InvalidInput
from shared.i18n import message
from shared.pagination import Page, keyset
from shared.persistence import bump, one_or_404

RESOURCE = "partner_need"
LISTS = ("capabilities", "certifications", "segments")


def location(need_id: uuid.UUID) -> str:
    return f"/needs/{need_id}"


async def create(
    *, session: AsyncSession, data: NeedCreate, principal: Principal, now: datetime
) -> PartnerNeed:
    """Record what an international company is looking for in a local partner."""
    # the caller is staff or the company itself (access.ensure_may_write), so it can read
    # the company and the answer reveals nothing
    company = await session.get(Company, data.international_company_id)
    if company is None or company.kind != "international":
        raise InvalidInput("international_company_id", message(MESSAGES["must_be_international"]))
    values = data.model_dump()
    values.update({k: values[k] or [] for k in LISTS})
    need = PartnerNeed(**values, created_by=principal.subject, created_at=now, updated_at=now)
    session.add(need)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=need,
        action="created",
        after=_audited(need),
        now=now,
    )
    return need


async def get(*, session: AsyncSession, need_id: uuid.UUID, lock: bool = False) -> PartnerNeed:
    """The need, fresh (``lock``: for a change that follows its If-Match check)."""
    need: PartnerNeed = await one_or_404(
        session,
        select(PartnerNeed).where(col(PartnerNeed.id) == need_id),
        what="partner need",
        lock=lock,
    )
    return need


async def list_(
    *,
    session: AsyncSession,
    owner: uuid.UUID | None,
    everything: bool,
    limit: int,
    cursor: str | None,
) -> Page[NeedRead]:
    """Needs oldest first: all of them (``everything``), or ``owner``'s (none when None)."""
    statement = select(PartnerNeed)
    if not everything:
        statement = statement.where(
            col(PartnerNeed.international_company_id) == owner if owner is not None else sa.false()
        )
    rows, next_cursor = await keyset(
        session, statement, model=PartnerNeed, limit=limit, cursor=cursor
    )
    return Page[NeedRead](items=[need_read(r) for r in rows], next_cursor=next_cursor)


async def update(
    *,
    session: AsyncSession,
    need: PartnerNeed,
    data: NeedUpdate,
    principal: Principal,
    now: datetime,
) -> None:
    """Change or close the need."""
    before = _audited(need)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(need, name, [] if value is None and name in LISTS else value)
    bump(need, now)
    session.add(need)
    action = "updated"
    if need.status != before["status"]:
        action = "closed" if need.status == "closed" else "reopened"
    await audit.record(
        session,
        principal=principal,
        resource=RESOURCE,
        record=need,
        action=action,
        before=before,
        after=_audited(need),
        now=now,
    )


async def history(
    *, session: AsyncSession, need_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[AuditEntryRead]:
    """Who recorded the need and each change since, oldest first."""
    return await audit.history(
        session, resource=RESOURCE, resource_id=need_id, limit=limit, cursor=cursor
    )


def _audited(need: PartnerNeed) -> dict[str, Any]:
    """What the audit trail keeps of a need: what was wanted, and whether it is open."""
    return need_read(need).model_dump(
        mode="json", exclude={"id", "version", "created_at", "updated_at"}
    )
