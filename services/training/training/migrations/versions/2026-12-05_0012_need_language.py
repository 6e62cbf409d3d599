"""The language a training need is wanted in (from its plan item's words), for demand per
language. Needs recorded before have none (``unspecified``).

Revision ID: training_0012
Revises: training_0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0012"
down_revision: str | None = "training_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_need", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_need", schema=None) as batch_op:
        batch_op.drop_column("language")
