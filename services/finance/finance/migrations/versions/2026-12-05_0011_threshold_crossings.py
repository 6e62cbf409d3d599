"""Which thresholds of an approved budget's modules commitments have crossed (announced once).

Revision ID: finance_0011
Revises: finance_0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0011"
down_revision: str | None = "finance_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budget_threshold_crossing",
        sa.Column("budget_id", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=False),
        sa.Column("threshold_percent", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Uuid(), nullable=False),
        sa.Column("committed_minor", sa.BigInteger(), nullable=False),
        sa.Column("high_minor", sa.BigInteger(), nullable=False),
        sa.Column("crossed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budget.id"],
            name=op.f("fk_budget_threshold_crossing_budget_id_budget"),
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_budget_threshold_crossing_commitment_id_commitment"),
        ),
        sa.PrimaryKeyConstraint(
            "budget_id", "module", "threshold_percent", name=op.f("pk_budget_threshold_crossing")
        ),
    )


def downgrade() -> None:
    op.drop_table("budget_threshold_crossing")
