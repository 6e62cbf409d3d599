"""Who may see training needs: programme staff every company's, a local company its own."""

from __future__ import annotations

from shared.auth import Principal
from training.needs.models import TrainingNeed
from training.scope import ensure_owns, listing_scope

__all__ = ["ensure_visible", "listing_scope"]


def ensure_visible(principal: Principal, need: TrainingNeed) -> None:
    ensure_owns(principal, need.company_id, what="training need")
