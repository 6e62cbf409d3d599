"""Search documents get a names field, so a search can rank name matches first.

Relevance is now "names match, then anything else matches, in registration order within
each": the same order on both engines, and one the text index delivers a page of without
ranking every match. SQLite: the FTS5 table gets a ``names`` column (``{names}: ...`` queries
it alone). PostgreSQL: a second tsvector, of the names, with its own GIN index (a weighted
single tsvector would do, but the planner has no statistics for weights).

Revision ID: registry_0004
Revises: registry_0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from registry.transliteration import skeleton

revision: str = "registry_0004"
down_revision: str | None = "registry_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000

_SQLITE_UP = [
    "DROP TRIGGER IF EXISTS company_search_au",
    "DROP TRIGGER IF EXISTS company_search_ad",
    "DROP TRIGGER IF EXISTS company_search_ai",
    "DROP TABLE IF EXISTS company_fts",
    "CREATE VIRTUAL TABLE company_fts USING fts5(names, document, content='company_search', "
    "content_rowid='rowid', tokenize='unicode61', prefix='2 3 4')",
    "CREATE TRIGGER company_search_ai AFTER INSERT ON company_search BEGIN "
    "INSERT INTO company_fts(rowid, names, document) "
    "VALUES (new.rowid, new.names, new.document); END",
    "CREATE TRIGGER company_search_ad AFTER DELETE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, names, document) "
    "VALUES ('delete', old.rowid, old.names, old.document); END",
    "CREATE TRIGGER company_search_au AFTER UPDATE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, names, document) "
    "VALUES ('delete', old.rowid, old.names, old.document); "
    "INSERT INTO company_fts(rowid, names, document) "
    "VALUES (new.rowid, new.names, new.document); END",
    "INSERT INTO company_fts(company_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS company_search_au",
    "DROP TRIGGER IF EXISTS company_search_ad",
    "DROP TRIGGER IF EXISTS company_search_ai",
    "DROP TABLE IF EXISTS company_fts",
    "CREATE VIRTUAL TABLE company_fts USING fts5(document, content='company_search', "
    "content_rowid='rowid', tokenize='unicode61', prefix='2 3 4')",
    "CREATE TRIGGER company_search_ai AFTER INSERT ON company_search BEGIN "
    "INSERT INTO company_fts(rowid, document) VALUES (new.rowid, new.document); END",
    "CREATE TRIGGER company_search_ad AFTER DELETE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, document) "
    "VALUES ('delete', old.rowid, old.document); END",
    "CREATE TRIGGER company_search_au AFTER UPDATE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, document) "
    "VALUES ('delete', old.rowid, old.document); "
    "INSERT INTO company_fts(rowid, document) VALUES (new.rowid, new.document); END",
    "INSERT INTO company_fts(company_fts) VALUES ('rebuild')",
]
_POSTGRES_UP = [
    "ALTER TABLE company_search ADD COLUMN names_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', names)) STORED",
    "CREATE INDEX ix_company_search_names_tsv ON company_search USING GIN (names_tsv)",
]
_POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_company_search_names_tsv",
    "ALTER TABLE company_search DROP COLUMN IF EXISTS names_tsv",
]


def upgrade() -> None:
    with op.batch_alter_table("company_search", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.Text(), nullable=False, server_default=""))
    _fill_names()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_UP if sqlite else _POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TABLE IF EXISTS company_fts")  # it reads the column dropped below
    else:
        for statement in _POSTGRES_DOWN:
            op.execute(statement)
    with op.batch_alter_table("company_search", schema=None) as batch_op:
        batch_op.drop_column("names")
    if sqlite:
        for statement in _SQLITE_DOWN:
            op.execute(statement)


def _fill_names() -> None:
    """The names' skeleton of every stored company (the transliteration is Python code)."""
    bind = op.get_bind()
    company = sa.table(
        "company",
        sa.column("id", sa.Uuid()),
        sa.column("display_name"),
        sa.column("name_kk"),
        sa.column("name_ru"),
        sa.column("name_en"),
    )
    search = sa.table("company_search", sa.column("company_id", sa.Uuid()), sa.column("names"))
    rows = bind.execute(
        sa.select(company).order_by(company.c.id)
    ).all()  # names only: a few MB even at 100,000 companies
    update = (
        sa.update(search)
        .where(search.c.company_id == sa.bindparam("b_id"))
        .values(names=sa.bindparam("b_names"))
    )
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        bind.execute(
            update,
            [
                {"b_id": row.id, "b_names": skeleton(" ".join(filter(None, row[1:])))}
                for row in batch
            ],
        )
