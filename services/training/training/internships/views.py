"""Read models of internships."""

from __future__ import annotations

from shared.money import Money
from training.internships.models import Internship
from training.internships.schemas import (
    CostItemRead,
    InternshipRead,
    InternshipReport,
    InternshipStatus,
)


def cost_items(internship: Internship) -> list[CostItemRead]:
    return [
        CostItemRead(item=i["item"], amount=Money.from_minor(i["amount_minor"], i["currency"]))
        for i in internship.estimated_cost
    ]


def internship_read(internship: Internship) -> InternshipRead:
    return InternshipRead(
        id=internship.id,
        company_id=internship.company_id,
        cohort_id=internship.cohort_id,
        need_id=internship.need_id,
        trainee_id=internship.trainee_id,
        staff_member=internship.staff_member,
        staff_member_id=internship.staff_member_id,
        kind=internship.kind,  # type: ignore[arg-type]
        host_company_id=internship.host_company_id,
        host_name=internship.host_name,
        purpose=internship.purpose,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        estimated_cost=cost_items(internship),
        status=InternshipStatus(internship.status),
        report=InternshipReport.model_validate(internship.report) if internship.report else None,
        decided_by=internship.decided_by,
        approved_at=internship.approved_at,
        cancelled_at=internship.cancelled_at,
        cancellation_reason=internship.cancellation_reason,
        created_at=internship.created_at,
        updated_at=internship.updated_at,
        version=internship.version,
    )
