"""Request and response bodies of methodologies.

Everything a report prints about a methodology is its data: criterion names, group names
and the bands a total falls in, each with Russian and Kazakh labels next to the English one
(the English ``name`` stands in for a missing translation).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from assessment.messages import MESSAGES
from assessment.methodology.scoring import TOTAL_POINTS, bands_problem, weights_problem
from shared.errors import InvalidValue
from shared.i18n import message
from shared.inputs import Input, Name, Text

MethodologyKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$")]
CriterionKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,49}$")]


class Labelled(Input):
    name: Name = Field(description="the English label")
    name_ru: Name | None = Field(default=None, description="the Russian label")
    name_kk: Name | None = Field(default=None, description="the Kazakh label")

    def label(self, language: str) -> str:
        """The label in ``language`` (ru, kk, en), English where there is no translation."""
        translated = {"ru": self.name_ru, "kk": self.name_kk}.get(language)
        return translated or self.name


class CriterionDefinition(Labelled):
    key: CriterionKey
    group: Name = Field(description='e.g. "enablers" and "results" in EFQM 2013')
    weight: int = Field(ge=1, le=1000, description="points available for this criterion")


class GroupDefinition(Labelled):
    """The labels of a criterion group (the code alone is no heading for a reader)."""

    key: Name = Field(description="the criteria's ``group``")


class BandDefinition(Labelled):
    """A band of totals: from ``min_points`` up to the next band's ``min_points``."""

    key: CriterionKey = Field(examples=["advanced"])
    min_points: int = Field(ge=0, le=TOTAL_POINTS, description="the lowest total in the band")


DEFAULT_BANDS = [
    BandDefinition(
        key="emerging",
        min_points=0,
        name="Emerging",
        name_ru="Начальный уровень",
        name_kk="Бастапқы деңгей",
    ),
    BandDefinition(
        key="developing",
        min_points=300,
        name="Developing",
        name_ru="Развивающийся уровень",
        name_kk="Дамушы деңгей",
    ),
    BandDefinition(
        key="advanced",
        min_points=500,
        name="Advanced",
        name_ru="Продвинутый уровень",
        name_kk="Жоғары деңгей",
    ),
    BandDefinition(
        key="excellent",
        min_points=600,
        name="Excellent",
        name_ru="Высокий уровень совершенства",
        name_kk="Үздік деңгей",
    ),
]
"""The programme's bands (common EFQM recognition levels: recognised for excellence from
500 points, 5-star from 600), given to a methodology created without its own."""


class MethodologyCreate(Labelled):
    key: MethodologyKey = Field(examples=["efqm-7"])
    description: Text | None = None
    criteria: list[CriterionDefinition] = Field(min_length=1, max_length=50)
    groups: list[GroupDefinition] = Field(
        default_factory=list,
        max_length=50,
        description="labels of the criteria's groups; absent ones print as their key",
    )
    bands: list[BandDefinition] = Field(
        default_factory=lambda: list(DEFAULT_BANDS),
        min_length=1,
        max_length=20,
        description="bands of the total, one starting at 0; the programme's four if absent",
    )

    @field_validator("criteria")
    @classmethod
    def _coherent(cls, criteria: list[CriterionDefinition]) -> list[CriterionDefinition]:
        keys = [c.key for c in criteria]
        if len(set(keys)) != len(keys):
            raise InvalidValue(message(MESSAGES["criterion_keys_unique"]))
        problem = weights_problem({c.key: c.weight for c in criteria})
        if problem:
            raise InvalidValue(problem)
        return criteria

    @field_validator("groups")
    @classmethod
    def _unique_groups(cls, groups: list[GroupDefinition]) -> list[GroupDefinition]:
        keys = [g.key for g in groups]
        if len(set(keys)) != len(keys):
            raise InvalidValue(message(MESSAGES["group_keys_unique"]))
        return groups

    @field_validator("bands")
    @classmethod
    def _grading(cls, bands: list[BandDefinition]) -> list[BandDefinition]:
        problem = bands_problem(bands)
        if problem:
            raise InvalidValue(problem)
        return sorted(bands, key=lambda band: band.min_points)


class MethodologyRead(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    name_ru: str | None
    name_kk: str | None
    description: str | None
    criteria: list[CriterionDefinition]
    groups: list[GroupDefinition]
    bands: list[BandDefinition] = Field(description="lowest first")
    total_points: int
    rounding: str = Field(description="how the total is rounded")
    created_at: datetime
