"""Which events from other services the training service applies, and how."""

from shared.messaging.consumer import HandlerMap

EVENT_HANDLERS: HandlerMap = {}
