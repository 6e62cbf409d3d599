"""One realistic example per catalogued event: the contract tests round-trip them and the
AsyncAPI document shows them. Declaring an event without an example fails the tests.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from shared.events.assessment import (
    AssessmentCompleted,
    AssessmentScheduled,
    CohortStatusChanged,
    CompanyRejected,
    CompanySelected,
    CriterionScore,
    DevelopmentPlanApproved,
    DevelopmentPlanApprovedV2,
    InternshipRecommendation,
    InternshipRecommendationV2,
    NominationSubmitted,
    OtherMeasure,
    TrainingRecommendation,
    TrainingRecommendationV2,
)
from shared.events.base import Event
from shared.events.finance import BudgetThresholdExceeded
from shared.events.registry import (
    CompanyFacts,
    CompanyPublished,
    CompanyRegistered,
    CompanyStatusChanged,
    CompanyUpdated,
    LinkageRecorded,
)
from shared.events.training import (
    CertificationExpiring,
    CertificationRevoked,
    CertificationVerified,
    CostItem,
    EnrolmentCompleted,
    EnrolmentCreated,
    EnrolmentWithdrawn,
    InternshipApproved,
    InternshipCancelled,
    ProgrammeEventCancelled,
    ProgrammeEventScheduled,
)
from shared.money import Money

_COMPANY = uuid.UUID("8f0c2a9e-3d41-4a57-9b1e-5c7d2e4f6a10")
_PARTNER = uuid.UUID("1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
_COHORT = uuid.UUID("c0ffee00-0000-4000-8000-000000002027")
_AT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
_NOMINATION = uuid.UUID("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
_ASSESSMENT = uuid.UUID("a55e55ed-0000-4000-8000-000000000001")
_ENROLMENT = uuid.UUID("e0e0e0e0-0000-4000-8000-000000000001")
_TRAINEE = uuid.UUID("7a1ee000-0000-4000-8000-000000000001")
_INTERNSHIP = uuid.UUID("1a7e0000-0000-4000-8000-000000000001")
_PROGRAMME_EVENT = uuid.UUID("e7e00000-0000-4000-8000-000000002028")
_STAFF = uuid.UUID("57aff000-0000-4000-8000-000000000001")
_STAFF_2 = uuid.UUID("57aff000-0000-4000-8000-000000000002")

_FACTS = CompanyFacts(
    company_id=_COMPANY,
    version=3,
    kind="local",
    bin="060240012347",
    display_name="Қазақ Софт",
    segments=["software_development"],
    in_scope=True,
    region="almaty_city",
    city="Almaty",
    employees=42,
    founded_on=date(2014, 5, 20),
    private_sector_share=70,
    status="active",
    publication="published",
)

EXAMPLES: list[Event] = [
    CompanyRegistered(company_id=_COMPANY, company=_FACTS.model_copy(update={"version": 1})),
    CompanyUpdated(company_id=_COMPANY, company=_FACTS, changed_fields=["employees"]),
    CompanyPublished(company_id=_COMPANY, company=_FACTS, published_at=_AT),
    CompanyStatusChanged(
        company_id=_COMPANY,
        company=_FACTS.model_copy(update={"status": "inactive"}),
        previous_status="active",
    ),
    LinkageRecorded(
        linkage_id=uuid.UUID("0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"),
        local_company_id=_COMPANY,
        international_company_id=_PARTNER,
        linkage_type="backward",
        stage="contract_signed",
        contract_value=Money.of("250000.00", "USD"),
        signed_on=date(2027, 6, 1),
        jobs_created=12,
        cohort_id=_COHORT,
    ),
    CertificationVerified(
        certification_id=uuid.UUID("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"),
        company_id=_COMPANY,
        trainee_id=uuid.UUID("9a8b7c6d-5e4f-4a3b-9c1d-0e2f4a6b8c0d"),
        skills_area="network_engineer",
        vendor="Cisco",
        certification="CCNA",
        level="associate",
        expires_on=date(2030, 4, 1),
        verified_at=_AT,
    ),
    CertificationRevoked(
        certification_id=uuid.UUID("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"),
        company_id=_COMPANY,
        trainee_id=uuid.UUID("9a8b7c6d-5e4f-4a3b-9c1d-0e2f4a6b8c0d"),
        skills_area="network_engineer",
        vendor="Cisco",
        certification="CCNA",
        reason="evidence did not match the vendor's records",
    ),
    NominationSubmitted(
        nomination_id=_NOMINATION,
        cohort_id=_COHORT,
        company_id=_COMPANY,
        round=1,
        nominated_by_company_id=_PARTNER,
        eligible=True,
        submitted_at=_AT,
    ),
    CompanySelected(
        company_id=_COMPANY, cohort_id=_COHORT, cohort_name="Cohort 2027", selected_at=_AT
    ),
    CompanyRejected(
        company_id=_COMPANY,
        cohort_id=_COHORT,
        cohort_name="Cohort 2027",
        nomination_id=_NOMINATION,
        rejected_at=_AT,
    ),
    AssessmentScheduled(
        assessment_id=_ASSESSMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        starts_on=date(2027, 4, 5),
        ends_on=date(2027, 4, 9),
        expected_cost=Money.of("1850000.00", "KZT"),
        assessors=2,
    ),
    AssessmentCompleted(
        assessment_id=_ASSESSMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        efqm_total=Decimal("612.50"),
        band="excellent",
        completed_at=_AT,
        scores=[
            CriterionScore(
                criterion="leadership",
                score_percent=Decimal("70"),
                weight=100,
                points=Decimal("70"),
            )
        ],
    ),
    DevelopmentPlanApproved(
        assessment_id=_ASSESSMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        approved_at=_AT,
        training=[
            TrainingRecommendation(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5"),
                staff_member="Айгерім Нұрланқызы",
                skills_area="network_engineer",
                recommendation="Cisco CCNA, in Russian, in person in Almaty",
                estimated_cost=Money.of("1200.00", "USD"),
            ),
            TrainingRecommendation(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e6"),
                function="sales team",
                skills_area="sales_marketing",
                recommendation="B2B sales of IT services, two-day workshop",
            ),
        ],
        internships=[
            InternshipRecommendation(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e7"),
                staff_member="Ерлан Сейітов",
                kind="long",
                purpose="four months in the partner's delivery team",
                host_company_id=_PARTNER,
            )
        ],
        other_measures=[
            OtherMeasure(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e8"),
                description="introduce a documented quality management system (ISO 9001)",
            )
        ],
    ),
    DevelopmentPlanApprovedV2(
        assessment_id=_ASSESSMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        approved_at=_AT,
        training=[
            TrainingRecommendationV2(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5"),
                staff_member_id=_STAFF,
                skills_area="network_engineer",
                recommendation="Cisco CCNA, in Russian, in person in Almaty",
                estimated_cost=Money.of("1200.00", "USD"),
            ),
            TrainingRecommendationV2(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e6"),
                function="sales team",
                skills_area="sales_marketing",
                recommendation="B2B sales of IT services, two-day workshop",
            ),
        ],
        internships=[
            InternshipRecommendationV2(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e7"),
                staff_member_id=_STAFF_2,
                kind="long",
                purpose="four months in the partner's delivery team",
                host_company_id=_PARTNER,
            )
        ],
        other_measures=[
            OtherMeasure(
                item_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e8"),
                description="introduce a documented quality management system (ISO 9001)",
            )
        ],
    ),
    EnrolmentCreated(
        enrolment_id=_ENROLMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        trainee_id=_TRAINEE,
        course_id=uuid.UUID("c0a5e000-0000-4000-8000-00000000cc1a"),
        session_id=uuid.UUID("5e55100a-0000-4000-8000-000000000001"),
        need_id=uuid.UUID("7c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5"),
        skills_area="network_engineer",
        module="technical_training",
        list_price=Money.of("1200.00", "USD"),
        vendor_discount_percent=Decimal("75"),
        enrolled_at=_AT,
    ),
    EnrolmentWithdrawn(
        enrolment_id=_ENROLMENT, company_id=_COMPANY, cohort_id=_COHORT, withdrawn_at=_AT
    ),
    EnrolmentCompleted(
        enrolment_id=_ENROLMENT,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        passed=True,
        completed_at=_AT,
    ),
    InternshipApproved(
        internship_id=_INTERNSHIP,
        company_id=_COMPANY,
        cohort_id=_COHORT,
        trainee_id=_TRAINEE,
        kind="long",
        host_company_id=_PARTNER,
        starts_on=date(2027, 9, 1),
        ends_on=date(2027, 12, 31),
        estimated_cost=[
            CostItem(item="travel", amount=Money.of("1400.00", "USD")),
            CostItem(item="stay", amount=Money.of("9600.00", "USD")),
            CostItem(item="other", amount=Money.of("500.00", "USD")),
        ],
        approved_at=_AT,
    ),
    InternshipCancelled(
        internship_id=_INTERNSHIP, company_id=_COMPANY, cohort_id=_COHORT, cancelled_at=_AT
    ),
    ProgrammeEventScheduled(
        programme_event_id=_PROGRAMME_EVENT,
        cohort_id=_COHORT,
        kind="graduation",
        held_on=date(2028, 2, 25),
        estimated_cost=Money.of("15000000.00", "KZT"),
        sponsor_company_ids=[_PARTNER],
        scheduled_at=_AT,
    ),
    ProgrammeEventCancelled(
        programme_event_id=_PROGRAMME_EVENT, cohort_id=_COHORT, cancelled_at=_AT
    ),
    CertificationExpiring(
        certification_id=uuid.UUID("ce271f1e-0000-4000-8000-000000000001"),
        company_id=_COMPANY,
        trainee_id=_TRAINEE,
        expires_on=date(2027, 6, 1),
        threshold_days=90,
    ),
    CohortStatusChanged(
        cohort_id=_COHORT,
        cohort_name="Cohort 2027",
        status="review",
        previous_status="active",
        changed_at=_AT,
    ),
    BudgetThresholdExceeded(
        budget_id=uuid.UUID("b0d9e700-0000-4000-8000-000000002027"),
        programme_year=2027,
        cohort_id=_COHORT,
        module="technical_training",
        threshold_percent=80,
        high_estimate=Money.of("120000.00", "USD"),
        committed=Money.of("96300.00", "USD"),
        commitment_id=uuid.UUID("c0441700-0000-4000-8000-000000000001"),
        exceeded_at=_AT,
    ),
]
