"""Course sessions: dated runs of a course in a city (or online) with a seat limit."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from shared.db import UtcDateTime
from training.models import Base


class CourseSession(Base, table=True):
    __tablename__ = "course_session"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="course.id", index=True)
    starts_on: date
    ends_on: date
    city: str = Field(sa_type=sa.String(20))
    language: str | None = Field(default=None, sa_type=sa.String(2))
    seat_limit: int
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int
