"""Verified certifications counted by staff, not by certificate: the listings carry whose.

A profile's "N verified" line counted a company's verified certification rows, so a trainee
whose renewal was verified before the old certificate expired counted twice. The line now
counts distinct trainees, and the listings (``company_listing``) carry each verified
certification's trainee id to count them by; they are rebuilt here with the statement the
service uses (registry_0007 says why here, the latest revision that changes what a listing
holds: registry_0014's rebuild moved here). No table changes.

Revision ID: registry_0015
Revises: registry_0014
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from registry.company.listing import listing_insert

revision: str = "registry_0015"
down_revision: str | None = "registry_0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    _rebuild_listings()


def downgrade() -> None:
    """Nothing to undo: the older code reads a verified certification's first four elements,
    and the fifth does no harm."""


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
