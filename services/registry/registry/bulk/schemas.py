"""What an import answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from shared.i18n import Localized


class RejectedRow(BaseModel):
    line: int = Field(description="the CSV line (or the JSON array position, from 1)")
    bin: str | None
    reason: Localized = Field(
        description="why, in the language of the request that reads the report "
        "(Accept-Language), each field named as in the request: `field: message; ...`"
    )


class ImportReport(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[RejectedRow] = Field(description="the first 1,000 rejected rows, by line")
    errors_truncated: bool
