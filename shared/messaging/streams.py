"""JetStream layout: one stream per producing service, plus one for dead letters."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

DEADLETTER_STREAM = "BLP_DEADLETTER"
DEADLETTER_PREFIX = "blp.deadletter"
# Long enough to cover a relay retrying a publish whose ack was lost through a broker restart.
DUPLICATE_WINDOW_SECONDS = 15 * 60
RETENTION_SECONDS = 365 * 24 * 3600


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
        await js.stream_info(config.name)
    except NotFoundError:
        # add_stream with an identical config is idempotent, so racing replicas are fine
        await js.add_stream(config)
