"""The execution summary equals the aggregate over the commitment lines it replaces.

The reports read the summary (``finance.reports.summary``), kept in the transaction of every
change; the old aggregate over every line and actual (``reports.service._tally`` and
``_actuals``, still what the statements read) is the oracle. A random sequence of
commitments (new, repeated, rescheduled, several currencies, several sponsors), releases
(before and after their commitment) and actuals over two programme years and several cohorts
must leave both equal for every scope, after every step; concurrent writers on one summary
row must lose nothing; and ``rebuild`` (the migration's backfill) gives the same rows.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from finance.actuals import service as actuals
from finance.actuals.models import SETTLING, ActualKind
from finance.actuals.schemas import ActualCreate
from finance.budgets.models import Budget
from finance.commitments import service as commitments
from finance.commitments.models import Commitment, CommitmentLine, CommitmentStatus, SourceKind
from finance.modules import Module
from finance.reports import service as reports
from finance.reports import summary
from finance.reports.models import ExecutionSummary
from finance.rules.split import Party
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.auth import Principal, Role
from shared.db import create_engine, engine_of, session_factory
from shared.migrations import downgrade, upgrade
from shared.money import Money

PM = Principal(subject="programme_manager-1", role=Role.PROGRAMME_MANAGER)
COHORTS: list[uuid.UUID | None] = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), None]
COMPANIES = [uuid.uuid4() for _ in range(3)]
START = datetime(2026, 11, 1, tzinfo=UTC)
KINDS_FOR = {
    Party.PROGRAMME: (ActualKind.INVOICE, ActualKind.PAYMENT),
    Party.VENDOR: (ActualKind.IN_KIND,),
    Party.LOCAL_COMPANY: (ActualKind.CONTRIBUTION,),
    Party.INTERNATIONAL_COMPANY: (ActualKind.CONTRIBUTION,),
    Party.HOST_COMPANY: (ActualKind.CONTRIBUTION,),
}


@pytest.fixture
def finance_url(database: Callable[[str], str]) -> str:
    return database("finance")


@pytest.fixture
async def sessions(finance_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(finance_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def scopes() -> list[Budget]:
    """Every scope a budget can have here: each cohort, and each programme year."""
    made = [Budget(cohort_id=c, programme_year=2026) for c in COHORTS if c is not None]
    return made + [Budget(cohort_id=None, programme_year=year) for year in (2026, 2027)]


async def assert_summary_is_the_line_aggregate(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        for budget in scopes():
            condition, _ = reports._scope(budget)
            oracle = (
                (await reports._tally(session, condition, count=False))[0],
                await reports._actuals(session, [ActualKind.INVOICE], condition),
                await reports._actuals(session, list(SETTLING), condition),
            )
            assert await reports.summed(session, budget) == oracle, (
                budget.cohort_id,
                budget.programme_year,
            )


def random_cost(rng: random.Random) -> commitments.Cost:
    """One or two items, sometimes in a second currency, sometimes zero."""
    items = [("course", Money.from_minor(rng.choice([0, 1, 99, 3333, 120000]), "USD"))]
    if rng.random() < 0.3:
        items.append(("travel", Money.from_minor(rng.randint(1, 5_000_000), "KZT")))
    return commitments.Cost(items=items)


async def commit(
    session: AsyncSession, rng: random.Random, source_id: uuid.UUID, at: datetime
) -> None:
    kind, module, rule = rng.choice(
        [
            (SourceKind.ENROLMENT, Module.TECHNICAL_TRAINING, "technical_training"),
            (SourceKind.ENROLMENT, Module.BUSINESS_TRAINING, "business_training"),
            (SourceKind.ASSESSMENT, Module.ASSESSMENT, "assessment"),
            (SourceKind.PROGRAMME_EVENT, Module.PROMOTION_MARKETING, "annual_event"),
            (SourceKind.INTERNSHIP, Module.EXCHANGE_INTERNSHIPS, "short_internship"),
        ]
    )
    await commitments.commit(
        session=session,
        kind=kind,
        source_id=source_id,
        module=module,
        rule_code=rule,
        on=at.date(),
        cost=random_cost(rng),
        payer=commitments.Payer(
            local_company=rng.choice(COMPANIES),
            international_companies=rng.sample(COMPANIES, rng.randint(0, 3)),
        ),
        cohort_id=rng.choice(COHORTS),
        source_time=at,
        now=at,
        discount_percent=Decimal(rng.choice([10, 75])) if kind is SourceKind.ENROLMENT else None,
        replaces=rng.random() < 0.5,
    )


async def record_actual(session: AsyncSession, rng: random.Random) -> None:
    """A valid actual on a random line of a commitment in force (the refusals are the
    actuals tests'), if there is room on it."""
    line = (
        await session.scalars(
            sa.select(CommitmentLine)
            .join(Commitment, Commitment.id == CommitmentLine.commitment_id)
            .where(Commitment.status == CommitmentStatus.COMMITTED, CommitmentLine.amount_minor > 0)
            .order_by(CommitmentLine.id)
        )
    ).all()
    if not line:
        return
    chosen = rng.choice(line)
    kind = rng.choice(KINDS_FOR[Party(chosen.party)])
    invoiced, settled = (await actuals.sums(session=session, line_ids=[chosen.id])).get(
        chosen.id, (0, 0)
    )
    room = {
        ActualKind.INVOICE: chosen.amount_minor - invoiced,
        ActualKind.PAYMENT: invoiced - settled,
    }.get(kind, chosen.amount_minor - settled)
    if room <= 0:
        return
    await actuals.record(
        session=session,
        data=ActualCreate(
            line_id=chosen.id,
            kind=kind,
            amount=Money.from_minor(rng.randint(1, room), chosen.currency),
            occurred_on=START.date(),
        ),
        principal=PM,
        now=START,
    )


class TestTheSummaryEqualsTheLineAggregate:
    @pytest.mark.parametrize("seed", range(4))
    async def test_after_every_step_of_a_random_sequence(
        self, sessions: async_sessionmaker[AsyncSession], finance_url: str, seed: int
    ) -> None:
        rng = random.Random(seed)
        sources: list[uuid.UUID] = []
        for step in range(120):
            # two programme years: November 2026 to about March 2027
            at = START + timedelta(days=step, seconds=rng.randint(0, 86_399))
            roll = rng.random()
            async with sessions() as session, session.begin():
                if roll < 0.45 or not sources:
                    fresh = not sources or rng.random() < 0.7
                    source = uuid.uuid4() if fresh else rng.choice(sources)
                    sources.append(source)
                    await commit(session, rng, source, at)
                elif roll < 0.6:
                    source = rng.choice(sources) if rng.random() < 0.8 else uuid.uuid4()
                    sources.append(source)
                    found = await session.scalar(
                        sa.select(Commitment.source_kind).where(Commitment.source_id == source)
                    )
                    await commitments.release(
                        session=session,
                        kind=SourceKind(found or SourceKind.ENROLMENT),
                        source_id=source,
                        cohort_id=None,
                        company_id=None,
                        released_at=at,
                        now=at,
                    )
                else:
                    await record_actual(session, rng)
            if step % 10 == 9:
                await assert_summary_is_the_line_aggregate(sessions)
        await assert_summary_is_the_line_aggregate(sessions)
        async with sessions() as session:
            assert await session.scalar(sa.select(sa.func.count()).select_from(Commitment)) > 30

        # the migration's backfill and ``rebuild`` compute the same rows from the lines
        async with sessions() as session:
            kept = sorted(
                tuple(r)
                for r in (await session.execute(sa.select(ExecutionSummary.__table__))).all()
            )
        async with sessions() as session, session.begin():
            await summary.rebuild(session)
        async with sessions() as session:
            rebuilt = sorted(
                tuple(r)
                for r in (await session.execute(sa.select(ExecutionSummary.__table__))).all()
            )
        # a row whose commitments were all released stays at zero in the kept summary
        assert rebuilt == [r for r in kept if any(r[5:])]

        # and the migration backfills the same rows from the lines it finds
        await asyncio.to_thread(downgrade, "finance", finance_url, "finance_0012")
        await asyncio.to_thread(upgrade, "finance", finance_url)
        async with sessions() as session:
            table = ExecutionSummary.__table__  # type: ignore[attr-defined]
            backfilled = sorted(tuple(r) for r in (await session.execute(sa.select(table))).all())
        assert backfilled == rebuilt


class TestConcurrentWriters:
    async def test_commitments_at_once_on_one_summary_row_all_count(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        """Twelve consumers' transactions commit enrolments of one cohort and module at
        once. On PostgreSQL all have begun and read before any writes: each upsert waits for
        the row lock and adds to what the others committed, so none is lost (a read, then a
        write of the sum, would lose most). SQLite takes the write lock at BEGIN (one writer
        at a time by design), so there they simply queue."""
        cohort, count = uuid.uuid4(), 12
        postgres = engine_of(sessions).dialect.name == "postgresql"
        started = asyncio.Barrier(count if postgres else 1)
        at = START

        async def one() -> None:
            async with sessions() as session, session.begin():
                await session.execute(sa.select(ExecutionSummary.committed_minor))
                await started.wait()
                await commitments.commit(
                    session=session,
                    kind=SourceKind.ENROLMENT,
                    source_id=uuid.uuid4(),
                    module=Module.BUSINESS_TRAINING,
                    rule_code="business_training",
                    on=at.date(),
                    cost=commitments.Cost(items=[("course", Money.from_minor(33333, "USD"))]),
                    payer=commitments.Payer(local_company=COMPANIES[0]),
                    cohort_id=cohort,
                    source_time=at,
                    now=at,
                )

        await asyncio.gather(*(one() for _ in range(count)))
        async with sessions() as session:
            committed, _, _ = await reports.summed(
                session, Budget(cohort_id=cohort, programme_year=2026)
            )
        tally = committed["USD"][Module.BUSINESS_TRAINING]
        assert tally.total == 33333 * count
        assert tally.shares == {Party.PROGRAMME: 30000 * count, Party.LOCAL_COMPANY: 3333 * count}
