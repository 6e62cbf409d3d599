"""Programme events: graduation and networking events with cost estimate, sponsors, invitees.

Revision ID: training_0008
Revises: training_0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0008"
down_revision: str | None = "training_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programme_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("estimated_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("sponsor_company_ids", sa.JSON(), nullable=False),
        sa.Column("invited_company_ids", sa.JSON(), nullable=False),
        sa.Column("attending_company_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_event")),
    )
    op.create_index(op.f("ix_programme_event_cohort_id"), "programme_event", ["cohort_id"])
    op.create_index(op.f("ix_programme_event_status"), "programme_event", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_event_status"), table_name="programme_event")
    op.drop_index(op.f("ix_programme_event_cohort_id"), table_name="programme_event")

    op.drop_table("programme_event")
