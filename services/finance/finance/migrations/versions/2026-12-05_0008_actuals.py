"""Actuals against commitment lines: invoices, payments, contributions, in kind.

Revision ID: finance_0008
Revises: finance_0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0008"
down_revision: str | None = "finance_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actual",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("commitment_id", sa.Uuid(), nullable=False),
        sa.Column("line_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["commitment.id"], name=op.f("fk_actual_commitment_id_commitment")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["commitment_line.id"], name=op.f("fk_actual_line_id_commitment_line")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actual")),
    )
    op.create_index(op.f("ix_actual_commitment_id"), "actual", ["commitment_id"])
    op.create_index(op.f("ix_actual_line_id"), "actual", ["line_id"])


def downgrade() -> None:
    op.drop_table("actual")
