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
    sa.Index("ix_outbox_message_unpublished", "published_at", "seq"),
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
