"""JetStream layout: one stream per producing service, plus one for dead letters.

Every service that starts makes sure the streams it uses exist *as configured*: a stream
made before (with one replica on a single node, say, before the NATS cluster grew to three)
is brought to the configured replica count and limits on the next start, not only at
creation. What JetStream cannot change on a live stream (storage, retention) is reported,
not forced.
"""

from __future__ import annotations

import logging

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

DEADLETTER_STREAM = "BLP_DEADLETTER"
DEADLETTER_PREFIX = "blp.deadletter"
# Long enough to cover a relay retrying a publish whose ack was lost through a broker restart.
DUPLICATE_WINDOW_SECONDS = 15 * 60
RETENTION_SECONDS = 365 * 24 * 3600
# what ensure_stream keeps as configured on an existing stream; anything else an operator set
# (max_bytes, placement...) is left alone
MANAGED = ("subjects", "discard", "max_age", "duplicate_window", "num_replicas")
FIXED = ("storage", "retention")  # JetStream refuses to change these on an existing stream

log = logging.getLogger(__name__)


def stream_name(producer: str) -> str:
    return f"BLP_{producer.upper()}"


def deadletter_subject(consumer: str, subject: str) -> str:
    return f"{DEADLETTER_PREFIX}.{consumer}.{subject}"


def _config(name: str, subjects: list[str], replicas: int) -> StreamConfig:
    return StreamConfig(
        name=name,
        subjects=subjects,
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        max_age=RETENTION_SECONDS,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        num_replicas=replicas,
    )


async def ensure_stream(js: JetStreamContext, producer: str, replicas: int = 1) -> str:
    """Create the producer's stream if it is missing; returns its name."""
    name = stream_name(producer)
    await _ensure(js, _config(name, [f"blp.{producer}.>"], replicas))
    return name


async def ensure_deadletter_stream(js: JetStreamContext, replicas: int = 1) -> str:
    await _ensure(js, _config(DEADLETTER_STREAM, [f"{DEADLETTER_PREFIX}.>"], replicas))
    return DEADLETTER_STREAM


async def _ensure(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        info = await js.stream_info(config.name)
    except NotFoundError:
        # add_stream with an identical config is idempotent, so racing replicas are fine
        await js.add_stream(config)
        return
    current = info.config
    fixed = [f for f in FIXED if getattr(current, f) != getattr(config, f)]
    if fixed:
        log.warning(
            "stream differs in what JetStream cannot change; recreate it to apply",
            extra={"stream": config.name, "fields": fixed},
        )
    drift = {f: getattr(config, f) for f in MANAGED if _differs(current, config, f)}
    if drift:
        log.info(
            "stream updated to its configuration",
            extra={"stream": config.name, "fields": sorted(drift)},
        )
        # racing replicas send the same update: applying it twice is harmless
        await js.update_stream(current.evolve(**drift))


def _differs(current: StreamConfig, wanted: StreamConfig, field: str) -> bool:
    have, want = getattr(current, field), getattr(wanted, field)
    if field == "num_replicas":
        return (have or 1) != (want or 1)
    if field == "subjects":
        return sorted(have or []) != sorted(want or [])
    if field in ("max_age", "duplicate_window"):  # seconds as floats, from nanoseconds
        return round(have or 0, 3) != round(want or 0, 3)
    return bool(have != want)
