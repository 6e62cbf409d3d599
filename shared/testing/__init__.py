"""Test support: real NATS servers and real databases, fresh per test."""
