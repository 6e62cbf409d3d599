"""The assessment's own band beside its total (``programme_participation.assessment_band``).

The registry showed a band it computed from the total with cut-offs of its own, which need
not be those of the methodology the company was assessed with. It now keeps the band the
``assessment.completed`` event carries. Participations recorded before have none: their
band is left empty rather than guessed with the cut-offs this revision retires (the next
approval of an assessment of the company in that cohort brings it).

The listings (``company_listing``) carry the band with each participation; registry_0015,
which changes what a listing holds again, rebuilds them (registry_0007 says why not here).

Revision ID: registry_0014
Revises: registry_0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0014"
down_revision: str | None = "registry_0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programme_participation") as batch:
        batch.add_column(sa.Column("assessment_band", sa.String(length=50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programme_participation") as batch:
        batch.drop_column("assessment_band")
    # the older code reads a participation's first four elements: the fifth does no harm
