"""Read models of course sessions."""

from __future__ import annotations

from training.sessions.models import CourseSession
from training.sessions.schemas import SessionRead


def session_read(run: CourseSession, seats_taken: int) -> SessionRead:
    return SessionRead(
        id=run.id,
        course_id=run.course_id,
        starts_on=run.starts_on,
        ends_on=run.ends_on,
        city=run.city,  # type: ignore[arg-type]
        language=run.language,  # type: ignore[arg-type]
        seat_limit=run.seat_limit,
        seats_taken=seats_taken,
        seats_left=max(run.seat_limit - seats_taken, 0),
        created_at=run.created_at,
        updated_at=run.updated_at,
        version=run.version,
    )
