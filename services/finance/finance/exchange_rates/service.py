"""Exchange rates: entered one by one or imported from CSV, looked up for a date, and used
to convert an amount exactly (half-even to the target currency's minor unit).

A missing rate is an error naming the pair and the date, never a silent 1.0. A rate holds
until the next one is published, for at most ``STALE_AFTER`` (the National Bank publishes
every working day; a week-old rate is stale). Functions never commit.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import IO, Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from finance.exchange_rates.models import ExchangeRate
from finance.exchange_rates.schemas import DEFAULT_SOURCE, ExchangeRateCreate, ImportRead
from finance.messages import MESSAGES
from shared.auth import Principal
from shared.db import utcnow
from shared.errors import Conflict, InvalidInput, NotFound, Problem, field_message
from shared.i18n import KIT, Text, message
from shared.jobs import Jobs, Progress, Upload
from shared.money import MINOR_UNITS, Money
from shared.persistence import flush_or_conflict, one_or_404

STALE_AFTER = timedelta(days=7)
MAX_IMPORT_ROWS = 10_000


class ImportInvalid(Problem):
    """A 422 naming each bad row and field of an imported file; nothing is stored."""

    status = 422
    slug = "validation"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        fields = ", ".join(e["field"] for e in errors[:10])
        super().__init__(message(KIT["invalid_input"], fields=fields), errors=errors)


def money_of(amount: str, currency: str, *, field: str, where: str = "body") -> Money:
    """``Money`` from text, or a 422 naming ``field`` (too many places, not a number...)."""
    try:
        return Money.of(amount, currency)
    except ValidationError as exc:
        raise InvalidInput(field, field_message(exc.errors()[0]), where=where) from None
    except ValueError:  # not a number at all
        words = message(MESSAGES["not_a_decimal_amount"], amount=repr(amount))
        raise InvalidInput(field, words, where=where) from None


FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def _in_calendar(on: date, field: str) -> None:
    """Rates exist for the programme's calendar; a date outside it is a 422, not a search."""
    if not FIRST_DAY <= on <= LAST_DAY:
        words = message(MESSAGES["date_in_calendar"], first=FIRST_DAY, last=LAST_DAY)
        raise InvalidInput(field, words, where="query")


def per_unit(rate: ExchangeRate) -> Decimal:
    """One unit of base in quote, exactly (a quoting unit is a power of ten)."""
    return Decimal(rate.rate) / rate.unit


def _rate(data: ExchangeRateCreate, principal: Principal, now: datetime) -> ExchangeRate:
    return ExchangeRate(
        base=data.base,
        quote=data.quote,
        on=data.on,
        rate=f"{data.rate:f}",
        unit=data.unit,
        source=data.source,
        rate_type=data.rate_type,
        created_by=principal.subject,
        created_at=now,
    )


async def _stored(session: AsyncSession, data: ExchangeRateCreate) -> ExchangeRate | None:
    """The rate stored for the same pair, date, source and type, if any."""
    return (
        await session.scalars(
            sa.select(ExchangeRate).where(
                ExchangeRate.base == data.base,
                ExchangeRate.quote == data.quote,
                ExchangeRate.on == data.on,
                ExchangeRate.source == data.source,
                ExchangeRate.rate_type == data.rate_type,
            )
        )
    ).first()


def _exists(data: ExchangeRateCreate, where: Text | None = None) -> Conflict:
    """``where``: the line of an imported file that has it (``MESSAGES["rate_line_..."]``)."""
    return Conflict(
        f"A {data.source} {data.rate_type} {data.base}/{data.quote} rate on {data.on} exists"
        f"{where or ''}; rates are not overwritten.",
        rule="rate_exists",
        params=_exists_params(data, where),
    )


def _exists_params(data: ExchangeRateCreate, where: Text | None = None) -> dict[str, Any]:
    """What ``rate_exists``'s Russian and Kazakh name: the pair, the date, the file's line."""
    return {
        "pair": f"{data.base}/{data.quote}",
        "source": data.source,
        "rate_type": data.rate_type,
        "on": data.on,
        "where": where or "",
    }


def problems(data: ExchangeRateCreate) -> list[tuple[str, Text]]:
    """What a well-formed rate may still get wrong: (field, message) pairs."""
    found = []
    if data.quote == data.base:
        found.append(("quote", message(MESSAGES["rate_same_currencies"])))
    if data.rate <= 0:
        found.append(("rate", message(MESSAGES["rate_above_zero"])))
    return found


