"""Prometheus metrics, declared once so every service exports the same names."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

HTTP_REQUESTS = Counter(
    "blp_http_requests_total", "HTTP requests served", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "blp_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge("blp_outbox_backlog", "Outbox rows not yet published", ["service"])
OUTBOX_PUBLISHED = Counter("blp_outbox_published_total", "Outbox rows published", ["service"])
CONSUMER_LAG = Gauge(
    "blp_consumer_pending",
    "Messages the durable consumer has not yet been delivered",
    ["service", "stream"],
)
EVENTS_APPLIED = Counter("blp_events_applied_total", "Events applied", ["service", "type"])
EVENTS_DUPLICATE = Counter(
    "blp_events_duplicate_total", "Redelivered events skipped by the inbox", ["service", "type"]
)
DEAD_LETTERS = Counter(
    "blp_dead_letters_total", "Events moved to the dead-letter subject", ["service", "subject"]
)


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
