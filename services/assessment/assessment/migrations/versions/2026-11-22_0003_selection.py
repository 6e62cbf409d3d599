"""Selection: the company-facts read model, cohorts, boards, reviews, nominations, votes.

Revision ID: assessment_0003
Revises: assessment_0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "assessment_0003"
down_revision: str | None = "assessment_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "company_fact",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("in_scope", sa.Boolean(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("private_sector_share", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publication", sa.String(length=20), nullable=False),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_company_fact")),
    )
    op.create_table(
        "cohort",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("max_companies", sa.Integer(), nullable=False),
        sa.Column("max_nominations_per_partner", sa.Integer(), nullable=False),
        sa.Column("min_employees", sa.Integer(), nullable=False),
        sa.Column("min_years_in_business", sa.Integer(), nullable=False),
        sa.Column("min_private_sector_share", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("nomination_round", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort")),
        sa.UniqueConstraint("name", name=op.f("uq_cohort_name")),
    )
    op.create_index(op.f("ix_cohort_status"), "cohort", ["status"])
    op.create_table(
        "board_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_board_member_cohort_id_cohort")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_member")),
        sa.UniqueConstraint("cohort_id", "subject", name=op.f("uq_board_member_cohort_id")),
    )
    op.create_index(op.f("ix_board_member_cohort_id"), "board_member", ["cohort_id"])
    op.create_table(
        "cohort_review",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_cohort_review_cohort_id_cohort")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_review")),
    )
    op.create_index(op.f("ix_cohort_review_cohort_id"), "cohort_review", ["cohort_id"])
    op.create_table(
        "nomination",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("nominated_by_company_id", sa.Uuid(), nullable=True),
        sa.Column("nominated_by", sa.String(length=200), nullable=False),
        sa.Column("nominated_by_role", sa.String(length=40), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.Column("qualitative", sa.JSON(), nullable=False),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        _timestamp("decided_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_nomination_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company_fact.company_id"],
            name=op.f("fk_nomination_company_id_company_fact"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination")),
        # a company at most once per cohort
        sa.UniqueConstraint("cohort_id", "company_id", name=op.f("uq_nomination_cohort_id")),
    )
    op.create_index("ix_nomination_cohort_id_status", "nomination", ["cohort_id", "status"])
    op.create_index(op.f("ix_nomination_company_id"), "nomination", ["company_id"])
    op.create_index(
        op.f("ix_nomination_nominated_by_company_id"), "nomination", ["nominated_by_company_id"]
    )
    op.create_table(
        "board_vote",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("board_member_id", sa.Uuid(), nullable=False),
        sa.Column("vote", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_member_id"],
            ["board_member.id"],
            name=op.f("fk_board_vote_board_member_id_board_member"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nomination.id"],
            name=op.f("fk_board_vote_nomination_id_nomination"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_vote")),
        sa.UniqueConstraint(
            "nomination_id", "board_member_id", name=op.f("uq_board_vote_nomination_id")
        ),
    )
    op.create_index(op.f("ix_board_vote_board_member_id"), "board_vote", ["board_member_id"])
    op.create_index(op.f("ix_board_vote_nomination_id"), "board_vote", ["nomination_id"])


def downgrade() -> None:
    for table in (
        "board_vote",
        "nomination",
        "cohort_review",
        "board_member",
        "cohort",
        "company_fact",
    ):
        op.drop_table(table)  # its indexes go with it
