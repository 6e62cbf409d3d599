"""The event catalogue's machinery: a typed payload per event type, and the CloudEvents envelope.

Every event's ``data`` is a Pydantic model declared once, in ``shared/events/<producer>.py``,
and imported by producer and consumers alike, so the two cannot drift. The class's
``event_type`` is both the CloudEvents ``type`` and the NATS subject.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared import context

EVENT_TYPE = re.compile(r"^blp\.(?P<producer>[a-z]+)\.[a-z_]+\.[a-z_]+(_v\d+)?$")

CATALOGUE: dict[str, type[Event]] = {}


class Event(BaseModel):
    """Base of every event payload. Subclasses set ``event_type`` and ``subject_field``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    subject_field: ClassVar[str]
    """Name of the field holding the aggregate id; it becomes the CloudEvents ``subject``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type is None:
            return
        if not EVENT_TYPE.match(event_type):
            raise ValueError(f"{event_type!r} is not blp.<producer>.<aggregate>.<past_verb>")
        if event_type in CATALOGUE and CATALOGUE[event_type].__qualname__ != cls.__qualname__:
            raise ValueError(f"event type {event_type} declared twice")
        CATALOGUE[event_type] = cls

    @classmethod
    def producer(cls) -> str:
        match = EVENT_TYPE.match(cls.event_type)
        assert match is not None
        return match["producer"]

    @property
    def subject(self) -> str:
        return str(getattr(self, self.subject_field))


class CloudEvent(BaseModel):
    """CloudEvents 1.0 structured JSON envelope, plus ``correlationid`` (an extension)."""

    model_config = ConfigDict(extra="allow")

    specversion: str = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    datacontenttype: str = "application/json"
    correlationid: str | None = None
    data: dict[str, Any]

    @classmethod
    def wrap(cls, event: Event) -> CloudEvent:
        """Envelope an event, carrying the current request id as its correlation id."""
        return cls(
            source=f"/blp/{event.producer()}",
            type=event.event_type,
            subject=event.subject,
            correlationid=context.request_id.get(),
            data=event.model_dump(mode="json"),
        )

    def payload(self) -> Event:
        """The typed payload; raises ``KeyError`` for an undeclared type."""
        return CATALOGUE[self.type].model_validate(self.data)
