"""Company 360: a company's whole journey through the programme in one call.

A frontend showing one company needs its profile and linkages (registry), its cohorts,
nominations and assessments (assessment), its development plan, trainees' enrolments and
certifications and internships (training), and its finance statement (finance): eleven
calls to four services. ``GET /v1/companies/{company_id}/journey`` makes them in parallel
and answers them as one document.

Every call carries the CALLER's own token, so each service applies its own object-level
access, exactly as if the frontend had called it: a company's token gets its own journey in
full and, for another company, the public profile and whatever else the services show it
(lists filtered to nothing, statements refused). The gateway adds no access rule of its own
and none can leak through it.

A part is ``{"status": "ok", "data": ...}`` with ``data`` exactly the service's answer (the
same schema as the service's own operation), or ``{"status": "forbidden" | "not_found" |
"unavailable" | "error", ...}`` when the service refused it, had nothing, or did not answer:
a service that is down or slower than its timeout makes its parts ``unavailable``, never
the whole answer an error. Only the profile is essential: a company the registry does not
show the caller is a 404, as ``GET /v1/registry/companies/{company_id}`` is.

Lists are the services' first pages (``LIST_LIMIT`` items); a part whose ``next_cursor`` is
set continues at the service's own list operation.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field, WithJsonSchema, create_model
from starlette.responses import Response

from gateway.fanout import FanOut, admit
from gateway.messages import MESSAGES
from gateway.proxy import Proxy
from shared.auth import CurrentPrincipal
from shared.db import utcnow
from shared.errors import NotFound
from shared.i18n import message
from shared.responses import FastJSON

LIST_LIMIT = 200  # the services' largest page
TIMEOUT_SECONDS = 10.0
"""The most one service may take for its share of a journey (less if the gateway's own
timeout for that service is shorter): a composite view is not worth a long wait for one part."""


@dataclass(frozen=True)
class Part:
    """One part of the journey: which service answers it, where, and in what schema."""

    name: str
    service: str
    path: str  # the service's own path; ``{company_id}`` is filled in
    schema: str  # the answer's component schema in the merged document
    description: str
    query: Literal["page", "company", "none"] = "page"
    """``page``: a list filtered by ``company_id``, its first page of ``LIST_LIMIT``;
    ``company``: filtered by ``company_id``; ``none``: the path names the company."""

    def request(self, company_id: uuid.UUID) -> tuple[str, dict[str, str]]:
        query = {"company_id": str(company_id)} if self.query != "none" else {}
        if self.query == "page":
            query["limit"] = str(LIST_LIMIT)
        return self.path.format(company_id=company_id), query


PARTS: tuple[Part, ...] = (
    Part(
        "profile",
        "registry",
        "/companies/{company_id}",
        "registry.CompanyRead",
        "The company's profile, as much of it as the caller may see (full, partner or public).",
        query="none",
    ),
    Part(
        "nominations",
        "assessment",
        "/nominations",
        "assessment.Page_NominationRead_",
        "Its nominations to cohorts: eligibility, status (selected, rejected, waitlisted...).",
    ),
    Part(
        "assessments",
        "assessment",
        "/assessments",
        "assessment.Page_AssessmentSummary_",
        "Its assessments and their status (a company sees its approved ones).",
    ),
    Part(
        "development_plan",
        "training",
        "/needs",
        "training.Page_NeedRead_",
        "The training needs of its development plan (from the approved assessment).",
    ),
    Part(
        "plan_implementation",
        "training",
        "/needs/implementation",
        "training.ImplementationReport",
        "How far its development plan is implemented: needs fulfilled and planned, in percent.",
        query="company",
    ),
    Part(
        "trainees",
        "training",
        "/trainees",
        "training.Page_TraineeRead_",
        "Its trainees.",
    ),
    Part(
        "enrolments",
        "training",
        "/enrolments",
        "training.Page_EnrolmentRead_",
        "Its trainees' enrolments in courses.",
    ),
    Part(
        "certifications",
        "training",
        "/certifications",
        "training.Page_CertificationRead_",
        "Its trainees' certifications and their verification status.",
    ),
    Part(
        "internships",
        "training",
        "/internships",
        "training.Page_InternshipRead_",
        "Its internships, short and long.",
    ),
    Part(
        "linkages",
        "registry",
        "/linkages",
        "registry.Page_LinkageRead_",
        "The linkages (contracts, partnerships) it is party to.",
    ),
    Part(
        "finance_statement",
        "finance",
        "/reports/company-statement/{company_id}",
        "finance.CompanyStatementRead",
        "What was committed for it per module: its own share, the programme's, vendors' in kind.",
        query="none",
    ),
)

# parts derived from others rather than fetched on their own
COHORTS = Part(
    "cohorts",
    "assessment",
    "/cohorts/{cohort_id}",
    "assessment.CohortRead",
    "The cohorts it was nominated to (from its nominations).",
    query="none",
)
REPORTS_DESCRIPTION = (
    "Where each of its assessments' report is: JSON, or PDF with `Accept: application/pdf` "
    "(from its assessments)."
)


def _absent(
    status: str, http_status: int | None = None, detail: str | None = None
) -> dict[str, Any]:
    return {"status": status, "http_status": http_status, "detail": detail}


async def _get(calls: FanOut, service: str, path: str, query: dict[str, str]) -> dict[str, Any]:
    """One part: ``ok`` with the service's answer, or why it is absent."""
    reply = await calls.get(service, path, query)
    if reply.ok:
        return {"status": "ok", "data": reply.data}
    if reply.status is None:
        return _absent(
            "unavailable", detail=f"The {service} service did not answer ({reply.failure})."
        )
    if reply.status in (401, 403):
        return _absent("forbidden", reply.status, reply.detail)
    if reply.status == 404:
        return _absent("not_found", reply.status, reply.detail)
    if reply.status >= 500:
        return _absent("unavailable", reply.status, reply.detail)
    return _absent("error", reply.status, reply.detail)