async def create(
    *, session: AsyncSession, data: ExchangeRateCreate, principal: Principal, now: datetime
) -> ExchangeRate:
    """Record one rate; a second rate for the same pair, date, source and type is a 409."""
    for field, words in problems(data):
        raise InvalidInput(field, words)
    if await _stored(session, data) is not None:
        raise _exists(data)
    rate = _rate(data, principal, now)
    session.add(rate)
    await flush_or_conflict(
        session, rule="rate_exists", detail=str(_exists(data)), params=_exists_params(data)
    )
    return rate


def check_header(content: bytes) -> None:
    """UTF-8 with the columns an import needs, checked before a job is made of the file."""
    _reader(content)


def _reader(content: bytes) -> csv.DictReader[str]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportInvalid([_error("body", message(MESSAGES["file_not_utf8"]))]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"on", "base", "quote", "rate"} - set(reader.fieldnames or [])
    if missing:
        words = message(MESSAGES["missing_columns"], columns=", ".join(sorted(missing)))
        raise ImportInvalid([_error("header", words)])
    return reader


async def import_csv(
    *, session: AsyncSession, content: bytes, principal: Principal, now: datetime
) -> tuple[int, int]:
    """Record every rate of a CSV file (header ``on,base,quote,rate`` and optionally
    ``unit,source,rate_type``; UTF-8, a BOM allowed), all or nothing: a bad row is a 422
    naming its line and field, a rate that exists with another value a 409 naming its line.
    A row equal to a rate stored is left alone, so importing a file twice changes nothing
    the second time. The rates recorded and the rows left alone."""
    reader = _reader(content)
    rows: list[tuple[int, ExchangeRateCreate]] = []
    errors: list[dict[str, Any]] = []
    for number, row in enumerate(_rows(reader), start=2):  # line 1 is the header
        if number - 1 > MAX_IMPORT_ROWS:
            words = message(MESSAGES["too_many_rows"], limit=MAX_IMPORT_ROWS)
            raise ImportInvalid([_error("body", words)])
        values = {k: v for k, v in row.items() if k and v not in (None, "")}
        values.setdefault("source", DEFAULT_SOURCE)
        try:
            data = ExchangeRateCreate.model_validate(values)
        except ValidationError as exc:
            errors += [
                _error(f"line {number}.{'.'.join(map(str, e['loc']))}", field_message(e))
                for e in exc.errors()
            ]
            continue
        errors += [_error(f"line {number}.{field}", words) for field, words in problems(data)]
        rows.append((number, data))
    if errors:
        raise ImportInvalid(errors)
    seen: set[tuple[Any, ...]] = set()
    new: list[ExchangeRateCreate] = []
    for number, data in rows:
        key = (data.base, data.quote, data.on, data.source, data.rate_type)
        if key in seen:
            raise _exists(data, where=message(MESSAGES["rate_line_repeats"], line=number))
        seen.add(key)
        stored = await _stored(session, data)
        if stored is None:
            new.append(data)
        elif per_unit(stored) != data.rate / data.unit:
            raise _exists(data, where=message(MESSAGES["rate_line_differs"], line=number))
    session.add_all(_rate(data, principal, now) for data in new)
    await flush_or_conflict(session, rule="rate_exists", detail="A rate in the file exists.")
    return len(new), len(rows) - len(new)


def _rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    """The rows; a file the CSV reader gives up on (a cell past its size limit, a stray
    NUL) is a 422 naming the line, not a failure of the import."""
    try:
        yield from reader
    except csv.Error as exc:
        words = message(MESSAGES["unreadable_line"], line=reader.line_num, error=exc)
        raise ImportInvalid([_error("body", words)]) from None


def _error(field: str, words: Text) -> dict[str, Any]:
    """A bad row's field and why, in every language (the failed job keeps them all)."""
    return {"field": field, "in": "body", "message": words, "code": "invalid"}


async def get(*, session: AsyncSession, rate_id: uuid.UUID) -> ExchangeRate:
    """One rate, or 404."""
    return await one_or_404(
        session, sa.select(ExchangeRate).where(ExchangeRate.id == rate_id), what="exchange rate"
    )


def listing(
    *, base: str | None, quote: str | None, on_from: date | None, on_to: date | None
) -> sa.Select[tuple[ExchangeRate]]:
    """Rates, filtered (a statement, for paging)."""
    statement = sa.select(ExchangeRate)
    for column, value in ((ExchangeRate.base, base), (ExchangeRate.quote, quote)):
        if value is not None:
            statement = statement.where(column == value.upper())
    if on_from is not None:
        statement = statement.where(ExchangeRate.on >= on_from)
    if on_to is not None:
        statement = statement.where(ExchangeRate.on <= on_to)
    return statement


