"""Company profiles: the commands (register, change, publish, verify, change status).

Service functions are keyword-only with ``session`` first, and never commit: the request (or
the consumer) owns the transaction, so the change, its history entry, its search document,
its listing and its outbox event are written together or not at all. Reads live in
``queries.py``.

A new company is written one way, by the API and by a bulk import alike: ``new_companies``
builds every row of every table (pure Python, no session, so an import runs it on a worker
thread for thousands of rows) and ``insert_new`` writes them with bulk statements.

History stays in ``company_change`` rather than ``shared.audit``: its entries are ordered by
the profile's ``version`` (the ETag a client holds), which the history page's cursor walks,
and a bulk import writes them with the rows it creates in one statement per batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from registry import reference
from registry.company import totals
from registry.company.document import search_document
from registry.company.fields import (
    CHILD_LISTS,
    CODE_LISTS,
    IMPORTED_SCALARS,
    LIST_FIELDS,
    SCALAR_FIELDS,
)
from registry.company.listing import new_listing, refresh_details
from registry.company.models import (
    Company,
    CompanyCapability,
    CompanyCertification,
    CompanyChange,
    CompanyContact,
    CompanyListing,
    CompanyProduct,
    CompanySearch,
    CompanySegment,
)
from registry.company.queries import (
    Details,
    details,
    get,
    key,
    verified_certifications,
)
from registry.company.schemas import CertificationIn, CompanyCreate, CompanyUpdate
from registry.messages import MESSAGES
from registry.statuses import STATUSES
from registry.transliteration import skeleton
from shared import context
from shared.auth import Principal
from shared.db import insert_rows
from shared.errors import Conflict, InvalidInput
from shared.events.base import Event
from shared.events.registry import (
    CompanyFacts,
    CompanyPublished,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
)
from shared.i18n import message
from shared.messaging import outbox
from shared.persistence import bump

__all__ = [
    "Actor",
    "Change",
    "NewRows",
    "apply_changes",
    "change_status",
    "changed_company",
    "create",
    "facts",
    "get",
    "insert_new",
    "key",
    "new_companies",
    "publish",
    "refresh_details",
    "row_of",
    "snapshot",
    "touch",
    "update",
    "verify",
]

# the columns of a new company that neither the payload nor the import sets: model defaults
NEW_COMPANY: dict[str, Any] = {
    name: Company.model_fields[name].default
    for name in ("publication", "published_at", "last_verified_at", "version")
}
COMPANY_COLUMNS: tuple[str, ...] = tuple(Company.model_fields)
# the tables a new company writes, parents first (the foreign keys)
NEW_TABLES = (
    Company,
    CompanySegment,
    CompanyCapability,
    CompanySearch,
    CompanyProduct,
    CompanyCertification,
    CompanyContact,
    CompanyListing,
    CompanyChange,
)
_CHILD_TABLES = {
    "products": CompanyProduct,
    "certifications": CompanyCertification,
    "contacts": CompanyContact,
}


@dataclass(frozen=True)
class Actor:
    """Who made a change, for the history: an API client, or another service via an event."""

    subject: str
    role: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(principal.subject, principal.role.value)


def row_of(company: Company) -> dict[str, Any]:
    """A mapped company's columns by name: what the pure helpers below read."""
    return {name: getattr(company, name) for name in COMPANY_COLUMNS}


def snapshot(company: Mapping[str, Any], detail: Details) -> dict[str, Any]:
    """The editable state of a company, JSON-ready: compared for changes, kept in history."""
    state: dict[str, Any] = {name: company[name] for name in SCALAR_FIELDS}
    state["founded_on"] = _iso(company["founded_on"])
    state.update(
        segments=detail.segments,
        capabilities=detail.capabilities,
        products=detail.products,
        contacts=detail.contacts,
        certifications=[{**c, "expires_on": _iso(c["expires_on"])} for c in detail.certifications],
    )
    return state


