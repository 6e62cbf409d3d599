"""Request and response bodies of methodologies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from assessment.methodology.scoring import weights_problem
from shared.inputs import Input, Name, Text

MethodologyKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$")]
CriterionKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,49}$")]


class CriterionDefinition(Input):
    key: CriterionKey
    name: Name
    group: Name = Field(description='e.g. "enablers" and "results" in EFQM 2013')
    weight: int = Field(ge=1, le=1000, description="points available for this criterion")


class MethodologyCreate(Input):
    key: MethodologyKey = Field(examples=["efqm-7"])
    name: Name
    description: Text | None = None
    criteria: list[CriterionDefinition] = Field(min_length=1, max_length=50)

    @field_validator("criteria")
    @classmethod
    def _coherent(cls, criteria: list[CriterionDefinition]) -> list[CriterionDefinition]:
        keys = [c.key for c in criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be unique")
        problem = weights_problem({c.key: c.weight for c in criteria})
        if problem:
            raise ValueError(problem)
        return criteria


class MethodologyRead(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    description: str | None
    criteria: list[CriterionDefinition]
    total_points: int
    created_at: datetime