async def journey(calls: FanOut, company_id: uuid.UUID) -> dict[str, Any]:
    """Every part, fetched in parallel; cohorts and report links follow from the others."""

    async def fetch(part: Part) -> dict[str, Any]:
        return await _get(calls, part.service, *part.request(company_id))

    async def nominations_and_cohorts() -> tuple[dict[str, Any], dict[str, Any]]:
        nominations = await fetch(_part("nominations"))
        if nominations["status"] != "ok":
            return nominations, nominations
        ids = list(dict.fromkeys(n["cohort_id"] for n in nominations["data"]["items"]))
        cohorts = await asyncio.gather(
            *(_get(calls, COHORTS.service, COHORTS.path.format(cohort_id=i), {}) for i in ids)
        )
        if any(c["status"] == "unavailable" for c in cohorts):
            return nominations, next(c for c in cohorts if c["status"] == "unavailable")
        return nominations, {
            "status": "ok",
            "data": [c["data"] for c in cohorts if c["status"] == "ok"],
        }

    others = [part for part in PARTS if part.name != "nominations"]
    (nominations, cohorts), *answers = await asyncio.gather(
        nominations_and_cohorts(), *(fetch(part) for part in others)
    )
    parts = dict(zip((p.name for p in others), answers, strict=True))
    parts["nominations"] = nominations
    parts["cohorts"] = cohorts
    parts["assessment_reports"] = _reports(parts["assessments"])
    return parts


def _reports(assessments: dict[str, Any]) -> dict[str, Any]:
    if assessments["status"] != "ok":
        return assessments
    return {
        "status": "ok",
        "data": [
            {
                "assessment_id": item["id"],
                "assessment_status": item["status"],
                "href": f"/v1/assessment/assessments/{item['id']}/report",
            }
            for item in assessments["data"]["items"]
        ],
    }


