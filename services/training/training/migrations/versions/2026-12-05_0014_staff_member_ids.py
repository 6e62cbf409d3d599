"""Needs and internships name a staff member by the development plan's id for them
(``staff_member_id``, from ``development_plan.approved_v2``) rather than by name: personal
data no longer travels in events. Rows from plans approved before keep the name they were
given (``staff_member``) and have no id.

Revision ID: training_0014
Revises: training_0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0014"
down_revision: str | None = "training_0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("training_need", "internship"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("staff_member_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    for table in ("training_need", "internship"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("staff_member_id")
