"""Read models of commitments, showing each caller the lines it may see."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from finance.actuals.service import Standing
from finance.commitments.access import visible_line
from finance.commitments.models import Commitment, CommitmentLine
from finance.commitments.schemas import BasisItem, CommitmentLineRead, CommitmentRead, Source
from finance.costing import RuleRef
from shared.auth import Principal
from shared.money import Money

Sums = Mapping[uuid.UUID, tuple[int, int]]
"""Per line id: (invoiced, settled) in minor units (``actuals.service.sums``)."""


def line_read(line: CommitmentLine, sums: Sums) -> CommitmentLineRead:
    invoiced, settled = sums.get(line.id, (0, 0))
    standing = Standing(line.amount_minor, invoiced, settled)
    return CommitmentLineRead(
        id=line.id,
        party=line.party,
        company_id=line.company_id,
        amount=Money.from_minor(line.amount_minor, line.currency),
        in_kind=line.in_kind,
        invoiced=Money.from_minor(invoiced, line.currency),
        paid=Money.from_minor(settled, line.currency),
        remaining=Money.from_minor(standing.remaining, line.currency),
        state=standing.state,
    )


def commitment_read(
    commitment: Commitment, lines: Sequence[CommitmentLine], sums: Sums, principal: Principal
) -> CommitmentRead:
    rule = (
        RuleRef(id=commitment.rule_id, code=commitment.rule_code, version=commitment.rule_version)
        if commitment.rule_id and commitment.rule_code and commitment.rule_version
        else None
    )
    return CommitmentRead(
        id=commitment.id,
        source=Source(kind=commitment.source_kind, id=commitment.source_id),
        module=commitment.module,
        cohort_id=commitment.cohort_id,
        company_id=commitment.company_id,
        status=commitment.status,
        rule=rule,
        basis=[
            BasisItem(item=b["item"], amount=Money.of(b["amount"], b["currency"]))
            for b in commitment.basis
        ],
        vendor_discount_percent=(
            Decimal(commitment.vendor_discount_percent)
            if commitment.vendor_discount_percent is not None
            else None
        ),
        lines=[line_read(line, sums) for line in lines if visible_line(principal, line)],
        over_budget=commitment.over_budget,
        committed_at=commitment.committed_at,
        released_at=commitment.released_at,
        created_at=commitment.created_at,
        updated_at=commitment.updated_at,
        version=commitment.version,
    )


def commitment_reads(
    commitments: Sequence[Commitment],
    lines: Mapping[uuid.UUID, Sequence[CommitmentLine]],
    sums: Sums,
    principal: Principal,
) -> list[CommitmentRead]:
    return [commitment_read(c, lines.get(c.id, []), sums, principal) for c in commitments]
