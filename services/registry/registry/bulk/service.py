"""CSV import (an upsert by BIN) and export of companies.

Companies are matched by BIN (a foreign company without one: by country and registration
number). An import runs as a job (``shared.jobs``) over the spooled file: it reads the whole
file once first (a malformed file writes nothing; the rows are counted for the job's
progress), then parses, validates and writes it batch by batch, each batch one transaction
of bulk statements: a rejected row names its line and reason and writes nothing, the rest
of its batch is written.
A row identical to what is stored is left alone: importing the same file twice changes
nothing the second time, not even a version or a history entry. If a batch fails on the
database (say a company with the same BIN was created meanwhile), its rows are retried one
by one so only the offending row is rejected.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import IO, Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from registry.bulk.csvformat import COLUMNS, READ_ONLY, REQUIRED, parse_row
from registry.bulk.schemas import ImportReport
from registry.company import queries, search
from registry.company import service as companies
from registry.company.fields import IMPORTED_SCALARS
from registry.company.models import Company, CompanyProduct
from registry.company.queries import Details
from registry.company.schemas import CompanyImport
from registry.company.service import Actor, NewRows
from registry.messages import MESSAGES, RULES
from shared import tasks
from shared.auth import Principal
from shared.bodies import too_deep, too_deep_message
from shared.db import engine_of
from shared.errors import Conflict, Problem, error_text
from shared.i18n import Text, join, message
from shared.jobs import Jobs, Progress, Upload

# Rows per write transaction. SQLite spent 10-12 s of an import of 100,000 rows in its 100
# commits (FTS5, for one, writes an index segment per commit and merges them as they pile
# up: ~1 s of it): in-process, ~49 s in batches of 1,000, ~41 s in batches of 5,000 (10,000:
# no better). A batch holds SQLite's write lock about 2 s; readers do not wait.
BATCH = 5000
MAX_REPORTED_ERRORS = 1000
# an import writing at least this many companies refreshes the planner's statistics after
ANALYZE_AFTER = 1000
STATISTICS_TABLES = (
    "company",
    "company_search",
    "company_listing",
    "company_segment",
    "company_capability",
    "company_product",
    "company_certification",
)


class BadFile(Problem):
    status = 422
    slug = "validation"


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def done(self) -> int:
        """Rows dealt with: written, left unchanged or rejected."""
        return self.created + self.updated + self.unchanged + len(self.errors)

    def reject(self, line: int, bin_: str | None, reason: Text | str) -> None:
        """A row refused, with why in every language (the report is read later, by a reader
        whose language is not known yet: ``ImportReport``'s ``reason`` is ``Localized``)."""
        self.errors.append({"line": line, "bin": bin_, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        errors = sorted(self.errors, key=lambda e: e["line"])
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(errors),
            "errors": errors[:MAX_REPORTED_ERRORS],
            "errors_truncated": len(errors) > MAX_REPORTED_ERRORS,
        }


@dataclass
class Row:
    line: int
    data: CompanyImport


def read_json_rows(file: IO[bytes], report: Report) -> tuple[int, Iterator[list[Row]]]:
    """A JSON array of full create payloads (products, certifications and contacts too);
    an item's position (from 1) stands for its line in the report. Parsed whole (a JSON
    import carries full profiles, far fewer than a CSV's rows): the count and the batches.

    Its nesting is checked here, not by ``shared.bodies`` before the route (which would
    read the body whole before the import's size limit applied): the same limit, the same
    message, before the parser can recurse."""
    body = file.read()
    if too_deep(body):
        raise BadFile(too_deep_message())
    try:
        items = json.loads(body)
    except ValueError as exc:
        raise BadFile(message(MESSAGES["not_json"], error=str(exc))) from None
    if not isinstance(items, list):
        raise BadFile(message(MESSAGES["json_not_array"]))
    # the document says an array of objects: anything else is the body's shape, not a row
    not_objects = [n for n, item in enumerate(items, start=1) if not isinstance(item, dict)]
    if not_objects:
        raise BadFile(message(MESSAGES["json_item_not_object"], item=not_objects[0]))
    rows = ((n, item, item.get("bin")) for n, item in enumerate(items, start=1))
    return len(items), _validated(rows, report)


def _validated(items: Iterator[tuple[int, Any, str | None]], report: Report) -> Iterator[list[Row]]:
    """Batches of valid rows; the invalid ones go to the report. Lazy, so an import validates
    one batch while it writes the one before (see import_companies)."""
    first_line_of: dict[tuple[str, ...], int] = {}
    while chunk := list(islice(items, BATCH)):
        rows: list[Row] = []
        for line, item, raw_bin in chunk:
            try:
                data = CompanyImport.model_validate(item)
            except ValidationError as exc:
                report.reject(line, raw_bin, join(error_text(e) for e in exc.errors()))
                continue
            key = identity(data)
            if key in first_line_of:
                repeats = message(MESSAGES["repeats_line"], key=key[0], line=first_line_of[key])
                report.reject(line, data.bin, repeats)
                continue
            first_line_of[key] = line
            rows.append(Row(line, data))
        if rows:
            yield rows


def check_csv_header(file: IO[bytes]) -> None:
    """The header line, checked before a job is made of the file (a 422 at once)."""
    with _text(file) as text:
        _header(csv.DictReader(text))


def read_csv_rows(file: IO[bytes], report: Report) -> tuple[int, Iterator[list[Row]]]:
    """Two passes over the spooled file, neither holding it in memory: the first reads it
    whole (a malformed file is refused before anything is written) and counts its rows; the
    second (the iterator) parses and validates it batch by batch."""
    with _text(file) as text:
        reader = csv.DictReader(text)
        _header(reader)
        try:  # the rows a DictReader yields (not blank ones), without building their dicts
            total = sum(1 for cells in reader.reader if cells)
        except csv.Error as exc:
            raise BadFile(
                message(MESSAGES["csv_error"], line=reader.line_num, error=str(exc))
            ) from None
    return total, _validated(_csv_items(file, report), report)


@contextlib.contextmanager
def _text(file: IO[bytes]) -> Iterator[io.TextIOWrapper]:
    """The file from its start as UTF-8 text (a BOM allowed); the file stays open after."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield text
    except UnicodeDecodeError as exc:
        raise BadFile(message(MESSAGES["not_utf8"], reason=exc.reason)) from None
    finally:
        text.detach()


def _header(reader: csv.DictReader[str]) -> None:
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = sorted(set(header) - set(COLUMNS) - set(READ_ONLY))
    missing = sorted(REQUIRED - set(header))
    if unknown or missing:
        raise BadFile(
            message(MESSAGES["header_mismatch"]),
            unknown_columns=unknown,
            missing_columns=missing,
            expected_columns=list(COLUMNS),
        )


def _csv_items(file: IO[bytes], report: Report) -> Iterator[tuple[int, Any, str | None]]:
    with _text(file) as text:
        reader = csv.DictReader(text)
        _header(reader)
        for raw in reader:
            if None in raw:  # more cells than columns
                report.reject(reader.line_num, raw.get("bin"), message(MESSAGES["too_many_cells"]))
                continue
            yield reader.line_num, parse_row(raw), raw.get("bin")


def identity(company: Any) -> tuple[str, ...]:
    """What an import matches on: the BIN, or for a foreign company without one its country
    and registration number."""
    if company.bin:
        return ("bin", company.bin)
    return (
        "foreign_registration_number",
        company.country,
        (company.foreign_registration_number or "").strip(),
    )


def _state(values: dict[str, Any]) -> dict[str, Any]:
    """What an import compares: scalar fields as stored, segments and capabilities as sets."""
    state = {name: values.get(name) for name in IMPORTED_SCALARS}
    state["segments"] = sorted(values.get("segments") or [])
    state["capabilities"] = sorted(values.get("capabilities") or [])
    state["oked_codes"] = list(values.get("oked_codes") or [])
    state["tags"] = list(values.get("tags") or [])
    return state


async def import_companies(
    *,
    sessions: async_sessionmaker[AsyncSession],
    file: IO[bytes],
    actor: Actor,
    json_body: bool = False,
    publish: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Upsert companies by BIN from a spooled CSV file (or JSON array); returns the import
    report. ``progress`` hears the rows counted, then the rows done after each batch.

    It takes the session factory, not a session, unlike the other service functions: each
    batch is its own transaction (a batch refused by the database must not undo the ones
    before it), and the next batch is looked up on a read-only session beside the writer.

    ``publish`` makes the companies it creates public at once: for data programme staff
    already reviewed elsewhere (a ministry spreadsheet, the demo data).

    A pipeline of two stages: batch N+1 is validated, looked up and turned into rows (Python,
    on a worker thread) while batch N is written. PostgreSQL does its share in its own
    process; SQLite does it on the driver's threads with the interpreter lock released (a
    profile of a 100,000-row import: ~38 s there, the event loop's thread busy a third of
    the time). The two stages' Python shares the one lock; a child process for it lost more
    to pickling than it saved when tried.
    """
    report = Report()
    read = read_json_rows if json_body else read_csv_rows
    total, batches = await asyncio.to_thread(read, file, report)
    if progress is not None:
        await progress.counted(total)
    prepared: asyncio.Queue[Prepared | None] = asyncio.Queue(maxsize=2)

    async def prepare_all() -> None:
        while (batch := await asyncio.to_thread(next, batches, None)) is not None:
            await prepared.put(await _prepare(sessions, batch, actor, publish))
        await prepared.put(None)

    producer = asyncio.create_task(prepare_all())
    try:
        while (work := await _next(prepared, producer)) is not None:
            try:
                async with sessions() as session, session.begin():
                    await _write(session, work, actor)
            except IntegrityError:
                await _one_by_one(sessions, work.batch, actor, report, publish)
            else:
                work.count_into(report)
            if progress is not None:
                await progress.advanced(done=report.done, rejected=len(report.errors))
    finally:
        await tasks.stop([producer])
    if report.created + report.updated >= ANALYZE_AFTER:
        await _refresh_statistics(sessions)
    return report.as_dict()


async def _next(
    queue: asyncio.Queue[Prepared | None], producer: asyncio.Task[None]
) -> Prepared | None:
    """The next prepared batch, or the producer's exception (a bad file) if it failed."""
    getter = asyncio.ensure_future(queue.get())
    await asyncio.wait({getter, producer}, return_when=asyncio.FIRST_COMPLETED)
    if getter.done():
        return getter.result()
    getter.cancel()
    producer.result()  # raises what stopped it
    raise RuntimeError("the import's producer stopped without finishing")  # pragma: no cover


@dataclass
class Prepared:
    """One batch, classified against what is stored, with the rows of its new companies."""

    batch: list[Row]
    created: NewRows
    updates: list[tuple[Row, Company, list[str]]]
    details: dict[uuid.UUID, Details]
    unchanged: int = 0
    rejected: list[tuple[int, str | None, Text]] = field(default_factory=list)

    def count_into(self, report: Report) -> None:
        report.created += len(self.created.companies)
        report.updated += len(self.updates)
        report.unchanged += self.unchanged
        for rejection in self.rejected:
            report.reject(*rejection)


async def _prepare(
    sessions: async_sessionmaker[AsyncSession], batch: list[Row], actor: Actor, publish: bool
) -> Prepared:
    """Look the batch up (a read-only session: the writer may hold SQLite's write lock) and
    build its new companies' rows on a worker thread."""
    async with sessions() as session:
        await session.connection(execution_options={"readonly": True})
        existing = await _existing(session, batch)
        details = await queries.details(session=session, ids=[c.id for c in existing.values()])
    creates: list[Row] = []
    work = Prepared(batch, NewRows(), [], details)
    for row in batch:
        company = existing.get(identity(row.data))
        if company is None:
            creates.append(row)
            continue
        if company.kind != row.data.kind:
            reason = message(MESSAGES["kind_differs"], kind=company.kind)
            work.rejected.append((row.line, row.data.bin, reason))
            continue
        before = _state({**company.model_dump(), **details[company.id].__dict__})
        after = _state(row.data.model_dump())
        changed = [name for name in after if after[name] != before[name]]
        if _verified_later(row.data, company):
            changed.append("last_verified_at")
        if changed:
            work.updates.append((row, company, changed))
        else:
            work.unchanged += 1
    work.created = await asyncio.to_thread(
        companies.new_companies,
        [row.data for row in creates],
        actor=actor,
        action="imported",
        now=datetime.now(UTC),
        publish=publish,
    )
    return work


def _verified_later(data: CompanyImport, company: Company) -> bool:
    """Does the row say the profile was verified after the date stored? An import moves the
    date forward only: an old export fed back must not undo a verification since."""
    return data.last_verified_at is not None and (
        company.last_verified_at is None or data.last_verified_at > company.last_verified_at
    )


async def _existing(session: AsyncSession, batch: list[Row]) -> dict[tuple[str, ...], Company]:
    bins = [row.data.bin for row in batch if row.data.bin]
    foreign = [row.data.foreign_registration_number for row in batch if not row.data.bin]
    # One statement per kind of identity, and none for an empty list: ORed together (or with
    # an empty IN list) PostgreSQL cannot use the BIN index. The BINs (12 digits each) go into
    # the SQL as literals: as parameters, PostgreSQL would cache a generic plan made while the
    # table was still small (a sequential scan) and keep reading the whole growing table for
    # every batch, which makes a large import quadratic.
    lookups = []
    if bins:
        lookups.append(
            col(Company.bin).in_(sa.bindparam("bins", bins, expanding=True, literal_execute=True))
        )
    if foreign:
        lookups.append(
            col(Company.bin).is_(None) & col(Company.foreign_registration_number).in_(foreign)
        )
    existing: dict[tuple[str, ...], Company] = {}
    for lookup in lookups:
        for company in (await session.execute(select(Company).where(lookup))).scalars():
            existing[identity(company)] = company
    return existing


async def _write(session: AsyncSession, work: Prepared, actor: Actor) -> None:
    await companies.insert_new(session=session, rows=work.created)
    await _update(session, work.updates, work.details, actor)


async def _refresh_statistics(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Refresh the query planner's statistics after a bulk write, as one does after any bulk
    load. Without them both engines misjudge the filters: SQLite then drives a public search's
    facet counts from the company table and probes the full-text index once per company
    (seconds at 100,000 companies instead of milliseconds), and PostgreSQL (until autovacuum
    gets round to it) picks nested loops that read every company of a region.

    On PostgreSQL the search table is vacuumed too: its new pages must be marked all-visible
    before the relevance walk can run as an index-only scan (registry_0006). VACUUM cannot
    run inside a transaction, hence the connection of its own."""
    async with sessions() as session, session.begin():
        for table in STATISTICS_TABLES:
            await session.execute(sa.text(f"ANALYZE {table}"))
    engine = engine_of(sessions)
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(sa.text("VACUUM company_search"))
    search.forget_estimates()


async def _one_by_one(
    sessions: async_sessionmaker[AsyncSession],
    batch: list[Row],
    actor: Actor,
    report: Report,
    publish: bool,
) -> None:
    """A batch the database refused (a company with one of its BINs was created meanwhile):
    row by row, so only the offending rows are rejected."""
    for row in batch:
        try:
            work = await _prepare(sessions, [row], actor, publish)
            async with sessions() as session, session.begin():
                await _write(session, work, actor)
        except IntegrityError as exc:
            refused = message(MESSAGES["database_refused"], error=str(exc.orig))
            report.reject(row.line, row.data.bin, refused)
        except Problem as exc:
            detail = exc.localized(RULES) if isinstance(exc, Conflict) else exc.detail
            report.reject(row.line, row.data.bin, detail)
        else:
            work.count_into(report)


async def _update(
    session: AsyncSession,
    updates: list[tuple[Row, Company, list[str]]],
    details: dict[uuid.UUID, Details],
    actor: Actor,
) -> None:
    """The batch's changed companies, written the way the API writes an update."""
    if not updates:
        return
    now = datetime.now(UTC)
    ids = [company.id for _, company, _ in updates]
    # read again in the writing transaction: the search document is made of them too
    products = await _products(session, ids)
    changes = []
    for row, company, changed in updates:
        data = row.data
        values: dict[str, Any] = {name: getattr(data, name) for name in IMPORTED_SCALARS}
        values.update(
            oked_codes=data.oked_codes or [],
            tags=data.tags or [],
            segments=sorted(data.segments),
            capabilities=sorted(data.capabilities or []),
        )
        if _verified_later(data, company):
            values["last_verified_at"] = data.last_verified_at
        detail = Details(
            **{**details[company.id].__dict__, "products": products.get(company.id, [])}
        )
        change = companies.changed_company(
            companies.row_of(company),
            detail,
            values,
            actor=actor,
            action="imported",
            now=now,
            changed_fields=changed,
        )
        if change is not None:
            changes.append(change)
    await companies.apply_changes(session=session, changes=changes)


async def _products(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    result: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for product in (
        await session.execute(
            select(CompanyProduct)
            .where(col(CompanyProduct.company_id).in_(ids))
            .order_by(CompanyProduct.ordinal)
        )
    ).scalars():
        result.setdefault(product.company_id, []).append(
            {"name": product.name, "category": product.category, "description": product.description}
        )
    return result


KIND = "companies"
JOBS_AT = "/companies"


async def submit_import(
    *,
    jobs: Jobs,
    sessions: async_sessionmaker[AsyncSession],
    upload: Upload,
    principal: Principal,
    key: str | None,
    json_body: bool,
    publish: bool,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """An import job of the spooled file (its CSV header checked first: a 422 at once);
    the job's row and whether it answers an earlier request with the same key."""
    actor = Actor.of(principal)

    async def work(file: IO[bytes], progress: Progress) -> ImportReport:
        report = await import_companies(
            sessions=sessions,
            file=file,
            actor=actor,
            json_body=json_body,
            publish=publish,
            progress=progress,
        )
        return ImportReport.model_validate(report)

    return await jobs.submit(
        kind=KIND,
        principal=principal,
        upload=upload,
        key=key,
        work=work,
        now=now,
        check=None if json_body else check_csv_header,
    )
