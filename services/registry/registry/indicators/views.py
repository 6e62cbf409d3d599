"""The response of GET /indicators."""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.indicators import IndicatorsRead, IndicatorValueRead


def indicators(
    *,
    cohort_id: uuid.UUID,
    as_of: datetime,
    computed_at: datetime,
    figures: list[IndicatorValueRead],
) -> IndicatorsRead:
    return IndicatorsRead(
        service="registry",
        cohort_id=cohort_id,
        as_of=as_of,
        computed_at=computed_at,
        indicators=figures,
    )
