"""Assessments: methodologies (seeded with EFQM's 9 criteria), assessors, scores, skills.

Revision ID: assessment_0004
Revises: assessment_0003
Create Date: 2026-11-22
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "assessment_0004"
down_revision: str | None = "assessment_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The handbook's default methodology, as data: 100 points per enabler, 150 customer results,
# 100 people results, 100 society results, 150 key results; 1,000 in all. Frozen here (not
# imported) so this migration means the same thing whatever the code becomes.
EFQM_9 = {
    "id": uuid.UUID("e0f00009-0000-4000-8000-000000000009"),
    "key": "efqm-9",
    "name": "EFQM Excellence Model (9 criteria)",
    "description": "The handbook's business assessment: five enablers and four results, "
    "each scored 0-100 % and weighted to a 1,000-point total.",
    "criteria": [
        {"key": "leadership", "name": "Leadership", "group": "enablers", "weight": 100},
        {"key": "strategy", "name": "Strategy", "group": "enablers", "weight": 100},
        {"key": "people", "name": "People", "group": "enablers", "weight": 100},
        {
            "key": "partnerships_resources",
            "name": "Partnerships & resources",
            "group": "enablers",
            "weight": 100,
        },
        {
            "key": "processes_products_services",
            "name": "Processes, products & services",
            "group": "enablers",
            "weight": 100,
        },
        {"key": "customer_results", "name": "Customer results", "group": "results", "weight": 150},
        {"key": "people_results", "name": "People results", "group": "results", "weight": 100},
        {"key": "society_results", "name": "Society results", "group": "results", "weight": 100},
        {"key": "key_results", "name": "Key results", "group": "results", "weight": 150},
    ],
    "created_at": datetime(2026, 11, 22, tzinfo=UTC),
}


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    methodology = op.create_table(
        "methodology",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_methodology")),
        sa.UniqueConstraint("key", name=op.f("uq_methodology_key")),
    )
    op.bulk_insert(methodology, [EFQM_9])
    op.create_table(
        "assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("methodology_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("expected_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("expected_cost_currency", sa.String(length=3), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        _timestamp("submitted_at", nullable=True),
        _timestamp("approved_at", nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_assessment_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company_fact.company_id"],
            name=op.f("fk_assessment_company_id_company_fact"),
        ),
        sa.ForeignKeyConstraint(
            ["methodology_id"],
            ["methodology.id"],
            name=op.f("fk_assessment_methodology_id_methodology"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nomination.id"],
            name=op.f("fk_assessment_nomination_id_nomination"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("nomination_id", name=op.f("uq_assessment_nomination_id")),
    )
    op.create_index(op.f("ix_assessment_cohort_id"), "assessment", ["cohort_id"])
    op.create_index(op.f("ix_assessment_company_id"), "assessment", ["company_id"])
    op.create_index(op.f("ix_assessment_status"), "assessment", ["status"])
    op.create_table(
        "assessment_assessor",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_assessor_assessment_id_assessment"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", "subject", name=op.f("pk_assessment_assessor")),
    )
    op.create_index(op.f("ix_assessment_assessor_subject"), "assessment_assessor", ["subject"])
    op.create_table(
        "criterion_score",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("criterion", sa.String(length=50), nullable=False),
        sa.Column("score_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("strengths", sa.JSON(), nullable=False),
        sa.Column("areas_for_improvement", sa.JSON(), nullable=False),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_criterion_score_assessment_id_assessment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion_score")),
        sa.UniqueConstraint(
            "assessment_id", "criterion", name=op.f("uq_criterion_score_assessment_id")
        ),
    )
    op.create_index(op.f("ix_criterion_score_assessment_id"), "criterion_score", ["assessment_id"])
    op.create_table(
        "skill_assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("skills_area", sa.String(length=50), nullable=False),
        sa.Column("current_level", sa.Integer(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_skill_assessment_assessment_id_assessment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_assessment")),
        sa.UniqueConstraint(
            "assessment_id", "skills_area", name=op.f("uq_skill_assessment_assessment_id")
        ),
    )
    op.create_index(
        op.f("ix_skill_assessment_assessment_id"), "skill_assessment", ["assessment_id"]
    )


def downgrade() -> None:
    for table in (
        "skill_assessment",
        "criterion_score",
        "assessment_assessor",
        "assessment",
        "methodology",
    ):
        op.drop_table(table)  # its indexes (and the seeded methodology) go with it
