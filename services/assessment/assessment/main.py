"""The assessment service's ASGI app: ``uvicorn --factory assessment.main:create_app``."""

from fastapi import FastAPI

import assessment as package
from assessment.config import Settings
from assessment.handlers import EVENT_HANDLERS
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="assessment",
            title="BLP Assessment",
            description=package.__doc__ or "",
            settings=settings or Settings(),
            routers=[],
            handlers=EVENT_HANDLERS,
        )
    )
