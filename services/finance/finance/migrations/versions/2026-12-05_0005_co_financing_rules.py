"""Co-financing rules, seeded with the handbook's working hypotheses.

Revision ID: finance_0005
Revises: finance_0004
Create Date: 2026-12-05
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "finance_0005"
down_revision: str | None = "finance_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _step(party: str, percent: str, of: str) -> dict[str, str]:
    return {"party": party, "percent": percent, "of": of}


# The handbook's default rules, as data; frozen here (not imported) so that this migration
# means the same thing whatever the code becomes. Each ends with a party taking 100 % of
# the remainder ("the rest"), so every rule shares out exactly the whole cost.
DEFAULT_RULES = [
    (
        "technical_training",
        "Technical training",
        "The vendor discounts 75 % of the list price (in kind), the programme pays 90 % of "
        "the remainder and the company the rest.",
        [
            _step("vendor", "75", "list_price"),
            _step("programme", "90", "remainder"),
            _step("local_company", "100", "remainder"),
        ],
    ),
    (
        "business_training",
        "Business training",
        "The programme pays 90 %, the company 10 %.",
        [_step("programme", "90", "list_price"), _step("local_company", "100", "remainder")],
    ),
    (
        "assessment",
        "Assessment",
        "The programme pays 90 %, the company 10 %.",
        [_step("programme", "90", "list_price"), _step("local_company", "100", "remainder")],
    ),
    (
        "short_internship",
        "Short internship (study trip)",
        "The international company pays 20 %, then the programme 90 % and the company 10 % "
        "of the remainder.",
        [
            _step("international_company", "20", "list_price"),
            _step("programme", "90", "remainder"),
            _step("local_company", "100", "remainder"),
        ],
    ),
    (
        "long_internship",
        "Long internship",
        "The host company pays 50 %, the programme the rest.",
        [_step("host_company", "50", "list_price"), _step("programme", "100", "remainder")],
    ),
    (
        "annual_event",
        "Annual event",
        "The international companies pay 20 %, the programme the rest.",
        [
            _step("international_company", "20", "list_price"),
            _step("programme", "100", "remainder"),
        ],
    ),
    (
        "programme_only",
        "Programme only",
        "The programme pays everything: the sector database, coordination and staff time.",
        [_step("programme", "100", "list_price")],
    ),
]
SEEDED_AT = datetime(2026, 12, 5, tzinfo=UTC)
EFFECTIVE_FROM = date(2026, 1, 1)


def upgrade() -> None:
    rule = op.create_table(
        "co_financing_rule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_financing_rule")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_co_financing_rule_code")),
    )
    op.create_index(op.f("ix_co_financing_rule_code"), "co_financing_rule", ["code"])
    op.bulk_insert(
        rule,
        [
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, f"urn:blp:finance:rule:{code}:1"),
                "code": code,
                "version": 1,
                "name": name,
                "description": description,
                "steps": steps,
                "effective_from": EFFECTIVE_FROM,
                "effective_to": None,
                "created_by": "handbook",
                "created_at": SEEDED_AT,
            }
            for code, name, description, steps in DEFAULT_RULES
        ],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_co_financing_rule_code"), table_name="co_financing_rule")
    op.drop_table("co_financing_rule")