def facts(company: Mapping[str, Any], segments: list[str]) -> CompanyFacts:
    """What other services keep of a company (ids, codes and counts, no personal data)."""
    return CompanyFacts(
        company_id=company["id"],
        version=company["version"],
        kind=company["kind"],
        bin=company["bin"],
        display_name=company["display_name"],
        segments=segments,
        in_scope=company["in_scope"],
        region=company["region"],
        city=company["city"],
        employees=company["employees"],
        founded_on=company["founded_on"],
        private_sector_share=company["private_sector_share"],
        status=company["status"],
        publication=company["publication"],
    )


def child_row(
    table: type, company_id: uuid.UUID, ordinal: int, values: dict[str, Any]
) -> dict[str, Any]:
    """A product, certification or contact row, in the order the caller listed them."""
    row = {"id": uuid.uuid4(), "company_id": company_id, "ordinal": ordinal, **values}
    if table is CompanyCertification:
        row["vendor_key"] = key(row["vendor"])
        row["name_key"] = key(row["name"])
    return row


def history_row(
    company: Mapping[str, Any],
    *,
    action: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "company_id": company["id"],
        "version": company["version"],
        "action": action,
        "actor": actor.subject,
        "actor_role": actor.role,
        "request_id": context.request_id.get(),
        "changed_at": now,
        "before": before,
        "after": after,
    }


@dataclass
class NewRows:
    """The rows of new companies, per table, and their events."""

    tables: dict[Any, list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in NEW_TABLES}
    )
    events: list[Event] = field(default_factory=list)

    @property
    def companies(self) -> list[dict[str, Any]]:
        return self.tables[Company]


def new_companies(
    payloads: Sequence[CompanyCreate],
    *,
    actor: Actor,
    action: str,
    now: datetime,
    publish: bool = False,
) -> NewRows:
    """Every row the new companies write, and their events: pure Python, no session.

    ``publish`` makes them public at once (and verified now); a payload's own
    ``last_verified_at`` (an import of an export) is kept as the date it was verified."""
    new = NewRows()
    tables = new.tables
    publication = (
        {"publication": "published", "published_at": now, "last_verified_at": now}
        if publish
        else {}
    )
    for data in payloads:
        # one plain dump: partial ones, or one excluding nested fields, cost more
        values = data.model_dump()
        values.pop("last_verified_at", None)  # an import's (CompanyImport), set below
        lists = {name: values.pop(name) or [] for name in CHILD_LISTS}
        for certification in lists["certifications"]:
            del certification["source"]  # self-declared (CompanyCreate refuses others)
        segments, capabilities = values.pop("segments"), values.pop("capabilities") or []
        values.update(oked_codes=values["oked_codes"] or [], tags=values["tags"] or [])
        company = {
            **NEW_COMPANY,
            "id": uuid.uuid4(),
            **values,
            "name_key": skeleton(data.display_name),
            "in_scope": reference.is_in_scope(segments),
            "created_at": now,
            "updated_at": now,
            **publication,
        }
        verified_at = getattr(data, "last_verified_at", None)
        if verified_at is not None:
            company["last_verified_at"] = verified_at
        company_id = company["id"]
        detail = Details(segments, capabilities, *lists.values(), verified=[], participation=[])
        tables[Company].append(company)
        tables[CompanySegment] += [{"company_id": company_id, "segment": s} for s in segments]
        tables[CompanyCapability] += [
            {"company_id": company_id, "capability": c} for c in capabilities
        ]
        tables[CompanySearch].append({"company_id": company_id, **search_document(company, detail)})
        for name, table in _CHILD_TABLES.items():
            tables[table] += [
                child_row(table, company_id, n, item) for n, item in enumerate(lists[name])
            ]
        tables[CompanyListing].append({"company_id": company_id, "lists": new_listing(detail)})
        tables[CompanyChange].append(
            history_row(
                company,
                action=action,
                actor=actor,
                before=None,
                after=snapshot(company, detail),
                now=now,
            )
        )
        new.events.append(
            CompanyRegistered(company_id=company_id, company=facts(company, segments))
        )
    return new


