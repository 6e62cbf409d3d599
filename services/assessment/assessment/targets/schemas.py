"""Bodies and responses of targets and snapshots."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from assessment.messages import MESSAGES
from shared.errors import InvalidValue
from shared.i18n import message
from shared.indicators import Figure, IndicatorCode, Milestone, TargetStatus, Threshold
from shared.inputs import Input


class TargetSet(Input):
    """A baseline, a target, dated milestones and the programme's status thresholds."""

    baseline: Figure
    target: Figure
    milestones: list[Milestone] = Field(default_factory=list, max_length=20)
    on_track_percent: Threshold = Decimal(90)
    at_risk_percent: Threshold = Decimal(70)

    @model_validator(mode="after")
    def _consistent(self) -> TargetSet:
        if self.at_risk_percent > self.on_track_percent:
            raise InvalidValue(message(MESSAGES["at_risk_above_on_track"]))
        days = [m.due_on for m in self.milestones]
        if len(set(days)) != len(days):
            raise InvalidValue(message(MESSAGES["milestone_per_date"]))
        return self


class TargetRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    indicator: IndicatorCode
    baseline: Decimal
    target: Decimal
    milestones: list[Milestone]
    on_track_percent: Decimal
    at_risk_percent: Decimal
    status: TargetStatus = Field(description="proposed by the manager; approved by the ministry")
    set_by: str
    approved_by: str | None
    approved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class TargetList(BaseModel):
    items: list[TargetRead]


class SnapshotIssue(Input):
    """A quarterly report to freeze, as the gateway composed and signed it
    (``POST /v1/framework/snapshots``): nothing in it is the caller's to type."""

    statement: str = Field(
        min_length=1,
        max_length=2_000_000,
        description="the gateway's signed statement (a JWS, typ blp-framework+jwt) of the "
        "cohort, the period, the time the figures are as of and the framework it composed",
    )


class FrameworkStatement(BaseModel):
    """What a verified statement says: the report to freeze."""

    model_config = ConfigDict(extra="ignore")

    sub: str = Field(description="the programme manager who asked the gateway for it")
    cohort_id: uuid.UUID
    period: str = Field(pattern=r"^\d{4}-Q[1-4]$", examples=["2027-Q1"])
    as_of: AwareDatetime
    framework: dict[str, Any] = Field(max_length=100)


class SnapshotRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    period: str
    as_of: datetime
    framework: dict[str, Any]
    issued_by: str
    created_at: datetime


class SnapshotList(BaseModel):
    items: list[SnapshotRead]
