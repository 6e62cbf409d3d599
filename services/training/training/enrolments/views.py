"""Read models of enrolments."""

from __future__ import annotations

from shared.money import Money
from training.courses.views import percent_of
from training.enrolments.models import Enrolment
from training.enrolments.schemas import EnrolmentRead, EnrolmentStatus


def enrolment_read(enrolment: Enrolment) -> EnrolmentRead:
    return EnrolmentRead(
        id=enrolment.id,
        company_id=enrolment.company_id,
        cohort_id=enrolment.cohort_id,
        trainee_id=enrolment.trainee_id,
        course_id=enrolment.course_id,
        session_id=enrolment.session_id,
        need_id=enrolment.need_id,
        status=EnrolmentStatus(enrolment.status),
        passed=enrolment.passed,
        warnings=enrolment.warnings,
        module=enrolment.module,  # type: ignore[arg-type]
        list_price=Money.from_minor(enrolment.list_price_minor, enrolment.currency),
        vendor_discount_percent=percent_of(enrolment.vendor_discount_bp),
        enrolled_by=enrolment.enrolled_by,
        enrolled_at=enrolment.enrolled_at,
        completed_at=enrolment.completed_at,
        withdrawn_at=enrolment.withdrawn_at,
        withdrawal_reason=enrolment.withdrawal_reason,
        created_at=enrolment.created_at,
        updated_at=enrolment.updated_at,
        version=enrolment.version,
    )
