"""Text that every database takes: no NUL characters.

PostgreSQL refuses NUL in text, so a NUL in a request must be a 422 naming its field at the
edge, not a failed INSERT (a 500) once the request is half done. SQLite would store it, and
the two engines would then disagree. Cyrillic, Kazakh letters and emoji are ordinary text.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

from shared.errors import InvalidValue
from shared.i18n import KIT, message


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise InvalidValue(message(KIT["no_nul"]))
    return value


class NulFreeModel(BaseModel):
    """A request body whose text fields, and text in its list fields, hold no NUL."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str):
            return no_nul(value)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    no_nul(item)
        return value
