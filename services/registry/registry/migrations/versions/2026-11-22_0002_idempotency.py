"""Idempotency keys for create requests.

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

from shared.idempotency import create_idempotency_table, drop_idempotency_table

revision: str = "registry_0002"
down_revision: str | None = "registry_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_idempotency_table(op.get_bind())


def downgrade() -> None:
    drop_idempotency_table(op.get_bind())
