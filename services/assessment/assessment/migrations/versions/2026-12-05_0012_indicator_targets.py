"""The results framework: a cohort's target per indicator, and quarterly reports as issued.

Revision ID: assessment_0012
Revises: assessment_0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "assessment_0012"
down_revision: str | None = "assessment_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_target",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("cohort_id", sa.Uuid(), sa.ForeignKey("cohort.id"), nullable=False),
        sa.Column("indicator", sa.String(length=50), nullable=False),
        sa.Column("baseline", sa.Numeric(20, 4), nullable=False),
        sa.Column("target", sa.Numeric(20, 4), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("on_track_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("at_risk_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("cohort_id", "indicator"),
    )
    op.create_index("ix_indicator_target_cohort_id", "indicator_target", ["cohort_id"])
    op.create_table(
        "framework_snapshot",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("cohort_id", sa.Uuid(), sa.ForeignKey("cohort.id"), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("framework", sa.JSON(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("cohort_id", "period"),
    )
    op.create_index("ix_framework_snapshot_cohort_id", "framework_snapshot", ["cohort_id"])


def downgrade() -> None:
    op.drop_index("ix_framework_snapshot_cohort_id", table_name="framework_snapshot")
    op.drop_table("framework_snapshot")
    op.drop_index("ix_indicator_target_cohort_id", table_name="indicator_target")
    op.drop_table("indicator_target")
