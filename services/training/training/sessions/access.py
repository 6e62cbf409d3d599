"""Who may see and change course sessions: a session is seen by whoever may see its course
(the catalogue's timetable: every signed-in caller for an approved or retired course; a
proposal's only by programme staff and its proposer, others are answered as for an unknown
id); programme editors (PM, analysts, assessors) plan and change them."""

from __future__ import annotations

import sqlalchemy as sa

from shared.auth import EDITOR_ROLES, Principal
from shared.errors import Forbidden
from shared.i18n import message
from training.courses.access import sees_proposals, visible_courses
from training.courses.models import Course
from training.messages import MESSAGES
from training.sessions.models import CourseSession


def visible_sessions(principal: Principal) -> sa.ColumnElement[bool]:
    """A condition on ``CourseSession`` rows: those of a course the caller may see (its own
    ``course`` even where the query joins the course table, as the skills-area filter does)."""
    if sees_proposals(principal):
        return sa.true()
    return (
        sa.exists()
        .where(Course.id == CourseSession.course_id, visible_courses(principal))
        .correlate_except(Course)
    )


def ensure_can_plan(principal: Principal) -> None:
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["sessions_planned_by"]))
