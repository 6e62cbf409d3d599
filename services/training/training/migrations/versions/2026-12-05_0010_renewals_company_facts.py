"""A certification's renewal link, and the read model of the registry's companies.

Revision ID: training_0010
Revises: training_0009
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0010"
down_revision: str | None = "training_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company_fact",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_company_fact")),
    )
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("renews_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_certification_renews_id"), ["renews_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_renews_id"))
        batch_op.drop_column("renews_id")

    op.drop_table("company_fact")
