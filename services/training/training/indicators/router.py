"""GET /indicators: the training service's indicators of one cohort, as of now or a past time."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from shared.auth import Staff
from shared.db import utcnow
from shared.deps import ReadSessionDep
from shared.indicators import IndicatorsRead, as_of_or_now
from shared.inputs import IsoDateTime
from training.indicators import service, views

router = APIRouter(prefix="/indicators", tags=["indicators"])


@router.get("", response_model=IndicatorsRead)
async def indicators(
    session: ReadSessionDep,
    principal: Staff,
    cohort_id: uuid.UUID = Query(description="the cohort the figures are of"),
    as_of: IsoDateTime | None = Query(
        default=None, description="a past time (with offset); now if none"
    ),
) -> IndicatorsRead:
    """The training service's indicators of a cohort, computed live as of a time."""
    now = utcnow()
    at = as_of_or_now(as_of, now)
    figures = await service.compute(session=session, cohort_id=cohort_id, as_of=at)
    return views.indicators(cohort_id=cohort_id, as_of=at, computed_at=now, figures=figures)
