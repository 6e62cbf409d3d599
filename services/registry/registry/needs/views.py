"""How a partner need reads over the API."""

from __future__ import annotations

from registry.needs.models import PartnerNeed
from registry.needs.schemas import NeedRead


def need_read(need: PartnerNeed) -> NeedRead:
    return NeedRead.model_validate(need.model_dump(exclude={"created_by"}))
