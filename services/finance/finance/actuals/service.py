"""Actuals against commitment lines, and where each line stands.

A line's state follows from its actuals: ``committed`` (nothing yet), ``invoiced`` (the
programme's line has an invoice), ``part_paid``, ``paid`` (settled in full). Which kinds a
line takes depends on its party: the programme is invoiced and pays; a company contributes;
a vendor's discount is recognised in kind. Nothing is ever paid beyond a line (409 naming
the line and what is left), nor invoiced beyond it, nor paid beyond its invoices.
Functions never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from finance.actuals.access import visible_actuals
from finance.actuals.models import SETTLING, Actual, ActualKind
from finance.actuals.schemas import ActualCreate
from finance.commitments.models import Commitment, CommitmentLine, CommitmentStatus
from finance.messages import MESSAGES
from finance.reports import summary
from finance.rules.split import Party
from shared import audit
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput
from shared.i18n import message
from shared.money import Money
from shared.persistence import one_or_404

KINDS_FOR: dict[Party, frozenset[ActualKind]] = {
    Party.PROGRAMME: frozenset({ActualKind.INVOICE, ActualKind.PAYMENT}),
    Party.VENDOR: frozenset({ActualKind.IN_KIND}),
    Party.LOCAL_COMPANY: frozenset({ActualKind.CONTRIBUTION}),
    Party.INTERNATIONAL_COMPANY: frozenset({ActualKind.CONTRIBUTION}),
    Party.HOST_COMPANY: frozenset({ActualKind.CONTRIBUTION}),
}


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a line stands: invoiced and settled so far, in minor units."""

    amount: int
    invoiced: int = 0
    settled: int = 0

    @property
    def remaining(self) -> int:
        return self.amount - self.settled

    @property
    def state(self) -> str:
        if self.amount > 0 and self.settled >= self.amount:
            return "paid"
        if self.settled > 0:
            return "part_paid"
        if self.invoiced > 0:
            return "invoiced"
        return "committed"


async def sums(
    *, session: AsyncSession, line_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """Per line: (invoiced, settled) in minor units; lines without actuals are left out."""
    counted = await per_line(session=session, line_ids=line_ids)
    return {line_id: (invoiced, settled) for line_id, (invoiced, settled, _, _) in counted.items()}


async def per_line(
    *, session: AsyncSession, line_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int, int, int]]:
    """Per line: invoiced and settled in minor units, and how many invoices and settlements
    (the execution summary counts them); lines without actuals are left out."""
    if not line_ids:
        return {}
    settling = [k.value for k in SETTLING]
    invoice = Actual.kind == ActualKind.INVOICE
    settles = col(Actual.kind).in_(settling)
    rows = await session.execute(
        sa.select(
            Actual.line_id,
            sa.func.sum(sa.case((invoice, Actual.amount_minor), else_=0)),
            sa.func.sum(sa.case((settles, Actual.amount_minor), else_=0)),
            sa.func.sum(sa.case((invoice, 1), else_=0)),
            sa.func.sum(sa.case((settles, 1), else_=0)),
        )
        .where(col(Actual.line_id).in_(line_ids))
        .group_by(Actual.line_id)
    )
    return {
        line_id: (int(invoiced), int(settled), int(invoices), int(settlements))
        for line_id, invoiced, settled, invoices, settlements in rows
    }


def _money(minor: int, currency: str) -> str:
    return f"{Money.from_minor(minor, currency).amount} {currency}"


async def record(
    *, session: AsyncSession, data: ActualCreate, principal: Principal, now: datetime
) -> Actual:
    """Record an actual against a line of a commitment in force."""
    if data.amount.amount <= 0:
        raise InvalidInput("amount", message(MESSAGES["actual_above_zero"]))
    line = await one_or_404(
        session,
        sa.select(CommitmentLine).where(CommitmentLine.id == data.line_id),
        what="commitment line",
    )
    commitment = await one_or_404(
        session,
        sa.select(Commitment).where(Commitment.id == line.commitment_id),
        what="commitment",
        lock=True,  # actuals of one commitment are checked and added one at a time
    )
    if commitment.status == CommitmentStatus.RELEASED:
        raise Conflict(
            "The commitment was released; nothing is owed on it.", rule="commitment_released"
        )
    party = Party(line.party)
    if data.kind not in KINDS_FOR[party]:
        allowed = ", ".join(sorted(KINDS_FOR[party]))
        raise InvalidInput("kind", message(MESSAGES["kinds_for_party"], party=party, kinds=allowed))
    if data.amount.currency != line.currency:
        raise InvalidInput("amount", message(MESSAGES["line_currency"], currency=line.currency))
    invoiced, settled = (await sums(session=session, line_ids=[line.id])).get(line.id, (0, 0))
    amount = data.amount.minor
    name = f"the {party} line {line.id}"
    if data.kind == ActualKind.INVOICE and invoiced + amount > line.amount_minor:
        left = line.amount_minor - invoiced
        raise Conflict(
            f"Invoicing {data.amount.amount} would exceed {name}: "
            f"{_money(left, line.currency)} is left to invoice.",
            rule="line_overinvoiced",
            line_id=str(line.id),
            left=Money.from_minor(left, line.currency).model_dump(mode="json"),
        )
    if data.kind in SETTLING:
        left = line.amount_minor - settled
        if amount > left:
            raise Conflict(
                f"Paying {data.amount.amount} would overpay {name}: "
                f"{_money(left, line.currency)} is left to pay.",
                rule="line_overpaid",
                line_id=str(line.id),
                left=Money.from_minor(left, line.currency).model_dump(mode="json"),
            )
        if data.kind == ActualKind.PAYMENT and settled + amount > invoiced:
            raise Conflict(
                f"Paying {data.amount.amount} exceeds what was invoiced on {name}: "
                f"{_money(invoiced - settled, line.currency)} is invoiced and unpaid.",
                rule="payment_exceeds_invoiced",
                line_id=str(line.id),
            )
    actual = Actual(
        commitment_id=commitment.id,
        line_id=line.id,
        kind=data.kind,
        amount_minor=amount,
        currency=line.currency,
        reference=data.reference,
        occurred_on=data.occurred_on,
        recorded_by=principal.subject,
        created_at=now,
    )
    session.add(actual)
    await session.flush()
    invoicing = data.kind == ActualKind.INVOICE
    await summary.apply(
        session,
        {
            summary.key(commitment, line): summary.Delta(
                invoiced_minor=amount if invoicing else 0,
                paid_minor=0 if invoicing else amount,
                invoices=int(invoicing),
                settlements=int(not invoicing),
            )
        },
    )
    await audit.record(
        session,
        principal=principal,
        resource="commitment",
        record=commitment,
        action=f"{data.kind}_recorded",
        after={"line_id": str(line.id), "amount": data.amount, "reference": data.reference},
        now=now,
    )
    return actual


def listing(
    *, principal: Principal, commitment_id: uuid.UUID | None, line_id: uuid.UUID | None
) -> sa.Select[tuple[Actual]]:
    """Actuals the caller may see (a statement, for paging)."""
    statement = visible_actuals(principal)
    if commitment_id is not None:
        statement = statement.where(Actual.commitment_id == commitment_id)
    if line_id is not None:
        statement = statement.where(Actual.line_id == line_id)
    return statement
