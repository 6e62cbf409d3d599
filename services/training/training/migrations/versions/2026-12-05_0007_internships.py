"""Internships abroad: proposed from plans or by the PM, approved, in progress, completed, cancelled.

Revision ID: training_0007
Revises: training_0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0007"
down_revision: str | None = "training_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "internship",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column("trainee_id", sa.Uuid(), nullable=True),
        sa.Column("staff_member", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("host_company_id", sa.Uuid(), nullable=True),
        sa.Column("host_name", sa.String(length=200), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("estimated_cost", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["training_need.id"], name=op.f("fk_internship_need_id_training_need")
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainee.id"], name=op.f("fk_internship_trainee_id_trainee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internship")),
        sa.UniqueConstraint("need_id", name=op.f("uq_internship_need_id")),
    )
    op.create_index(op.f("ix_internship_cohort_id"), "internship", ["cohort_id"])
    op.create_index(op.f("ix_internship_company_id"), "internship", ["company_id"])
    op.create_index(op.f("ix_internship_host_company_id"), "internship", ["host_company_id"])
    op.create_index(op.f("ix_internship_status"), "internship", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_internship_status"), table_name="internship")
    op.drop_index(op.f("ix_internship_host_company_id"), table_name="internship")
    op.drop_index(op.f("ix_internship_company_id"), table_name="internship")
    op.drop_index(op.f("ix_internship_cohort_id"), table_name="internship")

    op.drop_table("internship")