async def insert_new(*, session: AsyncSession, rows: NewRows) -> None:
    """Write new companies' rows (``new_companies``) with bulk statements, and their events.

    Core, not the ORM: its bulk INSERT would split the rows into a statement per pattern of
    None values (thousands of round trips per batch of an import)."""
    totals.changed(session)
    for table, table_rows in rows.tables.items():  # parents first: the foreign keys
        await insert_rows(session, table.__table__, table_rows)
    await outbox.add_many(session, rows.events)


async def create(
    *,
    session: AsyncSession,
    data: CompanyCreate,
    actor: Actor,
    now: datetime,
) -> Company:
    """Register a company (a draft until programme staff publish it)."""
    if (
        data.bin is not None
        and await session.scalar(select(Company.id).where(Company.bin == data.bin)) is not None
    ):
        raise Conflict(
            f"A company with BIN {data.bin} is already registered.",
            rule="bin_unique",
            params={"bin": data.bin},
        )
    rows = new_companies([data], actor=actor, action="created", now=now)
    await insert_new(session=session, rows=rows)
    return await get(session=session, company_id=rows.companies[0]["id"])


def _certifications(
    sent: list[CertificationIn], detail: Details, today: date
) -> list[dict[str, Any]]:
    """The self-declared certifications of an update's list, which may hold the
    programme-verified ones as read (``source: programme_verified``).

    Those are the programme's record, kept from training's events: an update may send them
    back unchanged or leave them out (either way they stay), but not change one, claim one
    the programme did not verify, or declare again what the programme verified (a second
    line for the same vendor, certification and level) unless it was declared already."""
    verified = verified_certifications(detail.verified, today)
    verified_keys = {_certification_key(v) for v in verified}
    stored_keys = {_certification_key(c) for c in detail.certifications}
    declared = []
    for n, item in enumerate(sent):
        values = item.model_dump(exclude={"source"})
        if item.source == "programme_verified":
            if {**values, "source": item.source} not in verified:
                raise InvalidInput(
                    f"certifications.{n}", message(MESSAGES["verified_is_programmes"])
                )
            continue
        identity = _certification_key(values)
        if identity in verified_keys and identity not in stored_keys:
            raise InvalidInput(f"certifications.{n}", message(MESSAGES["verified_already"]))
        declared.append(values)
    return declared


def _certification_key(certification: Mapping[str, Any]) -> tuple[str, str, str]:
    return (
        key(certification["vendor"]),
        key(certification["name"]),
        certification["level"] or "",
    )


UPDATED_COLUMNS = (
    *IMPORTED_SCALARS,
    "name_key",
    "in_scope",
    "last_verified_at",
    "version",
    "updated_at",
)
"""What an update writes of each company it changes (all of them: one statement for a
batch of companies whatever each changed)."""

_LIST_TABLES: dict[str, Any] = {
    "segments": CompanySegment,
    "capabilities": CompanyCapability,
    **_CHILD_TABLES,
}


@dataclass
class Change:
    """One company's update, computed without I/O: what ``apply_changes`` writes."""

    company_id: uuid.UUID
    values: dict[str, Any]
    """The company row after the change."""
    lists: dict[str, list[Any]]
    """The lists it replaces, whole."""
    detail: Details
    """The lists after the change."""
    history: dict[str, Any]
    event: CompanyUpdated


