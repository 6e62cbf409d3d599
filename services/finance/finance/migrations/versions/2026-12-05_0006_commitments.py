"""Commitments made by other services' events, a line per paying party.

Revision ID: finance_0006
Revises: finance_0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0006"
down_revision: str | None = "finance_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=True),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.Column("rule_code", sa.String(length=50), nullable=True),
        sa.Column("rule_version", sa.Integer(), nullable=True),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("vendor_discount_percent", sa.String(length=10), nullable=True),
        _timestamp("source_time", nullable=True),
        _timestamp("committed_at", nullable=True),
        _timestamp("released_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["co_financing_rule.id"],
            name=op.f("fk_commitment_rule_id_co_financing_rule"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
        sa.UniqueConstraint("source_kind", "source_id", name=op.f("uq_commitment_source_kind")),
    )
    op.create_index(op.f("ix_commitment_module"), "commitment", ["module"])
    op.create_index(op.f("ix_commitment_cohort_id"), "commitment", ["cohort_id"])
    op.create_index(op.f("ix_commitment_company_id"), "commitment", ["company_id"])
    op.create_table(
        "commitment_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("commitment_id", sa.Uuid(), nullable=False),
        sa.Column("party", sa.String(length=30), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("in_kind", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_line_commitment_id_commitment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_line")),
    )
    op.create_index(op.f("ix_commitment_line_commitment_id"), "commitment_line", ["commitment_id"])
    op.create_index(op.f("ix_commitment_line_company_id"), "commitment_line", ["company_id"])


def downgrade() -> None:
    op.drop_table("commitment_line")
    op.drop_table("commitment")
