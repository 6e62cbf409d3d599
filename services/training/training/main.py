"""The training service's ASGI app: ``uvicorn --factory training.main:create_app``."""

from fastapi import FastAPI

import training as package
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app
from training.config import Settings
from training.handlers import EVENT_HANDLERS


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="training",
            title="BLP Training",
            description=package.__doc__ or "",
            settings=settings or Settings(),
            routers=[],
            handlers=EVENT_HANDLERS,
        )
    )
