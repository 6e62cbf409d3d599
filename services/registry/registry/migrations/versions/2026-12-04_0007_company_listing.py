"""A company's child lists, kept ready for search result pages (``company_listing``).

A page of 20 companies ran seven correlated subqueries per company for their segments,
capabilities, products, certifications, contacts, verified certifications and programme
participation: on PostgreSQL a third of a search's database time. The registry now keeps
those lists, built by the database's own JSON functions, in a row per company, rewritten
in the transaction of every change to them; a page reads one row per company.

The table is filled here with the statement the service uses (``listing_insert``), so the
stored lists are exactly what the code of this revision reads.

Revision ID: registry_0007
Revises: registry_0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from registry.company.listing import listing_insert

revision: str = "registry_0007"
down_revision: str | None = "registry_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "company_listing",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_listing_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_company_listing")),
    )
    bind = op.get_bind()
    company = sa.table("company", sa.column("id", sa.Uuid()))
    ids = bind.execute(sa.select(company.c.id).order_by(company.c.id)).scalars().all()
    insert = listing_insert(bind.dialect.name)
    for start in range(0, len(ids), BATCH):
        bind.execute(insert, {"ids": ids[start : start + BATCH]})
    if ids:  # without statistics PostgreSQL joined the new table by scanning it
        op.execute("ANALYZE company_listing")


def downgrade() -> None:
    op.drop_table("company_listing")
