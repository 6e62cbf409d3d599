"""PostgreSQL: a covering index for the relevance walk over the names.

A common word's first tier walks ``company_search`` in rowid order, testing ``names_tsv`` on
each row until a page is full. On the table itself that reads its wide rows (document and two
tsvectors, ~1.6 KB each): 446 pages for 1,838 rows at 100,000 companies, several thousand
with a selective filter. This index carries what the walk reads, so it runs as an
index-only scan (once VACUUM has marked the pages all-visible; a bulk import does that).
SQLite walks its FTS5 index instead and needs nothing.

Revision ID: registry_0006
Revises: registry_0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "registry_0006"
down_revision: str | None = "registry_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_company_search_walk ON company_search (rowid) "
            "INCLUDE (company_id, names_tsv)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_company_search_walk")
