"""Certifications: a trainee's certificate, its evidence (file hash, credential URL) and its review.

Revision ID: training_0006
Revises: training_0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "training_0006"
down_revision: str | None = "training_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=True),
        sa.Column("skills_area", sa.String(length=40), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("certification_name", sa.String(length=200), nullable=False),
        sa.Column("certification_code", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=100), nullable=True),
        sa.Column("certificate_number", sa.String(length=200), nullable=False),
        sa.Column("obtained_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("credential_url", sa.String(length=2000), nullable=True),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=True),
        sa.Column("evidence_type", sa.String(length=50), nullable=True),
        sa.Column("evidence_size", sa.Integer(), nullable=True),
        sa.Column("evidence_uploaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_certification_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["enrolment.id"], name=op.f("fk_certification_enrolment_id_enrolment")
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainee.id"], name=op.f("fk_certification_trainee_id_trainee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification")),
    )
    op.create_index(op.f("ix_certification_company_id"), "certification", ["company_id"])
    op.create_index(op.f("ix_certification_course_id"), "certification", ["course_id"])
    op.create_index(op.f("ix_certification_evidence_sha256"), "certification", ["evidence_sha256"])
    op.create_index(op.f("ix_certification_expires_on"), "certification", ["expires_on"])
    op.create_index(op.f("ix_certification_status"), "certification", ["status"])
    op.create_index(op.f("ix_certification_trainee_id"), "certification", ["trainee_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_certification_trainee_id"), table_name="certification")
    op.drop_index(op.f("ix_certification_status"), table_name="certification")
    op.drop_index(op.f("ix_certification_expires_on"), table_name="certification")
    op.drop_index(op.f("ix_certification_evidence_sha256"), table_name="certification")
    op.drop_index(op.f("ix_certification_course_id"), table_name="certification")
    op.drop_index(op.f("ix_certification_company_id"), table_name="certification")

    op.drop_table("certification")
