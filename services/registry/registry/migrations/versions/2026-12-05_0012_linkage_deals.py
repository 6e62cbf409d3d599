"""One deal, one linkage: ``separate_contract`` and the unique indexes of a deal.

The same local company, international company and need (or no need) recorded twice, once
by the partner and once by the programme manager, counted twice in the outcomes. From now
on a second one is refused unless its recorder declares it a separate contract; partial
unique indexes hold that under concurrent requests on both engines.

Linkages recorded twice before this revision are kept, not guessed at: every repeat after
the first of a deal is marked a separate contract (so the indexes can be built), and the
programme staff can review them (``GET /linkages?company_id=``).

Revision ID: registry_0012
Revises: registry_0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0012"
down_revision: str | None = "registry_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SAME_DEAL = "NOT separate_contract AND need_id IS NOT NULL"
SAME_DEAL_WITHOUT_NEED = "NOT separate_contract AND need_id IS NULL"

_MARK_REPEATS = """
UPDATE linkage SET separate_contract = true WHERE EXISTS (
    SELECT 1 FROM linkage AS first
    WHERE first.local_company_id = linkage.local_company_id
      AND first.international_company_id = linkage.international_company_id
      AND (first.need_id = linkage.need_id
           OR (first.need_id IS NULL AND linkage.need_id IS NULL))
      AND (first.created_at < linkage.created_at
           OR (first.created_at = linkage.created_at AND first.id < linkage.id))
)
"""


def upgrade() -> None:
    op.add_column(
        "linkage",
        sa.Column("separate_contract", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(_MARK_REPEATS)
    op.create_index(
        "uq_linkage_deal",
        "linkage",
        ["local_company_id", "international_company_id", "need_id"],
        unique=True,
        sqlite_where=sa.text(SAME_DEAL),
        postgresql_where=sa.text(SAME_DEAL),
    )
    op.create_index(
        "uq_linkage_deal_without_need",
        "linkage",
        ["local_company_id", "international_company_id"],
        unique=True,
        sqlite_where=sa.text(SAME_DEAL_WITHOUT_NEED),
        postgresql_where=sa.text(SAME_DEAL_WITHOUT_NEED),
    )


def downgrade() -> None:
    op.drop_index("uq_linkage_deal_without_need", table_name="linkage")
    op.drop_index("uq_linkage_deal", table_name="linkage")
    op.drop_column("linkage", "separate_contract")
