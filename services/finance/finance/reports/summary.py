"""Keeping the execution summary (``reports.models.ExecutionSummary``) in step.

Every change that moves a figure calls ``apply`` with its deltas in its own transaction:
a commitment made, replaced or released (the event consumer), an actual recorded. Deltas
are added in SQL (``INSERT ... ON CONFLICT DO UPDATE SET x = x + excluded.x``), never read,
changed and written back, so two replicas applying events to the same row at once both
count: on PostgreSQL the second upsert waits for the first transaction's row lock and adds
to what it committed. Rows are upserted in key order, so two transactions touching the same
rows lock them in the same order and cannot deadlock on them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from finance.commitments.models import Commitment, CommitmentLine
from finance.reports.models import NO_COHORT, ExecutionSummary

Key = tuple[int, uuid.UUID, str, str, str]
"""programme year, cohort (``NO_COHORT``), module, party, currency."""

FIGURES = ("committed_minor", "invoiced_minor", "paid_minor", "lines", "invoices", "settlements")


@dataclass(frozen=True, slots=True)
class Delta:
    """What one change adds to a summary row (negative to take away)."""

    committed_minor: int = 0
    invoiced_minor: int = 0
    paid_minor: int = 0
    lines: int = 0
    invoices: int = 0
    settlements: int = 0

    def __add__(self, other: Delta) -> Delta:
        return Delta(*(getattr(self, f) + getattr(other, f) for f in FIGURES))

    def __neg__(self) -> Delta:
        return Delta(*(-getattr(self, f) for f in FIGURES))

    def __bool__(self) -> bool:
        return any(getattr(self, f) for f in FIGURES)


Deltas = dict[Key, Delta]


def key(commitment: Commitment, line: CommitmentLine) -> Key:
    """Where a commitment's line counts; the commitment is committed (module and date set)."""
    assert commitment.committed_at is not None and commitment.module is not None
    return (
        commitment.committed_at.astimezone(UTC).year,
        commitment.cohort_id or NO_COHORT,
        commitment.module,
        line.party,
        line.currency,
    )


def contribution(
    commitment: Commitment,
    lines: Iterable[CommitmentLine],
    actuals: Mapping[uuid.UUID, tuple[int, int, int, int]],
) -> Deltas:
    """What a commitment in force adds to the summary: its lines, and its actuals per line
    (invoiced, settled, how many invoices, how many settlements)."""
    deltas: Deltas = {}
    for line in lines:
        invoiced, settled, invoices, settlements = actuals.get(line.id, (0, 0, 0, 0))
        at = key(commitment, line)
        deltas[at] = deltas.get(at, Delta()) + Delta(
            line.amount_minor, invoiced, settled, 1, invoices, settlements
        )
    return deltas


def difference(after: Deltas, before: Deltas) -> Deltas:
    """``after`` minus ``before``, key by key."""
    result = dict(after)
    for at, delta in before.items():
        result[at] = result.get(at, Delta()) + -delta
    return result


async def apply(session: AsyncSession, deltas: Deltas) -> None:
    """Add ``deltas`` to their rows (creating them), in key order, in the caller's
    transaction."""
    rows = [
        {
            "programme_year": year,
            "cohort_id": cohort,
            "module": module,
            "party": party,
            "currency": currency,
            **{f: getattr(delta, f) for f in FIGURES},
        }
        for (year, cohort, module, party, currency), delta in sorted(
            deltas.items(), key=lambda item: (item[0][0], str(item[0][1]), *item[0][2:])
        )
        if delta
    ]
    if not rows:
        return
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = insert(ExecutionSummary).values(rows)
    table = ExecutionSummary.__table__  # type: ignore[attr-defined]
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={f: table.c[f] + statement.excluded[f] for f in FIGURES},
        )
    )


REBUILD = """
INSERT INTO execution_summary (programme_year, cohort_id, module, party, currency,
    committed_minor, invoiced_minor, paid_minor, lines, invoices, settlements)
SELECT {year}, COALESCE(c.cohort_id, {no_cohort}), c.module, l.party, l.currency,
    SUM(l.amount_minor),
    SUM(COALESCE(a.invoiced, 0)), SUM(COALESCE(a.paid, 0)),
    COUNT(*), SUM(COALESCE(a.invoices, 0)), SUM(COALESCE(a.settlements, 0))
FROM commitment_line l
JOIN commitment c ON c.id = l.commitment_id
LEFT JOIN (
    SELECT line_id,
        SUM(CASE WHEN kind = 'invoice' THEN amount_minor ELSE 0 END) AS invoiced,
        SUM(CASE WHEN kind <> 'invoice' THEN amount_minor ELSE 0 END) AS paid,
        SUM(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END) AS invoices,
        SUM(CASE WHEN kind <> 'invoice' THEN 1 ELSE 0 END) AS settlements
    FROM actual GROUP BY line_id
) a ON a.line_id = l.id
WHERE c.status = 'committed'
GROUP BY 1, 2, 3, 4, 5
"""
"""The summary computed from the lines and actuals: what the migration backfills (its own
frozen copy), and what ``rebuild`` writes after a bulk load (the benchmark's)."""


async def rebuild(session: AsyncSession) -> None:
    """Recompute the whole summary from the commitment lines and actuals (a bulk load that
    wrote lines directly; a repair), in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    year = (
        "CAST(strftime('%Y', c.committed_at) AS INTEGER)"
        if dialect == "sqlite"
        else "CAST(EXTRACT(YEAR FROM c.committed_at AT TIME ZONE 'UTC') AS INTEGER)"
    )
    no_cohort = f"'{NO_COHORT.hex if dialect == 'sqlite' else NO_COHORT}'"
    await session.execute(sa.delete(ExecutionSummary))
    await session.execute(sa.text(REBUILD.format(year=year, no_cohort=no_cohort)))


def in_scope(cohort_id: uuid.UUID | None, programme_year: int) -> sa.ColumnElement[bool]:
    """The rows a budget counts: its cohort's, or for a whole-year budget its year's."""
    if cohort_id is not None:
        return ExecutionSummary.cohort_id == cohort_id  # type: ignore[return-value]
    return ExecutionSummary.programme_year == programme_year  # type: ignore[return-value]
