"""Which events from other services the finance service applies, and how."""

from shared.messaging.consumer import HandlerMap

EVENT_HANDLERS: HandlerMap = {}
