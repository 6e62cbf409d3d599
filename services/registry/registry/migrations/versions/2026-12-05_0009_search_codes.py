"""The search table carries the codes a company is filed under, for PostgreSQL's walk.

A common word's relevance page walks ``company_search`` in rowid order until the page is
full. With a filter on a company's child rows (capability, segment, product category) each
step probed that table, which also kept PostgreSQL off the walk's covering index: a page of
``network`` among companies with network engineering read 1,471 buffers in 5.3 ms. With the
codes (``capability=network_engineering region=astana ...``) as a tsvector in the covering
index, the same walk is index-only: 1.0-2.3 ms.

No GIN index on the codes: a code shares its posting list with a third of the registry
(``region=almaty_city``: 39,551 companies of 100,000), and a bitmap of it took 2.4-4.8 ms,
more than the intersection saved (search.TextMatch.walk_pays reads matches of the words alone).

SQLite stores the column (the same rows on both engines) and filters as before: FTS5 does
not index it.

Revision ID: registry_0009
Revises: registry_0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0009"
down_revision: str | None = "registry_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every company's codes from its tables, as registry.company.service.filing_codes writes them
# (space-separated; their order does not matter); ``{codes}`` is the engine's string aggregate.
_BACKFILL = """
UPDATE company_search SET codes = filed.codes FROM (
    SELECT company_id, {codes} AS codes FROM (
        SELECT company_id, 'segment=' || segment AS code FROM company_segment
        UNION SELECT company_id, 'capability=' || capability FROM company_capability
        UNION SELECT company_id, 'product_category=' || category FROM company_product
        UNION SELECT id, 'region=' || region FROM company WHERE region IS NOT NULL
    ) AS each_code GROUP BY company_id
) AS filed WHERE company_search.company_id = filed.company_id
"""
_POSTGRES_UP = [
    "ALTER TABLE company_search ADD COLUMN codes_tsv tsvector "
    "GENERATED ALWAYS AS (codes::tsvector) STORED",
    "DROP INDEX IF EXISTS ix_company_search_walk",
    "CREATE INDEX ix_company_search_walk ON company_search (rowid) "
    "INCLUDE (company_id, names_tsv, codes_tsv)",
    "ANALYZE company_search",
]
_POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_company_search_walk",
    "CREATE INDEX ix_company_search_walk ON company_search (rowid) INCLUDE (company_id, names_tsv)",
    "ALTER TABLE company_search DROP COLUMN IF EXISTS codes_tsv",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "company_search", sa.Column("codes", sa.Text(), server_default="", nullable=False)
    )
    aggregate = "string_agg(code, ' ' ORDER BY code)" if postgres else "group_concat(code, ' ')"
    op.execute(_BACKFILL.format(codes=aggregate))
    if postgres:
        for statement in _POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_DOWN:
            op.execute(statement)
    # not batch mode: on SQLite that copies the table, and the FTS5 triggers go with it
    op.execute("ALTER TABLE company_search DROP COLUMN codes")
