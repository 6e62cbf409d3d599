"""Graduation: each cohort's status (from the assessment's events) and the companies' BIN and
name (from the registry's), for the graduates list and the completion certificate.

Revision ID: training_0011
Revises: training_0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0011"
down_revision: str | None = "training_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cohort_state",
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_cohort_state")),
    )
    with op.batch_alter_table("company_fact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bin", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("display_name", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("company_fact", schema=None) as batch_op:
        batch_op.drop_column("display_name")
        batch_op.drop_column("bin")
    op.drop_table("cohort_state")
