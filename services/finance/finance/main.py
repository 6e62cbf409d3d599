"""The finance service's ASGI app: ``uvicorn --factory finance.main:create_app``."""

from fastapi import FastAPI

import finance as package
from finance.actuals.router import router as actuals_router
from finance.budgets.router import router as budgets_router
from finance.commitments.router import router as commitments_router
from finance.config import Settings
from finance.estimates.router import router as estimates_router
from finance.exchange_rates.router import IMPORT_PATH
from finance.exchange_rates.router import router as exchange_rates_router
from finance.handlers import handlers_for
from finance.indicators.router import router as indicators_router
from finance.messages import RULES
from finance.reports.router import router as reports_router
from finance.rules.router import router as rules_router
from finance.statuses import STATUSES
from shared.service import ServiceSpec
from shared.service import create_app as create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_service_app(
        ServiceSpec(
            name="finance",
            title="BLP Finance",
            description=package.__doc__ or "",
            settings=settings,
            routers=[
                rules_router,
                estimates_router,
                commitments_router,
                budgets_router,
                actuals_router,
                exchange_rates_router,
                reports_router,
                indicators_router,
            ],
            handlers=handlers_for(settings.budget_thresholds),
            rules=RULES,
            statuses=STATUSES,
            streamed_bodies=(IMPORT_PATH,),
        )
    )
