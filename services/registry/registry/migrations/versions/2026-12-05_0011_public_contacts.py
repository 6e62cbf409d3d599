"""Contacts a company marks public for partners (``company_contact.public``).

International companies see a profile's public contacts (and a shortlist's), so they can
act on it; personal contacts stay with programme staff and the company itself. Existing
contacts stay private. The listings (``company_listing``) carry the flag with each contact,
so they are rebuilt with the statement the service uses. The next migration that changes
what a listing holds moves this rebuild there (registry_0007 says why).

Revision ID: registry_0011
Revises: registry_0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from registry.company.listing import listing_insert

revision: str = "registry_0011"
down_revision: str | None = "registry_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("company_contact") as batch:
        batch.add_column(
            sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _rebuild_listings()


def downgrade() -> None:
    with op.batch_alter_table("company_contact") as batch:
        batch.drop_column("public")
    # the listings keep a fifth element per contact that the older code would refuse
    op.execute("DELETE FROM company_listing")


def _rebuild_listings() -> None:
    bind = op.get_bind()
    company = sa.table("company", sa.column("id", sa.Uuid()))
    listing = sa.table("company_listing", sa.column("company_id", sa.Uuid()))
    ids = bind.execute(sa.select(company.c.id).order_by(company.c.id)).scalars().all()
    insert = listing_insert(bind.dialect.name)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        bind.execute(sa.delete(listing).where(listing.c.company_id.in_(batch)))
        bind.execute(insert, {"ids": batch})
    if ids:  # without statistics PostgreSQL joined the table by scanning it
        op.execute("ANALYZE company_listing")
