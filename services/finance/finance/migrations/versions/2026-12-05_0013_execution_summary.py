"""The execution summary the reports read, backfilled from the commitment lines and actuals.

Revision ID: finance_0013
Revises: finance_0012
Create Date: 2026-12-05
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0013"
down_revision: str | None = "finance_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_COHORT = uuid.UUID(int=0)

# A frozen copy of finance.reports.summary.REBUILD as it was when this migration was written.
BACKFILL = """
INSERT INTO execution_summary (programme_year, cohort_id, module, party, currency,
    committed_minor, invoiced_minor, paid_minor, lines, invoices, settlements)
SELECT {year}, COALESCE(c.cohort_id, {no_cohort}), c.module, l.party, l.currency,
    SUM(l.amount_minor),
    SUM(COALESCE(a.invoiced, 0)), SUM(COALESCE(a.paid, 0)),
    COUNT(*), SUM(COALESCE(a.invoices, 0)), SUM(COALESCE(a.settlements, 0))
FROM commitment_line l
JOIN commitment c ON c.id = l.commitment_id
LEFT JOIN (
    SELECT line_id,
        SUM(CASE WHEN kind = 'invoice' THEN amount_minor ELSE 0 END) AS invoiced,
        SUM(CASE WHEN kind <> 'invoice' THEN amount_minor ELSE 0 END) AS paid,
        SUM(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END) AS invoices,
        SUM(CASE WHEN kind <> 'invoice' THEN 1 ELSE 0 END) AS settlements
    FROM actual GROUP BY line_id
) a ON a.line_id = l.id
WHERE c.status = 'committed'
GROUP BY 1, 2, 3, 4, 5
"""


def upgrade() -> None:
    op.create_table(
        "execution_summary",
        sa.Column("programme_year", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=False),
        sa.Column("party", sa.String(length=30), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("committed_minor", sa.BigInteger(), nullable=False),
        sa.Column("invoiced_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.Column("settlements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "programme_year",
            "cohort_id",
            "module",
            "party",
            "currency",
            name=op.f("pk_execution_summary"),
        ),
    )
    op.create_index(
        op.f("ix_execution_summary_cohort_id"), "execution_summary", ["cohort_id"], unique=False
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    year = (
        "CAST(strftime('%Y', c.committed_at) AS INTEGER)"
        if sqlite
        else "CAST(EXTRACT(YEAR FROM c.committed_at AT TIME ZONE 'UTC') AS INTEGER)"
    )
    no_cohort = f"'{NO_COHORT.hex if sqlite else NO_COHORT}'"  # how each stores a UUID
    op.execute(sa.text(BACKFILL.format(year=year, no_cohort=no_cohort)))


def downgrade() -> None:
    op.drop_index(op.f("ix_execution_summary_cohort_id"), table_name="execution_summary")
    op.drop_table("execution_summary")
