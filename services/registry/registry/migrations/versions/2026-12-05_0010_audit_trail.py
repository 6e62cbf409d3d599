"""The audit trail (shared.audit): who changed which record, when, before and after.

Revision ID: registry_0010
Revises: registry_0009
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from shared.audit import create_audit_table, drop_audit_table

revision: str = "registry_0010"
down_revision: str | None = "registry_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_audit_table(op.get_bind())


def downgrade() -> None:
    drop_audit_table(op.get_bind())
