"""Reliable events between services: transactional outbox, relay, idempotent consumers."""
