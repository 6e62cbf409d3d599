"""The registry service's ASGI app: ``uvicorn --factory registry.main:create_app``."""

from fastapi import FastAPI

import registry as package
from registry.config import Settings
from registry.handlers import EVENT_HANDLERS
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="registry",
            title="BLP Registry",
            description=package.__doc__ or "",
            settings=settings or Settings(),
            routers=[],
            handlers=EVENT_HANDLERS,
        )
    )
