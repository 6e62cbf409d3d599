"""A company's child lists, kept ready for search result pages (``company_listing``).

A page of 20 companies ran seven correlated subqueries per company for their segments,
capabilities, products, certifications, contacts, verified certifications and programme
participation: on PostgreSQL a third of a search's database time. The registry now keeps
those lists, built by the database's own JSON functions, in a row per company, rewritten
in the transaction of every change to them; a page reads one row per company.

The table is filled by the latest migration that changes what a listing holds
(registry_0015 now), with the statement the service uses (``listing_insert``), so the stored
lists are exactly what the code reads: filled here, the statement of today's code would
name columns this revision's tables do not have yet. Until then (a database downgraded to
this revision) a search reads a company's lists from the tables, as it does for any company
without a listing row.

Revision ID: registry_0007
Revises: registry_0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0007"
down_revision: str | None = "registry_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def downgrade() -> None:
    op.drop_table("company_listing")
