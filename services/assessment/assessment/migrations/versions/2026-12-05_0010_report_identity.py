"""What the report prints about who: the company's BIN and region, the approver's name.

The company-facts read model keeps the BIN and region the registry's events already carry
(empty until the company's next event); an approval may give the approver's name.

Revision ID: assessment_0010
Revises: assessment_0009
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "assessment_0010"
down_revision: str | None = "assessment_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company_fact") as batch:
        batch.add_column(sa.Column("bin", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("region", sa.String(length=50), nullable=True))
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("approved_by_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("approved_by_name")
    with op.batch_alter_table("company_fact") as batch:
        batch.drop_column("region")
        batch.drop_column("bin")
