"""The audit trail (shared.audit): who changed which record, when, before and after.

Revision ID: assessment_0006
Revises: assessment_0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from shared.audit import create_audit_table, drop_audit_table

revision: str = "assessment_0006"
down_revision: str | None = "assessment_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_audit_table(op.get_bind())


def downgrade() -> None:
    drop_audit_table(op.get_bind())
