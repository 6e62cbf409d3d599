"""Expiry reminders sent, one row per certification and threshold (the job's once-only key).

Revision ID: training_0009
Revises: training_0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0009"
down_revision: str | None = "training_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certification_reminder",
        sa.Column("certification_id", sa.Uuid(), nullable=False),
        sa.Column("threshold_days", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_sent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certification_id"],
            ["certification.id"],
            name=op.f("fk_certification_reminder_certification_id_certification"),
        ),
        sa.PrimaryKeyConstraint(
            "certification_id", "threshold_days", name=op.f("pk_certification_reminder")
        ),
    )


def downgrade() -> None:
    op.drop_table("certification_reminder")
