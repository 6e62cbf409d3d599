"""A commitment remembers whether it took its module past the approved high estimate.

Revision ID: finance_0009
Revises: finance_0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0009"
down_revision: str | None = "finance_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "commitment",
        sa.Column("over_budget", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.drop_column("over_budget")
