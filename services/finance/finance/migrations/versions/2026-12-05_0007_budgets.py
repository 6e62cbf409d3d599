"""Budgets per programme year and cohort, their revisions and cost lines.

Revision ID: finance_0007
Revises: finance_0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0007"
down_revision: str | None = "finance_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "budget",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("root_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Uuid(), nullable=True),
        sa.Column("programme_year", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _timestamp("submitted_at", nullable=True),
        _timestamp("approved_at", nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["budget.id"], name=op.f("fk_budget_previous_id_budget")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget")),
        sa.UniqueConstraint("root_id", "revision", name=op.f("uq_budget_root_id")),
    )
    op.create_index(op.f("ix_budget_root_id"), "budget", ["root_id"])
    op.create_index(op.f("ix_budget_programme_year"), "budget", ["programme_year"])
    op.create_index(op.f("ix_budget_cohort_id"), "budget", ["cohort_id"])
    op.create_table(
        "budget_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("budget_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("low_quantity_milli", sa.BigInteger(), nullable=False),
        sa.Column("high_quantity_milli", sa.BigInteger(), nullable=False),
        sa.Column("assumptions", sa.Text(), nullable=True),
        sa.Column("rule_code", sa.String(length=50), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["budget_id"], ["budget.id"], name=op.f("fk_budget_line_budget_id_budget")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["co_financing_rule.id"],
            name=op.f("fk_budget_line_rule_id_co_financing_rule"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    op.create_index(op.f("ix_budget_line_budget_id"), "budget_line", ["budget_id"])


def downgrade() -> None:
    op.drop_table("budget_line")
    op.drop_table("budget")
