"""Import jobs: a long import answers 202 and its progress is read from this table.

Revision ID: registry_0013
Revises: registry_0012
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from shared.jobs import create_jobs_table, drop_jobs_table

revision: str = "registry_0013"
down_revision: str | None = "registry_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_jobs_table(op.get_bind())


def downgrade() -> None:
    drop_jobs_table(op.get_bind())
