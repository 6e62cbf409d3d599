"""The catalogue (courses, sessions), trainees, training needs, enrolments, cohort membership.

Revision ID: training_0005
Revises: training_0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0005"
down_revision: str | None = "training_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cohort_membership",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_name", sa.String(length=200), nullable=False),
        sa.Column("nomination_id", sa.Uuid(), nullable=True),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_membership")),
        sa.UniqueConstraint(
            "company_id", "cohort_id", name=op.f("uq_cohort_membership_company_id")
        ),
    )
    op.create_index(op.f("ix_cohort_membership_cohort_id"), "cohort_membership", ["cohort_id"])
    op.create_index(op.f("ix_cohort_membership_company_id"), "cohort_membership", ["company_id"])

    op.create_table(
        "course",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("skills_area", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("provider_kind", sa.String(length=20), nullable=False),
        sa.Column("certification_name", sa.String(length=200), nullable=False),
        sa.Column("certification_code", sa.String(length=100), nullable=True),
        sa.Column("certification_level", sa.String(length=100), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("delivery", sa.JSON(), nullable=False),
        sa.Column("duration_hours", sa.Integer(), nullable=False),
        sa.Column("list_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("vendor_discount_bp", sa.Integer(), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("verification_method", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("proposed_by", sa.String(length=200), nullable=False),
        sa.Column("proposed_by_company_id", sa.Uuid(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
    )
    op.create_index(op.f("ix_course_skills_area"), "course", ["skills_area"])
    op.create_index(op.f("ix_course_status"), "course", ["status"])

    op.create_table(
        "trainee",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("function", sa.String(length=200), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainee")),
    )
    op.create_index(op.f("ix_trainee_company_id"), "trainee", ["company_id"])

    op.create_table(
        "training_need",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("skills_area", sa.String(length=40), nullable=True),
        sa.Column("staff_member", sa.String(length=200), nullable=True),
        sa.Column("function", sa.String(length=200), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("internship_kind", sa.String(length=10), nullable=True),
        sa.Column("host_company_id", sa.Uuid(), nullable=True),
        sa.Column("estimated_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("estimated_cost_currency", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("plan_approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_need")),
        sa.UniqueConstraint("item_id", name=op.f("uq_training_need_item_id")),
    )
    op.create_index(op.f("ix_training_need_assessment_id"), "training_need", ["assessment_id"])
    op.create_index(op.f("ix_training_need_cohort_id"), "training_need", ["cohort_id"])
    op.create_index(op.f("ix_training_need_company_id"), "training_need", ["company_id"])
    op.create_index(op.f("ix_training_need_status"), "training_need", ["status"])

    op.create_table(
        "course_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("city", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("seat_limit", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_session_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_session")),
    )
    op.create_index(op.f("ix_course_session_course_id"), "course_session", ["course_id"])

    op.create_table(
        "enrolment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("need_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=False),
        sa.Column("list_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("vendor_discount_bp", sa.Integer(), nullable=False),
        sa.Column("enrolled_by", sa.String(length=200), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_enrolment_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["training_need.id"], name=op.f("fk_enrolment_need_id_training_need")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_session.id"],
            name=op.f("fk_enrolment_session_id_course_session"),
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainee.id"], name=op.f("fk_enrolment_trainee_id_trainee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
    )
    op.create_index(op.f("ix_enrolment_company_id"), "enrolment", ["company_id"])
    op.create_index(op.f("ix_enrolment_course_id"), "enrolment", ["course_id"])
    op.create_index(op.f("ix_enrolment_need_id"), "enrolment", ["need_id"])
    op.create_index(op.f("ix_enrolment_session_id"), "enrolment", ["session_id"])
    op.create_index(op.f("ix_enrolment_status"), "enrolment", ["status"])
    op.create_index(op.f("ix_enrolment_trainee_id"), "enrolment", ["trainee_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_enrolment_trainee_id"), table_name="enrolment")
    op.drop_index(op.f("ix_enrolment_status"), table_name="enrolment")
    op.drop_index(op.f("ix_enrolment_session_id"), table_name="enrolment")
    op.drop_index(op.f("ix_enrolment_need_id"), table_name="enrolment")
    op.drop_index(op.f("ix_enrolment_course_id"), table_name="enrolment")
    op.drop_index(op.f("ix_enrolment_company_id"), table_name="enrolment")

    op.drop_table("enrolment")
    op.drop_index(op.f("ix_course_session_course_id"), table_name="course_session")

    op.drop_table("course_session")
    op.drop_index(op.f("ix_training_need_status"), table_name="training_need")
    op.drop_index(op.f("ix_training_need_company_id"), table_name="training_need")
    op.drop_index(op.f("ix_training_need_cohort_id"), table_name="training_need")
    op.drop_index(op.f("ix_training_need_assessment_id"), table_name="training_need")

    op.drop_table("training_need")
    op.drop_index(op.f("ix_trainee_company_id"), table_name="trainee")

    op.drop_table("trainee")
    op.drop_index(op.f("ix_course_status"), table_name="course")
    op.drop_index(op.f("ix_course_skills_area"), table_name="course")

    op.drop_table("course")
    op.drop_index(op.f("ix_cohort_membership_company_id"), table_name="cohort_membership")
    op.drop_index(op.f("ix_cohort_membership_cohort_id"), table_name="cohort_membership")

    op.drop_table("cohort_membership")
