"""The single catalogue of domain events. Import a producer's module to use its events."""

from shared.events import assessment, finance, registry, training  # noqa: F401  (fills CATALOGUE)
from shared.events.base import CATALOGUE, CloudEvent, Event

__all__ = ["CATALOGUE", "CloudEvent", "Event"]
