"""The assessment's own band beside its total (``programme_participation.assessment_band``).

The registry showed a band it computed from the total with cut-offs of its own, which need
not be those of the methodology the company was assessed with. It now keeps the band the
``assessment.completed`` event carries. Participations recorded before have none: their
band is left empty rather than guessed with the cut-offs this revision retires (the next
approval of an assessment of the company in that cohort brings it).

The listings (``company_listing``) carry the band with each participation, so they are
rebuilt here with the statement the service uses (registry_0007 says why here, the latest
revision that changes what a listing holds: registry_0011's rebuild moved here).

Revision ID: registry_0014
Revises: registry_0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from registry.company.listing import listing_insert

revision: str = "registry_0014"
down_revision: str | None = "registry_0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("programme_participation") as batch:
        batch.add_column(sa.Column("assessment_band", sa.String(length=50), nullable=True))
    _rebuild_listings()


def downgrade() -> None:
    with op.batch_alter_table("programme_participation") as batch:
        batch.drop_column("assessment_band")
    # the older code reads a participation's first four elements: the fifth does no harm


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
