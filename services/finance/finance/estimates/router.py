"""The estimate calculator over HTTP."""

from __future__ import annotations

from fastapi import APIRouter

from finance.estimates import service
from finance.estimates.access import Estimator
from finance.estimates.schemas import EstimateCreate, EstimateRead
from shared.db import utcnow
from shared.deps import ReadSessionDep

router = APIRouter(prefix="/estimates", tags=["estimates"])


@router.post("", response_model=EstimateRead, responses={404: {"description": "no such budget"}})
async def estimate(body: EstimateCreate, session: ReadSessionDep, _: Estimator) -> EstimateRead:
    """Price cost lines, low and high, per party, line, module and in total; saves nothing."""
    costing = await service.estimate(session=session, data=body, today=utcnow().date())
    return EstimateRead.model_validate(costing.model_dump())
