"""The outbox's index of unpublished rows becomes a partial index (see shared.messaging.schema).

Revision ID: assessment_0005
Revises: assessment_0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

from shared.messaging.schema import index_pending_outbox, unindex_pending_outbox

revision: str = "assessment_0005"
down_revision: str | None = "assessment_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    index_pending_outbox(op.get_bind())


def downgrade() -> None:
    unindex_pending_outbox(op.get_bind())
