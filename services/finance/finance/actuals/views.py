"""Read models of actuals."""

from __future__ import annotations

from finance.actuals.models import Actual
from finance.actuals.schemas import ActualRead
from shared.money import Money


def actual_read(actual: Actual) -> ActualRead:
    return ActualRead(
        id=actual.id,
        commitment_id=actual.commitment_id,
        line_id=actual.line_id,
        kind=actual.kind,
        amount=Money.from_minor(actual.amount_minor, actual.currency),
        reference=actual.reference,
        occurred_on=actual.occurred_on,
        recorded_by=actual.recorded_by,
        created_at=actual.created_at,
    )
