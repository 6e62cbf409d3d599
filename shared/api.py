"""OpenAPI text that routes of every service declare the same way."""

from __future__ import annotations

from typing import Any


def rules(*names: str) -> dict[int | str, dict[str, Any]]:
    """A route's 409s: the domain rules it can hit, by name (``rule`` in the problem)."""
    return {
        409: {
            "description": "A domain rule was hit; `rule` in the problem names it: "
            + ", ".join(f"`{n}`" for n in names)
        }
    }
