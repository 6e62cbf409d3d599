"""Contacts a company marks public for partners (``company_contact.public``).

International companies see a profile's public contacts (and a shortlist's), so they can
act on it; personal contacts stay with programme staff and the company itself. Existing
contacts stay private. The listings (``company_listing``) carry the flag with each contact;
registry_0015, the latest revision that changes what a listing holds, rebuilds them
(registry_0007 says why not here).

Revision ID: registry_0011
Revises: registry_0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0011"
down_revision: str | None = "registry_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company_contact") as batch:
        batch.add_column(
            sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("company_contact") as batch:
        batch.drop_column("public")
    # the listings keep a fifth element per contact that the older code would refuse
    op.execute("DELETE FROM company_listing")
