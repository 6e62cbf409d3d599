"""Import jobs: a long import answers 202 and its progress is read from this table.

Revision ID: finance_0012
Revises: finance_0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from shared.jobs import create_jobs_table, drop_jobs_table

revision: str = "finance_0012"
down_revision: str | None = "finance_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_jobs_table(op.get_bind())


def downgrade() -> None:
    drop_jobs_table(op.get_bind())
