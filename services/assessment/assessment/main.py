"""The assessment service's ASGI app: ``uvicorn --factory assessment.main:create_app``."""

from fastapi import FastAPI

import assessment as package
from assessment.assessments.router import router as assessments
from assessment.cohort.router import router as cohorts
from assessment.company_facts.registry_client import registry_resource
from assessment.company_facts.router import router as company_facts
from assessment.config import Settings
from assessment.handlers import EVENT_HANDLERS
from assessment.indicators.router import router as indicators
from assessment.messages import RULES
from assessment.methodology.router import router as methodologies
from assessment.nomination.router import router as nominations
from assessment.statuses import STATUSES
from assessment.targets.router import router as targets
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_service_app(
        ServiceSpec(
            name="assessment",
            title="BLP Assessment",
            description=package.__doc__ or "",
            settings=settings,
            routers=[
                cohorts,
                nominations,
                methodologies,
                assessments,
                company_facts,
                indicators,
                targets,
            ],
            handlers=EVENT_HANDLERS,
            rules=RULES,
            statuses=STATUSES,
            resources=[registry_resource(settings.registry_url)],
        )
    )