def _part(name: str) -> Part:
    return next(part for part in PARTS if part.name == name)


# --- the answer's schema: each part's data in its service's own schema ------------------
# The gateway cannot import the services' models, so a part's ``data`` refers to the service's
# component in the merged document (``registry.CompanyRead``...). The answer is built from the
# services' JSON as is (``FastJSON``); these models exist for the document and its clients.


class JourneyPartAbsent(BaseModel):
    """A part the caller does not get: ``forbidden`` (the service refused the caller, 401 or
    403), ``not_found`` (404), ``unavailable`` (the service is down or too slow), ``error``
    (another error: see ``http_status`` and ``detail``)."""

    status: Literal["forbidden", "not_found", "unavailable", "error"]
    http_status: int | None = Field(description="the service's status, if it answered")
    detail: str | None = Field(description="the service's problem detail, or why it failed")


class JourneyReportLink(BaseModel):
    """Where an assessment's report is: JSON, or PDF with ``Accept: application/pdf``."""

    assessment_id: uuid.UUID
    assessment_status: str
    href: str = Field(description="GET it at the gateway with the same token")


def _in_merged_document(schema: dict[str, Any]) -> Any:
    # allOf: pydantic resolves a bare $ref against its own definitions, and these are not
    return Annotated[Any, WithJsonSchema({"allOf": [schema]})]


def _part_model(name: str, data: Any, description: str) -> Any:
    ok = create_model(
        f"Journey{name.title().replace('_', '')}",
        __doc__=f"{description} (``data``: the service's own answer).",
        status=(Literal["ok"], ...),
        data=(data, ...),
    )
    return Annotated[ok | JourneyPartAbsent, Field(discriminator="status", description=description)]


def _ref(schema: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{schema}"}


CompanyJourney = create_model(
    "CompanyJourney",
    __doc__="A company's whole journey: one part per service answer, each ``ok`` or absent.",
    company_id=(uuid.UUID, ...),
    generated_at=(datetime, ...),
    **{
        part.name: (
            _part_model(part.name, _in_merged_document(_ref(part.schema)), part.description),
            ...,
        )
        for part in PARTS
    },
    cohorts=(
        _part_model(
            COHORTS.name,
            _in_merged_document({"type": "array", "items": _ref(COHORTS.schema)}),
            COHORTS.description,
        ),
        ...,
    ),
    assessment_reports=(
        _part_model("assessment_reports", list[JourneyReportLink], REPORTS_DESCRIPTION),
        ...,
    ),
)


def router(proxy: Proxy) -> APIRouter:
    """``GET /v1/companies/{company_id}/journey``, calling the services through ``proxy``."""
    routes = APIRouter(tags=["companies"])

    @routes.get(
        "/v1/companies/{company_id}/journey",
        response_model=CompanyJourney,
        responses={
            200: {"description": "The company's journey, part by part."},
            429: {"description": "Rate limit exceeded; `Retry-After` says when to retry."},
        },
    )
    async def company_journey(
        request: Request,
        principal: CurrentPrincipal,
        company_id: uuid.UUID = Path(description="the company's id in the registry"),
    ) -> Response:
        """A company's whole journey in one call: profile, cohorts and nominations, assessments
        and their reports, development plan and its implementation, trainees, enrolments,
        certifications, internships, linkages and finance statement.

        Each part comes from its service with the caller's token, so each is what the caller
        may see there; a part a service refuses, has nothing for, or cannot give in time is
        marked (`forbidden`, `not_found`, `unavailable`) instead of failing the call.
        """
        admit(proxy, principal)
        parts = await journey(FanOut(proxy, request, cap=TIMEOUT_SECONDS), company_id)
        if parts["profile"]["status"] == "not_found":
            raise NotFound(message(MESSAGES["no_such_visible_company"]))
        return FastJSON({"company_id": company_id, "generated_at": utcnow(), **parts})

    return routes
