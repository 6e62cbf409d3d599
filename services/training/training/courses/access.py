"""Who may see and change which course.

- anyone in the programme (any signed-in caller) proposes a course;
- approved and retired courses are visible to every signed-in caller; a proposal only to
  programme staff and whoever proposed it (its subject, or a user of its company);
- programme editors (PM, analysts, assessors) correct a course; the proposer may correct
  their own proposal until it is decided;
- only the programme manager approves or retires.
"""

from __future__ import annotations

import sqlalchemy as sa

from shared import i18n
from shared.auth import EDITOR_ROLES, MANAGER_ROLES, STAFF_ROLES, Principal
from shared.errors import Forbidden, NotFound
from shared.i18n import message
from training.courses.models import Course
from training.courses.schemas import CourseStatus
from training.messages import MESSAGES


def is_proposer(principal: Principal, course: Course) -> bool:
    return principal.subject == course.proposed_by or (
        course.proposed_by_company_id is not None
        and principal.acts_for(course.proposed_by_company_id)
    )


def sees_proposals(principal: Principal) -> bool:
    return principal.role in STAFF_ROLES


def is_visible(principal: Principal, course: Course) -> bool:
    """Whether the caller may read the course: a create that names one it may not answers
    as for an unknown id (docs/conventions.md, access.py)."""
    return (
        course.status != CourseStatus.PROPOSED
        or sees_proposals(principal)
        or is_proposer(principal, course)
    )


def visible_courses(principal: Principal) -> sa.ColumnElement[bool]:
    """``is_visible`` as a condition on ``Course`` rows, for the queries that list courses or
    what belongs to one (its sessions): a course the caller may not see is not found, the
    same as an unknown id."""
    if sees_proposals(principal):
        return sa.true()
    visible = [Course.status != CourseStatus.PROPOSED, Course.proposed_by == principal.subject]
    if principal.company_id is not None:
        visible.append(Course.proposed_by_company_id == principal.company_id)
    return sa.or_(*visible)


def ensure_visible(principal: Principal, course: Course) -> None:
    if not is_visible(principal, course):
        raise NotFound(i18n.no_such("course"))


def ensure_history_visible(principal: Principal, course: Course) -> None:
    """The decisions on a course: staff and its proposer; others learn nothing."""
    if principal.role in STAFF_ROLES or is_proposer(principal, course):
        return
    raise NotFound(i18n.no_such("course"))


def ensure_can_edit(principal: Principal, course: Course) -> None:
    ensure_visible(principal, course)
    if principal.role in EDITOR_ROLES:
        return
    if is_proposer(principal, course) and course.status == CourseStatus.PROPOSED:
        return
    raise Forbidden(message(MESSAGES["courses_corrected_by"]))


def ensure_can_decide(principal: Principal) -> None:
    if principal.role not in MANAGER_ROLES:
        raise Forbidden(message(MESSAGES["courses_decided_by"]))


def ensure_can_import(principal: Principal) -> None:
    if principal.role not in EDITOR_ROLES:
        raise Forbidden(message(MESSAGES["courses_imported_by"]))
