"""Tables every service has for messaging: the outbox it publishes from, the inbox it dedups by.

They live in a metadata of their own and are copied into each service's metadata
(``shared.db.make_base``); each service's first migration creates them with
``create_messaging_tables``.
"""

from __future__ import annotations

import sqlalchemy as sa

from shared.db import UtcDateTime, new_metadata

messaging_metadata = new_metadata()

BigIntPK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

outbox = sa.Table(
    "outbox_message",
    messaging_metadata,
    # seq orders publication; the event id is what consumers and JetStream dedup on
    sa.Column("seq", BigIntPK, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("published_at", UtcDateTime, nullable=True),
    sa.Column("claimed_by", sa.String(64), nullable=True),
    sa.Column("claim_expires_at", UtcDateTime, nullable=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    # what the relay claims, in order: only the unpublished rows. On (published_at, seq) the
    # planner walked the primary key past every published row on each claim, quadratic in
    # a bulk import's events (100,000 never drained on PostgreSQL).
    sa.Index(
        "ix_outbox_message_pending",
        "seq",
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    ),
)

inbox = sa.Table(
    "inbox_message",
    messaging_metadata,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("consumer", sa.String(100), primary_key=True),
    sa.Column("event_type", sa.String(200), nullable=False),
    sa.Column("processed_at", UtcDateTime, nullable=False),
)


def create_messaging_tables(bind: sa.Connection) -> None:
    """Create the outbox and inbox; called from each service's first migration."""
    messaging_metadata.create_all(bind, tables=[outbox, inbox])


def drop_messaging_tables(bind: sa.Connection) -> None:
    messaging_metadata.drop_all(bind, tables=[outbox, inbox])


_UNPUBLISHED = ("ix_outbox_message_unpublished", "(published_at, seq)")
_PENDING = ("ix_outbox_message_pending", "(seq) WHERE published_at IS NULL")


def index_pending_outbox(bind: sa.Connection) -> None:
    """Migration step: the partial index of unpublished rows replaces the first one."""
    _replace_index(bind, _UNPUBLISHED, _PENDING)


def unindex_pending_outbox(bind: sa.Connection) -> None:
    _replace_index(bind, _PENDING, _UNPUBLISHED)


def _replace_index(bind: sa.Connection, old: tuple[str, str], new: tuple[str, str]) -> None:
    bind.execute(sa.text(f"DROP INDEX IF EXISTS {old[0]}"))
    bind.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {new[0]} ON outbox_message {new[1]}"))