def changed_company(
    company: Mapping[str, Any],
    detail: Details,
    changes: Mapping[str, Any],
    *,
    actor: Actor,
    action: str,
    now: datetime,
    changed_fields: list[str] | None = None,
) -> Change | None:
    """The change of ``company`` (its row) and ``detail`` (its lists) to ``changes`` (new
    values of fields, ``last_verified_at`` and whole lists), or None if nothing changes.

    The API's update and a bulk import both write this way (``apply_changes``).
    ``changed_fields`` is what the event names (an import compares more than the history
    shows); by default, the fields whose value changed."""
    before = snapshot(company, detail)
    lists = {k: v for k, v in changes.items() if k in LIST_FIELDS}
    values = {**company, **{k: v for k, v in changes.items() if k not in LIST_FIELDS}}
    new_detail = Details(**{**detail.__dict__, **lists})
    after = snapshot(values, new_detail)
    fields = [k for k in after if after[k] != before[k]]
    if values["last_verified_at"] != company["last_verified_at"]:
        before["last_verified_at"] = _iso(company["last_verified_at"])
        after["last_verified_at"] = _iso(values["last_verified_at"])
        fields.append("last_verified_at")
    fields.sort()
    if changed_fields is None:
        changed_fields = fields
    if not changed_fields:
        return None
    values["name_key"] = skeleton(values["display_name"])
    values["in_scope"] = reference.is_in_scope(new_detail.segments)
    values["version"] += 1  # shared.persistence.bump, on a row's values
    values["updated_at"] = now
    return Change(
        company_id=values["id"],
        values=values,
        lists=lists,
        detail=new_detail,
        history=history_row(
            values,
            action=action,
            actor=actor,
            before={k: before[k] for k in fields},
            after={k: after[k] for k in fields},
            now=now,
        ),
        event=CompanyUpdated(
            company_id=values["id"],
            changed_fields=changed_fields,
            company=facts(values, new_detail.segments),
        ),
    )


async def apply_changes(*, session: AsyncSession, changes: Sequence[Change]) -> None:
    """Write updates (``changed_company``) with a statement per table, for one company or a
    batch of an import: the row, the lists replaced, the search document, the listing, the
    history and the events."""
    if not changes:
        return
    for name, table in _LIST_TABLES.items():
        touched = [c for c in changes if name in c.lists]
        if not touched:
            continue
        await session.execute(
            sa.delete(table).where(col(table.company_id).in_(sa.bindparam("ids", expanding=True))),
            {"ids": [c.company_id for c in touched]},
        )
        rows: list[dict[str, Any]] = []
        for c in touched:
            if name in CODE_LISTS:
                column = "segment" if name == "segments" else "capability"
                rows += [{"company_id": c.company_id, column: v} for v in c.lists[name]]
            else:
                rows += [child_row(table, c.company_id, n, v) for n, v in enumerate(c.lists[name])]
        await insert_rows(session, table.__table__, rows)
    await session.execute(
        _UPDATE_COMPANY,
        [{"b_id": c.company_id, **{n: c.values[n] for n in UPDATED_COLUMNS}} for c in changes],
    )
    await session.execute(
        _UPDATE_SEARCH,
        [{"b_id": c.company_id, **search_document(c.values, c.detail)} for c in changes],
    )
    await refresh_details(session=session, ids=[c.company_id for c in changes])
    await insert_rows(session, CompanyChange.__table__, [c.history for c in changes])
    await outbox.add_many(session, [c.event for c in changes])


# executemany UPDATEs keyed by a bound id, outside the ORM's unit of work
_COMPANY: sa.Table = Company.__table__  # type: ignore[assignment]
_SEARCH: sa.Table = CompanySearch.__table__  # type: ignore[assignment]
_UPDATE_COMPANY = (
    sa.update(_COMPANY)
    .where(_COMPANY.c.id == sa.bindparam("b_id"))
    .values({n: sa.bindparam(n) for n in UPDATED_COLUMNS})
)
_UPDATE_SEARCH = (
    sa.update(_SEARCH)
    .where(_SEARCH.c.company_id == sa.bindparam("b_id"))
    .values({n: sa.bindparam(n) for n in ("names", "document", "codes")})
)


