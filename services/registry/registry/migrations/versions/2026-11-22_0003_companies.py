"""Companies and their details, search index, history, programme facts, needs, linkages.

Revision ID: registry_0003
Revises: registry_0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "registry_0003"
down_revision: str | None = "registry_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("bin", sa.String(length=12), nullable=True),
        sa.Column("foreign_registration_number", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=True),
        sa.Column("name_ru", sa.String(length=300), nullable=True),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("name_key", sa.String(length=400), nullable=False),
        sa.Column("oked_codes", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("in_scope", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=True),
        sa.Column("city", sa.String(length=50), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("description", sa.String(length=5000), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("private_sector_share", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publication", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("bin", name=op.f("uq_company_bin")),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_employees"), ["employees"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_in_scope"), ["in_scope"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_publication"), ["publication"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_company_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "programme_participation",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("cohort_name", sa.String(length=200), nullable=True),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assessment_id", sa.Uuid(), nullable=True),
        sa.Column("efqm_total", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("company_id", "cohort_id", name=op.f("pk_programme_participation")),
    )
    with op.batch_alter_table("programme_participation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_participation_cohort_id"), ["cohort_id"], unique=False
        )

    op.create_table(
        "verified_certification",
        sa.Column("certification_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("skills_area", sa.String(length=100), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("vendor_key", sa.String(length=200), nullable=False),
        sa.Column("certification", sa.String(length=300), nullable=False),
        sa.Column("certification_key", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=100), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("certification_id", name=op.f("pk_verified_certification")),
    )
    with op.batch_alter_table("verified_certification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verified_certification_certification_key"),
            ["certification_key"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_verified_certification_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verified_certification_vendor_key"), ["vendor_key"], unique=False
        )

    op.create_table(
        "company_capability",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("capability", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_capability_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", "capability", name=op.f("pk_company_capability")),
    )
    with op.batch_alter_table("company_capability", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_capability_capability"), ["capability"], unique=False
        )

    op.create_table(
        "company_certification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("vendor_key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=100), nullable=True),
        sa.Column("staff_count", sa.Integer(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_certification_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_certification")),
    )
    with op.batch_alter_table("company_certification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_certification_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_certification_name_key"), ["name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_certification_vendor_key"), ["vendor_key"], unique=False
        )

    op.create_table(
        "company_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=50), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_change_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_change")),
    )
    with op.batch_alter_table("company_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_change_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "company_contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=300), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_contact_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_contact")),
    )
    with op.batch_alter_table("company_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_contact_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "company_product",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_product_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_product")),
    )
    with op.batch_alter_table("company_product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_product_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_company_product_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "company_search",
        sa.Column("rowid", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_search_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rowid", name=op.f("pk_company_search")),
        sa.UniqueConstraint("company_id", name=op.f("uq_company_search_company_id")),
    )
    op.create_table(
        "company_segment",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("segment", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_segment_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", "segment", name=op.f("pk_company_segment")),
    )
    with op.batch_alter_table("company_segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_segment_segment"), ["segment"], unique=False)

    op.create_table(
        "partner_need",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("international_company_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=True),
        sa.Column("min_employees", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=5000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["international_company_id"],
            ["company.id"],
            name=op.f("fk_partner_need_international_company_id_company"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_need")),
    )
    with op.batch_alter_table("partner_need", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_need_international_company_id"),
            ["international_company_id"],
            unique=False,
        )

    op.create_table(
        "linkage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("local_company_id", sa.Uuid(), nullable=False),
        sa.Column("international_company_id", sa.Uuid(), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column("linkage_type", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("contract_value_minor", sa.BigInteger(), nullable=True),
        sa.Column("contract_currency", sa.String(length=3), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("jobs_created", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.String(length=5000), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["international_company_id"],
            ["company.id"],
            name=op.f("fk_linkage_international_company_id_company"),
        ),
        sa.ForeignKeyConstraint(
            ["local_company_id"], ["company.id"], name=op.f("fk_linkage_local_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["partner_need.id"], name=op.f("fk_linkage_need_id_partner_need")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage")),
    )
    with op.batch_alter_table("linkage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_linkage_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_linkage_international_company_id"),
            ["international_company_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_local_company_id"), ["local_company_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_linkage_stage"), ["stage"], unique=False)

    _create_search_index()


def downgrade() -> None:
    _drop_search_index()
    with op.batch_alter_table("linkage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_stage"))
        batch_op.drop_index(batch_op.f("ix_linkage_local_company_id"))
        batch_op.drop_index(batch_op.f("ix_linkage_international_company_id"))
        batch_op.drop_index(batch_op.f("ix_linkage_cohort_id"))

    op.drop_table("linkage")
    with op.batch_alter_table("partner_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_need_international_company_id"))

    op.drop_table("partner_need")
    with op.batch_alter_table("company_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_segment_segment"))

    op.drop_table("company_segment")
    op.drop_table("company_search")
    with op.batch_alter_table("company_product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_product_company_id"))
        batch_op.drop_index(batch_op.f("ix_company_product_category"))

    op.drop_table("company_product")
    with op.batch_alter_table("company_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_contact_company_id"))

    op.drop_table("company_contact")
    with op.batch_alter_table("company_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_change_company_id"))

    op.drop_table("company_change")
    with op.batch_alter_table("company_certification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_certification_vendor_key"))
        batch_op.drop_index(batch_op.f("ix_company_certification_name_key"))
        batch_op.drop_index(batch_op.f("ix_company_certification_company_id"))

    op.drop_table("company_certification")
    with op.batch_alter_table("company_capability", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_capability_capability"))

    op.drop_table("company_capability")
    with op.batch_alter_table("verified_certification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verified_certification_vendor_key"))
        batch_op.drop_index(batch_op.f("ix_verified_certification_company_id"))
        batch_op.drop_index(batch_op.f("ix_verified_certification_certification_key"))

    op.drop_table("verified_certification")
    with op.batch_alter_table("programme_participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_participation_cohort_id"))

    op.drop_table("programme_participation")
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_updated_at"))
        batch_op.drop_index(batch_op.f("ix_company_status"))
        batch_op.drop_index(batch_op.f("ix_company_region"))
        batch_op.drop_index(batch_op.f("ix_company_publication"))
        batch_op.drop_index(batch_op.f("ix_company_name_key"))
        batch_op.drop_index(batch_op.f("ix_company_kind"))
        batch_op.drop_index(batch_op.f("ix_company_in_scope"))
        batch_op.drop_index(batch_op.f("ix_company_employees"))

    op.drop_table("company")


# Full-text search over company_search.document (already a transliteration skeleton):
# FTS5 on SQLite, kept in step by triggers; a generated tsvector with a GIN index on PostgreSQL.
_SQLITE_UP = [
    "CREATE VIRTUAL TABLE company_fts USING fts5(document, content='company_search', "
    "content_rowid='rowid', tokenize='unicode61', prefix='2 3 4')",
    "CREATE TRIGGER company_search_ai AFTER INSERT ON company_search BEGIN "
    "INSERT INTO company_fts(rowid, document) VALUES (new.rowid, new.document); END",
    "CREATE TRIGGER company_search_ad AFTER DELETE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, document) "
    "VALUES ('delete', old.rowid, old.document); END",
    "CREATE TRIGGER company_search_au AFTER UPDATE ON company_search BEGIN "
    "INSERT INTO company_fts(company_fts, rowid, document) "
    "VALUES ('delete', old.rowid, old.document); "
    "INSERT INTO company_fts(rowid, document) VALUES (new.rowid, new.document); END",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS company_search_au",
    "DROP TRIGGER IF EXISTS company_search_ad",
    "DROP TRIGGER IF EXISTS company_search_ai",
    "DROP TABLE IF EXISTS company_fts",
]
_POSTGRES_UP = [
    "ALTER TABLE company_search ADD COLUMN document_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED",
    "CREATE INDEX ix_company_search_document_tsv ON company_search USING GIN (document_tsv)",
]
_POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_company_search_document_tsv",
    "ALTER TABLE company_search DROP COLUMN IF EXISTS document_tsv",
]


def _create_search_index() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_UP if sqlite else _POSTGRES_UP:
        op.execute(statement)


def _drop_search_index() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DOWN if sqlite else _POSTGRES_DOWN:
        op.execute(statement)
