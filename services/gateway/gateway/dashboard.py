"""What the ministry dashboard (``/dashboard``) shows of a cohort, composed in one call.

The page asks ``GET /v1/dashboard/cohorts/{cohort_id}`` once rather than a dozen services:
the gateway asks them in parallel with the caller's own token (``gateway.fanout``, a
deadline per service) and shapes their answers for charts. Everything comes from the
services' public operations:

- the results framework: the framework composition itself (``gateway.framework``);
- the selection funnel: the framework's assessment indicators (nominated, eligible,
  selected, assessed, plan approved) and training's graduates list (only once the cohort is
  in review: before, the stage is ``not_yet``);
- certifications per skills area: ``certifications_verified``'s breakdown, every skills
  area of ``shared.skills`` with its ru/kk/en label (zero where there is none);
- linkages over time: ``linkages_signed``'s breakdown per month of signature, every month
  from the first signature to now;
- the budget: finance's execution report of the cohort's approved budget revision.

A part whose service is down, slow or refuses the caller is ``unavailable`` with the reason;
the page shows that part as unavailable and everything else as usual. Only a cohort the
assessment service does not know is a 404.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from gateway import framework
from gateway.fanout import FanOut, Reply
from shared import i18n
from shared.errors import NotFound
from shared.events.assessment import CohortStatus
from shared.skills import SKILLS_AREAS, SkillsAreaCode, SkillsKind

PartStatus = Literal["available", "unavailable"]
Stage = Literal["nominated", "eligible", "selected", "assessed", "plan_approved", "graduated"]

FUNNEL_INDICATORS: tuple[tuple[Stage, str], ...] = (
    ("nominated", "companies_nominated"),
    ("eligible", "companies_eligible"),
    ("selected", "companies_selected"),
    ("assessed", "companies_assessed"),
    ("plan_approved", "plans_approved"),
)


class CohortSummary(BaseModel):
    status: PartStatus
    detail: str | None = None
    name: str | None = None
    cohort_status: CohortStatus | None = Field(
        default=None, description="its label: GET /v1/framework/reference/statuses"
    )
    starts_on: date | None = None
    ends_on: date | None = None
    max_companies: int | None = None


class FunnelStage(BaseModel):
    stage: Stage
    value: int | None
    status: Literal["available", "unavailable", "not_yet"] = Field(
        description="not_yet: graduates are listed once the cohort is in review"
    )
    detail: str | None = None


class VendorCount(BaseModel):
    vendor: str
    verified: int


class SkillsAreaCertifications(BaseModel):
    skills_area: SkillsAreaCode
    kind: SkillsKind
    name: dict[str, str] = Field(description="ru, kk, en")
    verified: int
    vendors: list[VendorCount] = Field(description="most certifications first")


class Certifications(BaseModel):
    status: PartStatus
    detail: str | None = None
    total: int | None = None
    areas: list[SkillsAreaCertifications]


class LinkageMonth(BaseModel):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-07"])
    signed: int = Field(description="contracts signed that month")
    cumulative: int = Field(description="signed by the end of that month")


class Linkages(BaseModel):
    status: PartStatus
    detail: str | None = None
    months: list[LinkageMonth]


class ModuleBudget(BaseModel):
    """One module: the approved estimate's band and, by paying party, what is committed and
    paid (decimal strings in the budget's currency)."""

    module: str
    low: Decimal
    high: Decimal
    committed: Decimal
    paid: Decimal
    committed_by_party: dict[str, Decimal]
    paid_by_party: dict[str, Decimal]
    over_high: bool


class Budget(BaseModel):
    status: Literal["available", "unavailable", "none"] = Field(
        description="none: the cohort has no approved budget"
    )
    detail: str | None = None
    budget_id: uuid.UUID | None = None
    title: str | None = None
    revision: int | None = None
    currency: str | None = None
    modules: list[ModuleBudget]
    total: ModuleBudget | None = None
    other_currencies: list[str] = Field(
        default_factory=list,
        description="currencies committed besides the budget's, not converted nor charted",
    )


class DashboardRead(BaseModel):
    cohort_id: uuid.UUID
    computed_at: datetime
    cohort: CohortSummary
    framework: framework.FrameworkRead
    funnel: list[FunnelStage]
    certifications: Certifications
    linkages: Linkages
    budget: Budget


async def compose(*, calls: FanOut, cohort_id: uuid.UUID, now: datetime) -> DashboardRead:
    """Every part at once; a 404 for a cohort the assessment service does not know (the
    framework raises it as the problem it is: gather passes it on unwrapped)."""
    composed, cohort, graduates, budget = await asyncio.gather(
        framework.compose(calls=calls, cohort_id=cohort_id, as_of=now, now=now),
        calls.get("assessment", f"/cohorts/{cohort_id}"),
        calls.get("training", f"/cohorts/{cohort_id}/graduates"),
        _budget(calls, cohort_id),
    )
    if cohort.status == 404:
        raise NotFound(i18n.no_such("cohort"))
    return DashboardRead(
        cohort_id=cohort_id,
        computed_at=now,
        cohort=_cohort(cohort, calls.seconds["assessment"]),
        framework=composed,
        funnel=_funnel(composed, graduates, calls.seconds["training"]),
        certifications=_certifications(composed),
        linkages=_linkages(composed, now.date()),
        budget=budget,
    )


def _cohort(reply: Reply, timeout: float) -> CohortSummary:
    if not reply.ok:
        return CohortSummary(status="unavailable", detail=framework.why_not(reply, timeout))
    data = reply.data
    return CohortSummary(
        status="available",
        name=data["name"],
        cohort_status=data["status"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        max_companies=data["max_companies"],
    )


def _reason(read: framework.FrameworkRead, indicator: framework.FrameworkIndicator) -> str:
    """Why an indicator is unavailable: its service's answer, as the framework says."""
    return read.services[indicator.service].detail or f"{indicator.service} gave no figure"


def _indicator(read: framework.FrameworkRead, code: str) -> framework.FrameworkIndicator:
    return next(i for i in read.indicators if i.code == code)


def _funnel(read: framework.FrameworkRead, graduates: Reply, timeout: float) -> list[FunnelStage]:
    stages = []
    for stage, code in FUNNEL_INDICATORS:
        indicator = _indicator(read, code)
        if indicator.status == "available" and indicator.value is not None:
            stages.append(FunnelStage(stage=stage, value=int(indicator.value), status="available"))
        else:
            stages.append(
                FunnelStage(
                    stage=stage, value=None, status="unavailable", detail=_reason(read, indicator)
                )
            )
    if graduates.ok:
        graduated = FunnelStage(
            stage="graduated", value=len(graduates.data["items"]), status="available"
        )
    elif graduates.status in (404, 409):
        # 409 cohort_not_in_review; 404: training has not heard of the cohort's status yet
        graduated = FunnelStage(
            stage="graduated", value=None, status="not_yet", detail=graduates.detail
        )
    else:
        graduated = FunnelStage(
            stage="graduated",
            value=None,
            status="unavailable",
            detail=framework.why_not(graduates, timeout),
        )
    return [*stages, graduated]


def _certifications(read: framework.FrameworkRead) -> Certifications:
    indicator = _indicator(read, "certifications_verified")
    available = indicator.status == "available"
    per_area: dict[str, dict[str, int]] = defaultdict(dict)
    for row in indicator.breakdown:
        area, vendor = row.dimensions["skills_area"], row.dimensions["vendor"]
        per_area[area][vendor] = per_area[area].get(vendor, 0) + int(row.value)
    areas = [
        SkillsAreaCertifications(
            skills_area=area.code,
            kind=area.kind,
            name={"ru": area.name_ru, "kk": area.name_kk, "en": area.name_en},
            verified=sum(per_area[code].values()),
            vendors=[
                VendorCount(vendor=vendor, verified=count)
                for vendor, count in sorted(per_area[code].items(), key=lambda v: (-v[1], v[0]))
            ],
        )
        for code, area in SKILLS_AREAS.items()
    ]
    return Certifications(
        status="available" if available else "unavailable",
        detail=None if available else _reason(read, indicator),
        total=int(indicator.value) if available and indicator.value is not None else None,
        areas=areas if available else [],
    )


def _linkages(read: framework.FrameworkRead, today: date) -> Linkages:
    indicator = _indicator(read, "linkages_signed")
    if indicator.status != "available":
        return Linkages(status="unavailable", detail=_reason(read, indicator), months=[])
    signed = {row.dimensions["month"]: int(row.value) for row in indicator.breakdown}
    months: list[LinkageMonth] = []
    if signed:
        year, month = map(int, min(signed).split("-"))
        last = max(max(signed), f"{today:%Y-%m}")
        total = 0
        while (key := f"{year:04d}-{month:02d}") <= last:
            total += signed.get(key, 0)
            months.append(LinkageMonth(month=key, signed=signed.get(key, 0), cumulative=total))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Linkages(status="available", months=months)


async def _budget(calls: FanOut, cohort_id: uuid.UUID) -> Budget:
    """The execution report of the cohort's approved budget revision (finance keeps at most
    one approved revision per budget; the latest approved budget of the cohort wins)."""
    listed = await calls.get(
        "finance",
        "/budgets",
        {"cohort_id": str(cohort_id), "status": "approved", "limit": "200"},
    )
    if not listed.ok:
        return _budget_unavailable(listed, calls.seconds["finance"])
    approved = sorted(listed.data["items"], key=lambda b: b["approved_at"] or "")
    if not approved:
        return Budget(status="none", modules=[])
    chosen = approved[-1]
    report = await calls.get("finance", f"/reports/budget-execution/{chosen['id']}")
    if not report.ok:
        return _budget_unavailable(report, calls.seconds["finance"])
    data = report.data
    return Budget(
        status="available",
        budget_id=chosen["id"],
        title=chosen["title"],
        revision=data["revision"],
        currency=data["currency"],
        modules=[_module(m["module"], m) for m in data["modules"]],
        total=_module("total", data["total"]),
        other_currencies=[c["currency"] for c in data["other_currencies"]],
    )


def _budget_unavailable(reply: Reply, timeout: float) -> Budget:
    return Budget(status="unavailable", detail=framework.why_not(reply, timeout), modules=[])


def _module(name: str, execution: dict[str, Any]) -> ModuleBudget:
    def by_party(split: dict[str, Any]) -> dict[str, Decimal]:
        return {party: Decimal(share["amount"]) for party, share in split["shares"].items()}

    return ModuleBudget(
        module=name,
        low=Decimal(execution["budgeted"]["low"]["total"]["amount"]),
        high=Decimal(execution["budgeted"]["high"]["total"]["amount"]),
        committed=Decimal(execution["committed"]["total"]["amount"]),
        paid=Decimal(execution["paid"]["total"]["amount"]),
        committed_by_party=by_party(execution["committed"]),
        paid_by_party=by_party(execution["paid"]),
        over_high=execution["over_high"],
    )
