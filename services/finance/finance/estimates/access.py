"""Who may use the estimate calculator: programme staff (they negotiate with partners)."""

from __future__ import annotations

from shared.auth import Staff

Estimator = Staff