async def _latest(
    session: AsyncSession, base: str, quote: str, on: date, source: str, rate_type: str
) -> ExchangeRate | None:
    return (
        await session.scalars(
            sa.select(ExchangeRate)
            .where(
                ExchangeRate.base == base,
                ExchangeRate.quote == quote,
                ExchangeRate.source == source,
                ExchangeRate.rate_type == rate_type,
                ExchangeRate.on <= on,
                ExchangeRate.on > on - STALE_AFTER,
            )
            .order_by(ExchangeRate.on.desc())  # type: ignore[attr-defined]
            .limit(1)
        )
    ).first()


async def lookup(
    *,
    session: AsyncSession,
    base: str,
    quote: str,
    on: date,
    source: str = DEFAULT_SOURCE,
    rate_type: str = "official",
) -> ExchangeRate:
    """The rate in force on ``on``: that day's, or the latest of the week before; else a
    404 naming the pair and the date."""
    rate = await _latest(session, base.upper(), quote.upper(), on, source, rate_type)
    if rate is None:
        raise _missing(base.upper(), quote.upper(), on, source, rate_type)
    return rate


def _missing(base: str, quote: str, on: date, source: str, rate_type: str) -> NotFound:
    return NotFound(
        message(
            MESSAGES["no_rate"],
            source=source,
            rate_type=rate_type,
            base=base,
            quote=quote,
            on=on,
            days=STALE_AFTER.days,
        ),
        base=base,
        quote=quote,
        on=on.isoformat(),
    )


async def convert(
    *,
    session: AsyncSession,
    money: Money,
    to: str,
    on: date,
    source: str = DEFAULT_SOURCE,
    rate_type: str = "official",
) -> tuple[Money, ExchangeRate | None]:
    """``money`` in ``to`` at the rate in force ``on`` (the pair's rate, or the inverse of
    the reverse pair's), rounded half-even to ``to``'s minor unit; and the rate used."""
    to = to.upper()
    _in_calendar(on, "on")
    if money.currency == to:
        return money, None
    factor, rate = await rate_factor(
        session=session, base=money.currency, to=to, on=on, source=source, rate_type=rate_type
    )
    return at_factor(money, factor, to), rate


async def rate_factor(
    *, session: AsyncSession, base: str, to: str, on: date, source: str, rate_type: str
) -> tuple[Decimal, ExchangeRate]:
    """What one unit of ``base`` costs in ``to`` on ``on`` (the pair's rate, or the inverse
    of the reverse pair's) and the rate it comes from; a 404 naming the pair and date if
    neither is known. A report converting many amounts looks each factor up once."""
    rate = await _latest(session, base, to, on, source, rate_type)
    if rate is not None:
        return per_unit(rate), rate
    rate = await _latest(session, to, base, on, source, rate_type)
    if rate is None:
        raise _missing(base, to, on, source, rate_type)
    with localcontext() as context:
        context.prec = 60
        return 1 / per_unit(rate), rate


def at_factor(money: Money, factor: Decimal, to: str) -> Money:
    """``money`` times ``factor``, in ``to``, rounded half-even to its minor unit."""
    with localcontext() as context:
        context.prec = 60
        exact = money.amount * factor
    quantum = Decimal(1).scaleb(-MINOR_UNITS[to])
    try:
        return Money(amount=exact.quantize(quantum, ROUND_HALF_EVEN), currency=to)
    except ValueError:  # beyond shared.money.MAX_AMOUNT in the target currency
        words = message(MESSAGES["converted_out_of_range"], currency=to)
        raise InvalidInput("amount", words) from None


MAX_IMPORT_BYTES = 1024 * 1024
"""1 MiB: an exchange-rate import's one size limit (413 beyond, naming it)."""
IMPORT_KIND = "exchange_rates"
JOBS_AT = "/exchange-rates"


async def submit_import(
    *,
    jobs: Jobs,
    sessions: async_sessionmaker[AsyncSession],
    upload: Upload,
    principal: Principal,
    key: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """An import job of the spooled CSV file (UTF-8 and its header checked first: a 422 at
    once); the job's row and whether it answers an earlier request with the same key."""

    async def work(file: IO[bytes], progress: Progress) -> ImportRead:
        async with sessions() as session, session.begin():
            imported, unchanged = await import_csv(
                session=session, content=file.read(), principal=principal, now=utcnow()
            )
        await progress.counted(imported + unchanged)
        await progress.advanced(done=imported + unchanged, rejected=0)
        return ImportRead(imported=imported, unchanged=unchanged)

    return await jobs.submit(
        kind=IMPORT_KIND,
        principal=principal,
        upload=upload,
        key=key,
        work=work,
        now=now,
        check=lambda file: check_header(file.read()),
    )
