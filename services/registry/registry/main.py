"""The registry service's ASGI app: ``uvicorn --factory registry.main:create_app``."""

from fastapi import APIRouter, FastAPI

import registry as package
from registry import reference_routes
from registry.bulk.router import IMPORT_PATH
from registry.bulk.router import router as bulk
from registry.company.router import router as companies
from registry.config import Settings
from registry.handlers import EVENT_HANDLERS
from registry.indicators.router import router as indicators
from registry.linkage.router import router as linkages
from registry.messages import RULES
from registry.needs.router import router as needs
from registry.statuses import STATUSES
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app

ROUTERS: tuple[APIRouter, ...] = (
    bulk,
    companies,
    needs,
    linkages,
    reference_routes.router,
    indicators,
)
"""Every route of the service, by the resource it serves. No route's path pattern may match
another route's path (``tests/test_routes.py``), so this order carries no meaning."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="registry",
            title="BLP Registry",
            description=package.__doc__ or "",
            settings=settings or Settings(),
            routers=list(ROUTERS),
            handlers=EVENT_HANDLERS,
            rules=RULES,
            statuses=STATUSES,
            streamed_bodies=(IMPORT_PATH,),
        )
    )
