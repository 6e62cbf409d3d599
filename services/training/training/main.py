"""The training service's ASGI app: ``uvicorn --factory training.main:create_app``."""

from fastapi import FastAPI

import training as package
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app
from training.certifications.reminders import reminder_job
from training.certifications.router import EVIDENCE_PATH
from training.certifications.router import router as certifications
from training.config import Settings
from training.courses.router import IMPORT_PATH
from training.courses.router import router as courses
from training.enrolments.router import router as enrolments
from training.graduation.router import router as graduation
from training.handlers import EVENT_HANDLERS
from training.indicators.router import router as indicators
from training.internships.router import router as internships
from training.messages import RULES
from training.needs.router import router as needs
from training.programme_events.router import router as programme_events
from training.sessions.router import router as sessions
from training.statuses import STATUSES
from training.trainees.router import router as trainees


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="training",
            title="BLP Training",
            description=package.__doc__ or "",
            settings=settings or Settings(),
            routers=[
                courses,
                sessions,
                trainees,
                needs,
                enrolments,
                certifications,
                internships,
                programme_events,
                graduation,
                indicators,
            ],
            handlers=EVENT_HANDLERS,
            rules=RULES,
            statuses=STATUSES,
            resources=[reminder_job],
            streamed_bodies=(IMPORT_PATH, EVIDENCE_PATH),
        )
    )
