"""Request and response bodies of co-financing rules."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from finance.amounts import Percent
from finance.messages import MESSAGES
from finance.rules.split import Basis, Party, RuleError, Step, fractions
from shared import i18n
from shared.i18n import message
from shared.inputs import Input, Name, ProgrammeDate, Text

RuleCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,49}$", min_length=2, max_length=50)
]
"""A rule's stable name in snake_case, e.g. ``technical_training``; versions share it."""

MAX_STEPS = 10


class StepIn(Input):
    party: Party
    percent: Percent
    of: Basis = Field(description="what the percentage is of: the list price or the remainder")


def steps_problem(steps: list[StepIn]) -> i18n.Text | None:
    """Why the steps are not a whole rule (they must share out exactly 100 %, each party
    once), or None. Cross-field, so the service checks it (a 422 naming ``steps``)."""
    parties = [s.party for s in steps]
    if len(set(parties)) != len(parties):
        return message(MESSAGES["party_once"])
    try:
        fractions([Step(s.party, s.percent, s.of) for s in steps])
    except RuleError as exc:
        return exc.text
    return None


class RuleCreate(Input):
    """A new rule, or the next version of the rule with this ``code``."""

    code: RuleCode
    name: Name
    description: Text | None = None
    steps: list[StepIn] = Field(min_length=1, max_length=MAX_STEPS)
    effective_from: ProgrammeDate = Field(
        description="the first day it applies; the previous version ends the day before"
    )


class StepRead(BaseModel):
    party: Party
    percent: Percent
    of: Basis


class RuleRead(BaseModel):
    id: uuid.UUID
    code: str
    version: int
    name: str
    description: str | None
    steps: list[StepRead]
    effective_from: date
    effective_to: date | None = Field(description="the last day it applies (null: current)")
    created_by: str
    created_at: datetime
