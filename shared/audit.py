"""The audit trail: who decided what, when, for every record that carries a decision.

A publicly funded programme answers to auditors: cohort status changes, board membership,
nominations and their decisions, votes, assessment scores and approvals, linkage stages,
budgets. Each service keeps one ``audit_entry`` table (created by its own migration with
``create_audit_table``) and writes an entry with ``record`` **in the same transaction as the
change**, so there is never a change without its entry nor an entry for a change that
rolled back. ``history`` pages a record's entries for its ``GET .../{id}/history`` route,
which applies the same object-level access as the record itself.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from shared import context
from shared.auth import Principal
from shared.db import UtcDateTime, new_metadata
from shared.pagination import Page, keyset_rows

audit_metadata = new_metadata()
audit_entry = sa.Table(
    "audit_entry",
    audit_metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("resource", sa.String(50), nullable=False),
    sa.Column("resource_id", sa.Uuid, nullable=False),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("actor_role", sa.String(50), nullable=True),
    sa.Column("request_id", sa.String(128), nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Index("ix_audit_entry_resource", "resource", "resource_id", "created_at", "id"),
)

SYSTEM_ACTOR = "system"
"""The actor of a change made by an event from another service, not by a caller."""


class Audited(Protocol):
    """A record the trail can name: every aggregate has a UUID id (most a version too)."""

    id: uuid.UUID


def create_audit_table(bind: sa.Connection) -> None:
    audit_metadata.create_all(bind, tables=[audit_entry])


def drop_audit_table(bind: sa.Connection) -> None:
    audit_metadata.drop_all(bind, tables=[audit_entry])


class AuditEntryRead(BaseModel):
    """One change of a record: who made it, in which role and request, and what changed."""

    id: uuid.UUID
    resource: str = Field(description="the kind of record, e.g. `nomination`")
    resource_id: uuid.UUID
    version: int | None = Field(description="the record's version (ETag) after the change")
    action: str = Field(description="what was done, e.g. `created`, `decided`, `status_changed`")
    actor: str = Field(description="the API client that did it, or `system` for an event")
    actor_role: str | None
    request_id: str | None = Field(description="X-Request-ID of the call that made it")
    at: datetime
    before: dict[str, Any] | None = Field(description="the changed fields before (null: new)")
    after: dict[str, Any] | None = Field(description="the changed fields after (null: removed)")


def _json(value: dict[str, Any] | BaseModel | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return jsonable_encoder(value)


def changed(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Only the fields that differ, on both sides: an entry says what changed, not the lot."""
    if before is None or after is None:
        return before, after
    keys = [k for k in {*before, *after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


async def record(
    session: AsyncSession,
    *,
    principal: Principal | None,
    resource: str,
    record: Audited,
    action: str,
    now: datetime,
    before: dict[str, Any] | BaseModel | None = None,
    after: dict[str, Any] | BaseModel | None = None,
    only_changes: bool = True,
) -> None:
    """Write one entry about ``record`` in the caller's transaction (``principal`` None: an
    event did it). The record's id and, when it has one, its version (the ETag after the
    change) are taken from the record itself, so no caller can pair the wrong ones."""
    old, new = _json(before), _json(after)
    if only_changes:
        old, new = changed(old, new)
    await session.execute(
        audit_entry.insert().values(
            id=uuid.uuid4(),
            resource=resource,
            resource_id=record.id,
            version=getattr(record, "version", None),
            action=action,
            actor=principal.subject if principal is not None else SYSTEM_ACTOR,
            actor_role=principal.role.value if principal is not None else None,
            request_id=context.request_id.get(),
            created_at=now,
            before=old,
            after=new,
        )
    )


async def history(
    session: AsyncSession,
    *,
    resource: str,
    resource_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> Page[AuditEntryRead]:
    """A record's entries, oldest first, a page at a time."""
    statement = sa.select(audit_entry).where(
        audit_entry.c.resource == resource, audit_entry.c.resource_id == resource_id
    )
    rows, next_cursor = await keyset_rows(
        session,
        statement,
        created_at=audit_entry.c.created_at,
        id=audit_entry.c.id,
        limit=limit,
        cursor=cursor,
    )
    return Page[AuditEntryRead](
        items=[AuditEntryRead(**{**row._mapping, "at": row.created_at}) for row in rows],
        next_cursor=next_cursor,
    )