async def update(
    *,
    session: AsyncSession,
    company: Company,
    data: CompanyUpdate,
    actor: Actor,
    now: datetime,
) -> list[str]:
    """Apply a partial update; returns the fields that really changed (none: no new version).

    ``company`` was read with its row locked; it holds the new values afterwards."""
    detail = (await details(session=session, ids=[company.id]))[company.id]
    sent = data.model_dump(exclude_unset=True)
    if data.certifications is not None:
        sent["certifications"] = _certifications(data.certifications, detail, now.date())
    if "city" in sent or "region" in sent:
        region = sent.get("region", company.region)
        city = sent.get("city", company.city)
        if city is not None and (region is None or not reference.city_in_region(region, city)):
            raise InvalidInput(
                "city",
                message(MESSAGES["city_not_in_region"], city=repr(city), region=repr(region)),
            )
    change = changed_company(row_of(company), detail, sent, actor=actor, action="updated", now=now)
    if change is None:
        return []
    await apply_changes(session=session, changes=[change])
    for name in UPDATED_COLUMNS:  # as written, without the ORM writing it again
        set_committed_value(company, name, change.values[name])
    return change.event.changed_fields


async def publish(*, session: AsyncSession, company: Company, actor: Actor, now: datetime) -> None:
    """Programme staff reviewed the draft: make it public (and count it as verified now)."""
    if company.publication == "published":
        raise Conflict("The profile is already published.", rule="already_published")
    company.publication, company.published_at, company.last_verified_at = "published", now, now
    await _bump(
        session,
        company,
        "published",
        actor,
        {"publication": "draft"},
        {"publication": "published"},
        now,
    )
    segments = (await details(session=session, ids=[company.id]))[company.id].segments
    await outbox.add(
        session,
        CompanyPublished(
            company_id=company.id, published_at=now, company=facts(row_of(company), segments)
        ),
    )


async def verify(*, session: AsyncSession, company: Company, actor: Actor, now: datetime) -> None:
    """Programme staff confirmed the profile is current: it is not stale for 12 months."""
    previous = company.last_verified_at
    company.last_verified_at = now
    await _bump(
        session,
        company,
        "verified",
        actor,
        {"last_verified_at": previous.isoformat() if previous else None},
        {"last_verified_at": now.isoformat()},
        now,
    )


async def change_status(
    *,
    session: AsyncSession,
    company: Company,
    status: str,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> None:
    """Active, inactive or out of business; the company stays in the registry either way."""
    if status == company.status:
        raise Conflict(
            f"The company is already {status}.",
            rule="status_unchanged",
            params={"status": STATUSES.text("company", status)},
        )
    previous = company.status
    company.status = status
    await _bump(
        session,
        company,
        "status_changed",
        actor,
        {"status": previous},
        {"status": status, "reason": reason},
        now,
    )
    segments = (await details(session=session, ids=[company.id]))[company.id].segments
    await outbox.add(
        session,
        CompanyStatusChanged(
            company_id=company.id,
            previous_status=previous,
            company=facts(row_of(company), segments),
        ),
    )


async def touch(
    *,
    session: AsyncSession,
    company_id: uuid.UUID,
    action: str,
    actor: Actor,
    after: dict[str, Any],
    now: datetime,
) -> None:
    """Record a change the programme made through an event (e.g. a verified certification)."""
    company = await session.get(Company, company_id)
    if company is not None:
        await _bump(session, company, action, actor, None, after, now)


async def _bump(
    session: AsyncSession,
    company: Company,
    action: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> None:
    bump(company, now)
    totals.changed(session)
    session.add(company)
    await session.flush()
    await _record(
        session, row_of(company), action=action, actor=actor, before=before, after=after, now=now
    )


async def _record(
    session: AsyncSession,
    company: Mapping[str, Any],
    *,
    action: str,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> None:
    row = history_row(company, action=action, actor=actor, before=before, after=after, now=now)
    await session.execute(sa.insert(CompanyChange), [row])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
