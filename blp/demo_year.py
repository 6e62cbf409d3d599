"""A whole programme year as demo data, loaded by ``make run`` through the services' own APIs.

Why through the APIs and events rather than rows in the databases: the demo then shows what
the services really do with such a year (eligibility, needs made from approved plans,
commitments made from enrolments, internships and the graduation), and a change to a rule
shows up in the demo too. Every ``POST`` carries an ``Idempotency-Key`` derived from what it
creates, every change quotes the ETag it read, and events are waited for with bounded polls.

Deterministic: the same registry demo companies (a fixed seed) are picked in the same order,
and every name, date, price and decision is fixed here or in ``blp.demo_catalogue``. The ids
are the services' own (random), so they differ from one data directory to another.

A second ``make run`` finds the cohort and loads nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from registry.demo import generate_companies

from blp.demo_catalogue import (
    ASSESSOR,
    BOARD,
    BUSINESS_AREAS,
    COURSES,
    EFQM_CRITERIA,
    FIRST_NAMES,
    FUNCTIONS,
    LAST_NAMES,
    RECOMMENDATIONS,
    TARGETS,
    TECHNICAL_AREAS,
    budget_lines,
    target_body,
)

COHORT_NAME = "Пилотная когорта 2026 · Pilot cohort 2026"
COHORT_STARTS = date(2026, 2, 2)
PROGRAMME_YEAR = 2026
PARTNERS = 4
PER_PARTNER = 7  # 28 nominations: 20 selected, the rest rejected or waitlisted
SELECTED = 20
WAITLISTED = 4
POLL_SECONDS = 120.0
MARKER = "demo-year.json"


class DemoError(RuntimeError):
    """A step of the demo year failed; the message says which and what the service said."""


class Services:
    """One client per service (direct, not via the gateway) and a token per demo subject."""

    def __init__(self, urls: dict[str, str], token: Callable[[str, str, str | None], str]):
        self._clients = {name: httpx.Client(base_url=url, timeout=60) for name, url in urls.items()}
        self._token = token
        self._tokens: dict[tuple[str, str, str | None], str] = {}
        self._etags: dict[tuple[str, str], str] = {}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    def _headers(self, who: tuple[str, str, str | None]) -> dict[str, str]:
        if who not in self._tokens:
            self._tokens[who] = self._token(*who)
        return {"Authorization": f"Bearer {self._tokens[who]}"}

    def call(
        self,
        service: str,
        who: tuple[str, str, str | None],
        method: str,
        path: str,
        *,
        ok: tuple[int, ...] = (200, 201),
        key: str | None = None,
        etag_of: str | None = None,
        if_match: str | None = None,
        **kwargs: Any,
    ) -> Any:
        headers = self._headers(who)
        if key is not None:
            headers["Idempotency-Key"] = key
        if if_match is not None:  # the ETag the caller already holds (no GET to read it)
            headers["If-Match"] = if_match
        client = self._clients[service]
        for attempt in (1, 2):
            if etag_of is not None:
                # the ETag the last change answered with, else (or when stale) a fresh read
                known = self._etags.get((service, etag_of)) if attempt == 1 else None
                if known is None:
                    known = client.get(etag_of, headers=self._headers(who)).headers.get("etag", "")
                headers["If-Match"] = known
            response = client.request(method, path, headers=headers, **kwargs)
            if response.status_code != 412 or etag_of is None:
                break
        # a read's ETag serves the change that follows it, as a change's does the next one
        tagged = etag_of if etag_of is not None else path if method == "GET" else None
        if tagged is not None and "etag" in response.headers:
            self._etags[(service, tagged)] = response.headers["etag"]
        if response.status_code not in ok:
            raise DemoError(
                f"{method} {service}{path}: {response.status_code} {response.text[:600]}"
            )
        return response.json() if response.content else None

    def get(self, service: str, who: tuple[str, str, str | None], path: str, **params: Any) -> Any:
        return self.call(service, who, "GET", path, params=params)

    def items(
        self, service: str, who: tuple[str, str, str | None], path: str, **params: Any
    ) -> list[Any]:
        """Every item of a cursor-paged list."""
        found: list[Any] = []
        cursor = None
        while True:
            page = self.get(
                service, who, path, limit=100, **params, **({"cursor": cursor} if cursor else {})
            )
            found.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return found


def _until(what: str, check: Callable[[], Any]) -> Any:
    """Poll ``check`` until it returns something truthy (events take a moment to arrive)."""
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise DemoError(f"{what}: not there within {POLL_SECONDS:.0f}s")
        time.sleep(0.2)


def _money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def _person(i: int) -> str:
    return f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7 + 3) % len(LAST_NAMES)]}"


def load_demo_year(
    urls: dict[str, str],
    token: Callable[[str, str, str | None], str],
    directory: Path,
    progress: Callable[[str], None] = lambda line: print(f"demo year: {line}", flush=True),
) -> tuple[str, dict[str, str]]:
    """Load the year unless it is there; return the summary line and the companies the company
    demo users should be bound to (``{"local_company": id, "international_company": id}``)."""
    api = Services(urls, token)
    try:
        return _Loader(api, directory, progress).run()
    finally:
        api.close()


PM = ("demo-programme-manager", "programme_manager", None)
MINISTRY = ("demo-ministry", "ministry", None)
BOARD_MEMBER = (BOARD[0][0], "selection_board", None)
ASSESSOR_WHO = (ASSESSOR[0], "assessor", None)


class _Loader:
    def __init__(self, api: Services, directory: Path, progress: Callable[[str], None]):
        self.api = api
        self.marker = directory / MARKER
        self.started = time.monotonic()
        self.say = lambda line: progress(f"{line} ({time.monotonic() - self.started:.0f}s)")
        self.counts: dict[str, int] = {}

    def run(self) -> tuple[str, dict[str, str]]:
        cohorts = self.api.items("assessment", PM, "/cohorts")
        if any(c["name"] == COHORT_NAME for c in cohorts):
            if self.marker.exists():
                loaded = json.loads(self.marker.read_text())
                return "demo year already loaded", loaded.get("bind", {})
            return "demo year partly loaded earlier (no marker): left as it is", {}
        self.started = time.monotonic()
        cohort = self.cohort()
        # the catalogue is built while the assessment waits for the registry's events
        with ThreadPoolExecutor(max_workers=1) as pool:
            catalogue = pool.submit(self.catalogue)
            partners, candidates = self.companies()
            selected, others = self.nominations(cohort, partners, candidates)
            assessments = self.assessments(selected)
            courses, sessions = catalogue.result()
        enrolments, certs = self.training(selected, courses, sessions)
        internships = self.internships(selected, partners)
        linkages = self.linkages(selected, partners)
        self.graduation(cohort, selected, partners)
        budget = self.budget(cohort)
        actuals = self.actuals(cohort)
        self.targets(cohort)
        bind = {
            "local_company": selected[0]["company_id"],
            "international_company": partners[0]["id"],
        }
        summary = (
            f"demo year loaded in {time.monotonic() - self.started:.0f}s: cohort of "
            f"{len(selected)} selected ({others['rejected']} rejected, "
            f"{others['waitlisted']} waitlisted) from "
            f"{PARTNERS} partners,\n    {assessments} plans approved, {len(courses)} courses, "
            f"{len(sessions)} sessions, {enrolments} enrolments, {certs} certifications, "
            f"{internships} internships,\n    {linkages} linkages, graduation, "
            f"budget {budget}, {actuals} invoices, payments and contributions"
        )
        self.marker.write_text(json.dumps({"cohort_id": cohort, "bind": bind}, indent=2))
        return summary, bind

    # ------------------------------------------------------------------ registry
    def companies(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        partners = self.api.get(
            "registry",
            PM,
            "/companies",
            kind="international",
            status="active",
            sort="name",
            limit=PARTNERS,
        )["items"]
        local = self.api.items(
            "registry",
            PM,
            "/companies",
            kind="local",
            status="active",
            in_scope="true",
            sort="name",
        )
        # in the order the registry imported them, so that the first candidates are the first
        # whose events reach the assessment (the choice stays the same from run to run)
        imported = {record["bin"]: n for n, record in enumerate(generate_companies())}
        local.sort(key=lambda company: imported.get(company.get("bin"), len(imported)))
        old_enough = COHORT_STARTS.replace(year=COHORT_STARTS.year - 3).isoformat()
        candidates = [
            c
            for c in local
            if (c.get("employees") or 0) >= 10 and (c.get("founded_on") or "9999") <= old_enough
        ]
        # eligibility is judged on the assessment's read model of the registry's events: wait
        # for each candidate's facts there (a nominee it has not heard of yet is judged on the
        # registry's public profile, without the private-sector share)
        # 25 eligible and 3 that are not (private-sector share too low), in that order
        eligible: list[dict[str, Any]] = []
        ineligible: list[dict[str, Any]] = []
        for company in candidates:
            if len(eligible) >= PARTNERS * PER_PARTNER - 3 and len(ineligible) >= 3:
                break
            (eligible if self.facts(company["id"]) else ineligible).append(company)
        chosen = eligible[: PARTNERS * PER_PARTNER - 3] + ineligible[:3]
        if len(partners) < PARTNERS or len(chosen) < PARTNERS * PER_PARTNER:
            raise DemoError("the registry has too few demo companies for the demo year")
        return partners, chosen

    def facts(self, company: str) -> bool:
        """Whether the assessment holds the company's facts and they make it eligible."""

        def held() -> Any:
            response = self.api.call(
                "assessment", PM, "GET", f"/company-facts/{company}", ok=(200, 404)
            )
            return response if response and response.get("source") == "event" else None

        facts = _until(f"company {company} in the assessment's read model", held)
        return (facts.get("private_sector_share") or 0) >= 50

    # ------------------------------------------------------------------ assessment
    def cohort(self) -> str:
        cohort = self.api.call(
            "assessment",
            PM,
            "POST",
            "/cohorts",
            key="demo-year-cohort",
            json={
                "name": COHORT_NAME,
                "description": "Демо: пилотный год программы, 20 местных ИТ-компаний и 4 партнёра.",
                "starts_on": COHORT_STARTS.isoformat(),
                "max_companies": SELECTED,
                "max_nominations_per_partner": PER_PARTNER,
                "thresholds": {
                    "min_employees": 5,
                    "min_years_in_business": 2,
                    "min_private_sector_share": 50,
                },
            },
        )["id"]
        for subject, role, name, organisation in BOARD:
            self.api.call(
                "assessment",
                PM,
                "POST",
                f"/cohorts/{cohort}/board-members",
                key=f"demo-year-board-{subject}",
                json={"subject": subject, "role": role, "name": name, "organisation": organisation},
            )
        self.status(cohort, "nominations_open")
        self.say(
            f"cohort '{COHORT_NAME}' ({COHORT_STARTS:%Y-%m-%d}), board seated, nominations open"
        )
        return cohort

    def status(self, cohort: str, status: str) -> None:
        self.api.call(
            "assessment",
            PM,
            "PUT",
            f"/cohorts/{cohort}/status",
            etag_of=f"/cohorts/{cohort}",
            json={"status": status},
        )

    def nominations(
        self, cohort: str, partners: list[dict[str, Any]], candidates: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        nominations = []
        for n, company in enumerate(candidates):
            partner = partners[n % PARTNERS]
            who = (f"demo-partner-{n % PARTNERS + 1}", "international_company", partner["id"])
            made = self.api.call(
                "assessment",
                who,
                "POST",
                "/nominations",
                key=f"demo-year-nomination-{n}",
                json={
                    "cohort_id": cohort,
                    "company_id": company["id"],
                    "motivation": f"Надёжный поставщик {partner['display_name']}: "
                    "совместные проекты с 2023 года.",
                },
            )
            nominations.append(made)
        self.say(f"{len(nominations)} nominations from {PARTNERS} international partners")
        self.status(cohort, "selection")
        decided = {"selected": 0, "rejected": 0, "waitlisted": 0}
        selected = []
        for n, made in enumerate(nominations):
            nomination = self.api.get("assessment", PM, f"/nominations/{made['id']}")
            eligible = nomination["eligibility"]["eligible"]
            # the first 20 eligible are selected, the next 4 waitlisted, the rest rejected
            if eligible and decided["selected"] < SELECTED:
                decision = "selected"
            elif eligible and decided["waitlisted"] < WAITLISTED:
                decision = "waitlisted"
            else:
                decision = "rejected"
            vote = "approve" if decision != "rejected" else "reject"
            comment = {
                "selected": "Сильная команда, понятная цель развития",
                "waitlisted": "Хорошая компания; в резерв, если место освободится",
                "rejected": "Не соответствует критериям этого набора",
            }[decision]
            if eligible:  # the board votes on eligible nominations only
                self.api.call(
                    "assessment",
                    BOARD_MEMBER,
                    "POST",
                    f"/nominations/{made['id']}/votes",
                    key=f"demo-year-vote-{n}",
                    json={"vote": vote, "comment": comment},
                )
            self.api.call(
                "assessment",
                PM,
                "PUT",
                f"/nominations/{made['id']}/decision",
                etag_of=f"/nominations/{made['id']}",
                json={"decision": decision, "comment": comment},
            )
            decided[decision] += 1
            if decision == "selected":
                selected.append(made)
        if len(selected) < SELECTED:
            raise DemoError(f"only {len(selected)} eligible nominees for {SELECTED} places")
        self.status(cohort, "active")
        self.say(
            f"{len(selected)} companies selected, {decided['rejected']} rejected, "
            f"{decided['waitlisted']} waitlisted; cohort active"
        )
        return selected, decided

    def assessments(self, selected: list[dict[str, Any]]) -> int:
        for n, nomination in enumerate(selected):
            assessment = self.api.call(
                "assessment",
                PM,
                "POST",
                "/assessments",
                key=f"demo-year-assessment-{n}",
                json={
                    "nomination_id": nomination["id"],
                    "methodology": "efqm-9",
                    "assessors": [{"subject": ASSESSOR[0], "name": ASSESSOR[1]}],
                },
            )["id"]
            path = f"/assessments/{assessment}"
            visit = COHORT_STARTS + timedelta(days=30 + 7 * (n // 2))
            self.api.call(
                "assessment",
                PM,
                "PUT",
                f"{path}/schedule",
                etag_of=path,
                json={
                    "starts_on": visit.isoformat(),
                    "ends_on": (visit + timedelta(days=2)).isoformat(),
                    "expected_cost": _money("1800.00"),
                },
            )
            for c, criterion in enumerate(EFQM_CRITERIA):
                score = 35 + (n * 7 + c * 11) % 50
                self.api.call(
                    "assessment",
                    ASSESSOR_WHO,
                    "PUT",
                    f"{path}/scores/{criterion}",
                    etag_of=path,
                    json={
                        "score_percent": str(score),
                        "strengths": ["Опытная команда"] if score >= 50 else [],
                        "areas_for_improvement": [] if score >= 50 else ["Нет измеримых KPI"],
                    },
                )
            areas = self.plan_areas(n)
            for a, area in enumerate(areas):
                self.api.call(
                    "assessment",
                    ASSESSOR_WHO,
                    "PUT",
                    f"{path}/skills/{area}",
                    etag_of=path,
                    json={"current_level": 1 + (n + a) % 2, "target_level": 3 + (n + a) % 2},
                )
            training = [
                {
                    "staff_member": _person(n * 3 + a) if a < 3 else None,
                    "function": None if a < 3 else "Отдел продаж",
                    "skills_area": area,
                    "recommendation": RECOMMENDATIONS[area][0],
                    "estimated_cost": _money(RECOMMENDATIONS[area][1]),
                }
                for a, area in enumerate(areas)
            ]
            internships = [
                {
                    "staff_member": f"{_person(n + 40)} (директор)",
                    "kind": "short",
                    "purpose": "Двухнедельный обмен для руководства у партнёра",
                }
            ]
            if n < 4:
                internships.append(
                    {
                        "staff_member": _person(n * 3),
                        "kind": "long",
                        "purpose": "Шесть месяцев в команде разработки партнёра",
                    }
                )
            self.api.call(
                "assessment",
                ASSESSOR_WHO,
                "PATCH",
                f"{path}/report",
                etag_of=path,
                json={
                    "business_objective": "Выйти на рынки Центральной Азии и ЕС к 2028 году",
                    "existing_situation": "Команда сильна в разработке, "
                    "слабее в продажах и процессах.",
                    "technical_skills": "Нужны сертифицированные облачные и сетевые инженеры.",
                    "management_skills": "Нет формального управления проектами.",
                    "business_processes": "Процессы качества не описаны.",
                    "gap_order": [f"technical:{area}" for area in areas],
                    "development_plan": {
                        "training": training,
                        "internships": internships,
                        "other_measures": [{"description": "Внедрить СМК по ISO 9001"}],
                    },
                },
            )
            self.api.call(
                "assessment",
                ASSESSOR_WHO,
                "PUT",
                f"{path}/status",
                etag_of=path,
                json={"status": "submitted"},
            )
            self.api.call(
                "assessment",
                PM,
                "PUT",
                f"{path}/status",
                etag_of=path,
                json={"status": "approved", "approver_name": "Айжан Серікова"},
            )
            nomination["assessment_id"] = assessment
            if (n + 1) % 5 == 0:
                self.say(f"assessments {n + 1}/{len(selected)} approved with development plans")
        return len(selected)

    @staticmethod
    def plan_areas(n: int) -> list[str]:
        """Three technical areas and one business area per plan, varied by company."""
        technical = [TECHNICAL_AREAS[(n + k * 2) % len(TECHNICAL_AREAS)] for k in range(3)]
        return [*technical, BUSINESS_AREAS[n % len(BUSINESS_AREAS)]]

    # ------------------------------------------------------------------ training
    def catalogue(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        courses = self.courses()
        return courses, self.sessions(courses)

    def courses(self) -> list[dict[str, Any]]:
        courses = []
        for n, body in enumerate(COURSES):
            course = self.api.call(
                "training", PM, "POST", "/courses", key=f"demo-year-course-{n}", json=body
            )
            self.api.call(
                "training",
                PM,
                "PUT",
                f"/courses/{course['id']}/status",
                etag_of=f"/courses/{course['id']}",
                json={"status": "approved", "note": "Демо-каталог пилотного года"},
            )
            courses.append(course)
        health = self.api.get("training", PM, "/courses/health")
        self.say(
            f"catalogue: {len(courses)} courses approved in 9 skills areas, "
            f"{health.get('areas_below_target')} areas below target"
        )
        return courses

    def sessions(self, courses: list[dict[str, Any]]) -> list[dict[str, Any]]:
        sessions = []
        start = date(2027, 2, 1)
        cities = {"online": "online", "in_person_astana": "astana", "in_person_almaty": "almaty"}
        for n, course in enumerate(courses):
            for d, delivery in enumerate(course["delivery"]):
                starts = start + timedelta(days=7 * ((n + d) % 12))
                sessions.append(
                    self.api.call(
                        "training",
                        PM,
                        "POST",
                        "/sessions",
                        key=f"demo-year-session-{n}-{d}",
                        json={
                            "course_id": course["id"],
                            "starts_on": starts.isoformat(),
                            "ends_on": (starts + timedelta(days=4)).isoformat(),
                            "city": cities[delivery],
                            "language": course["languages"][0],
                            "seat_limit": 12 if delivery == "online" else 8,
                        },
                    )
                )
        self.say(f"{len(sessions)} sessions planned (online, Astana, Almaty)")
        return sessions

    def training(
        self,
        selected: list[dict[str, Any]],
        courses: list[dict[str, Any]],
        sessions: list[dict[str, Any]],
    ) -> tuple[int, int]:
        by_area: dict[str, list[dict[str, Any]]] = {}
        for course in courses:
            by_area.setdefault(course["skills_area"], []).append(course)
        session_of = {s["course_id"]: s for s in reversed(sessions)}
        enrolments = certifications = 0
        for n, nomination in enumerate(selected):
            company = nomination["company_id"]
            needs = _until(
                f"training needs of company {company}",
                lambda company=company: [
                    need
                    for need in self.api.items("training", PM, "/needs", company_id=company)
                    if need["kind"] == "training"
                ],
            )
            # the needs for a named staff member first (the plan's events carry an id, not
            # the name), then the function's; each group by skills area
            needs.sort(
                key=lambda need: (
                    need["staff_member"] is None and need["staff_member_id"] is None,
                    need["skills_area"],
                )
            )
            trainees = [
                self.api.call(
                    "training",
                    PM,
                    "POST",
                    "/trainees",
                    key=f"demo-year-trainee-{n}-{t}",
                    json={
                        "company_id": company,
                        "name": _person(n * 3 + t),
                        "function": FUNCTIONS[(n + t) % len(FUNCTIONS)],
                        "languages": ["ru", "kk", "en"] if t % 2 else ["ru", "en"],
                        "email": f"trainee{n}.{t}@demo.blp.kz",
                    },
                )
                for t in range(3)
            ]
            for t, need in enumerate(needs[:3]):
                course = by_area[need["skills_area"]][n % len(by_area[need["skills_area"]])]
                certify = t == 0 or (t == 2 and n % 2 == 0)
                body: dict[str, Any] = {
                    "need_id": need["id"],
                    "trainee_id": trainees[t]["id"],
                    "course_id": course["id"],
                }
                if not certify:
                    body["session_id"] = session_of[course["id"]]["id"]
                enrolment = _until(
                    f"company {company} selected (training)",
                    lambda body=body, n=n, t=t: self._enrol(body, f"demo-year-enrolment-{n}-{t}"),
                )
                enrolments += 1
                if not certify:
                    continue
                self.api.call(
                    "training",
                    PM,
                    "PUT",
                    f"/enrolments/{enrolment['id']}/completion",
                    etag_of=f"/enrolments/{enrolment['id']}",
                    json={"passed": True},
                )
                cert = self.api.call(
                    "training",
                    PM,
                    "POST",
                    "/certifications",
                    key=f"demo-year-certification-{n}-{t}",
                    json={
                        "trainee_id": trainees[t]["id"],
                        "course_id": course["id"],
                        "enrolment_id": enrolment["id"],
                        "certificate_number": f"KZ-{2026}-{n:02d}{t}{(n * 7919 + t) % 100000:05d}",
                        "obtained_on": (date(2026, 9, 1) + timedelta(days=3 * n + t)).isoformat(),
                        "credential_url": f"https://credentials.example.org/demo/{n:02d}-{t}",
                    },
                )
                certifications += 1
                # most verified, every fourth left pending review, one rejected
                decision = None if (n + t) % 4 == 3 else "verified"
                if n == 7 and t == 0:
                    decision = "rejected"
                if decision is not None:
                    self.api.call(
                        "training",
                        PM,
                        "PUT",
                        f"/certifications/{cert['id']}/review",
                        etag_of=f"/certifications/{cert['id']}",
                        json={
                            "decision": decision,
                            **(
                                {"reason": "Номер сертификата не найден у вендора"}
                                if decision == "rejected"
                                else {}
                            ),
                        },
                    )
            if (n + 1) % 5 == 0:
                self.say(
                    f"training {n + 1}/{len(selected)} companies: {enrolments} enrolments, "
                    f"{certifications} certifications"
                )
        return enrolments, certifications

    def _enrol(self, body: dict[str, Any], key: str) -> Any:
        try:
            return self.api.call("training", PM, "POST", "/enrolments", key=key, json=body)
        except DemoError as error:
            if "company_not_selected" in str(error):
                return None  # the selection event has not arrived yet
            raise

    def internships(self, selected: list[dict[str, Any]], partners: list[dict[str, Any]]) -> int:
        count = 0
        for n, nomination in enumerate(selected[:8]):
            company = nomination["company_id"]
            proposed = _until(
                f"internships of company {company}",
                lambda company=company: self.api.items(
                    "training", PM, "/internships", company_id=company
                ),
            )
            for internship in sorted(proposed, key=lambda i: i["kind"]):
                if internship["kind"] == "short":
                    starts = date(2026, 5, 11) + timedelta(days=7 * n)
                    ends = starts + timedelta(days=13)
                    cost = [("travel", "1200.00"), ("stay", "2100.00"), ("other", "300.00")]
                else:
                    starts = date(2026, 6, 1)
                    ends = date(2026, 11, 30)
                    cost = [("travel", "1400.00"), ("stay", "13200.00"), ("other", "900.00")]
                trainee = self.api.call(
                    "training",
                    PM,
                    "POST",
                    "/trainees",
                    key=f"demo-year-intern-{n}-{internship['kind']}",
                    json={
                        "company_id": company,
                        "name": _person(n + 60),
                        "function": "Директор" if internship["kind"] == "short" else "Разработчик",
                        "languages": ["ru", "en"],
                    },
                )
                path = f"/internships/{internship['id']}"
                self.api.call(
                    "training",
                    PM,
                    "PATCH",
                    path,
                    etag_of=path,
                    json={
                        "trainee_id": trainee["id"],
                        "host_company_id": partners[n % PARTNERS]["id"],
                        "starts_on": starts.isoformat(),
                        "ends_on": ends.isoformat(),
                        "estimated_cost": [
                            {"item": item, "amount": _money(amount)} for item, amount in cost
                        ],
                    },
                )
                self.api.call(
                    "training",
                    PM,
                    "PUT",
                    f"{path}/status",
                    etag_of=path,
                    json={"status": "approved"},
                )
                if (internship["kind"] == "short" and n < 6) or (
                    internship["kind"] == "long" and n < 2
                ):
                    self.api.call(
                        "training",
                        PM,
                        "PUT",
                        f"{path}/status",
                        etag_of=path,
                        json={"status": "in_progress"},
                    )
                    if internship["kind"] == "short":
                        self.api.call(
                            "training",
                            PM,
                            "PUT",
                            f"{path}/status",
                            etag_of=path,
                            json={
                                "status": "completed",
                                "report": {
                                    "learned": "Процессы управления продуктом и продажи в ЕС",
                                    "written_by": _person(n + 60),
                                },
                            },
                        )
                count += 1
        self.say(f"{count} internships approved (short and long), 6 short ones completed")
        return count

    def graduation(
        self, cohort: str, selected: list[dict[str, Any]], partners: list[dict[str, Any]]
    ) -> None:
        self.api.call(
            "training",
            PM,
            "POST",
            "/programme-events",
            key="demo-year-graduation",
            json={
                "cohort_id": cohort,
                "kind": "graduation",
                "title": "Выпускной пилотной когорты 2026 · 2026 пилоттық когортаның түлектері",
                "held_on": "2027-01-28",
                "place": "Astana Hub, Астана",
                "estimated_cost": _money("25000.00"),
                "sponsor_company_ids": [p["id"] for p in partners],
                "invited_company_ids": [s["company_id"] for s in selected],
            },
        )
        self.say("graduation scheduled at Astana Hub, sponsored by the 4 partners")

    # ------------------------------------------------------------------ results framework
    def targets(self, cohort: str) -> None:
        for code, baseline, target, milestones, approve in TARGETS:
            path = f"/cohorts/{cohort}/targets/{code}"
            body = target_body(baseline, target, milestones)
            proposed = self.api.call("assessment", PM, "PUT", path, json=body)
            if approve:
                self.api.call(
                    "assessment",
                    MINISTRY,
                    "PUT",
                    f"{path}/approval",
                    if_match=f'"{proposed["version"]}"',
                )
        approved = sum(approve for *_, approve in TARGETS)
        self.say(f"{len(TARGETS)} targets set, {approved} approved by the ministry")

    # ------------------------------------------------------------------ registry linkages
    def linkages(self, selected: list[dict[str, Any]], partners: list[dict[str, Any]]) -> int:
        stages = ["contract_signed"] * 6 + ["agreement", "negotiating", "contacted"]
        for n, stage in enumerate(stages):
            signed = stage == "contract_signed"
            self.api.call(
                "registry",
                PM,
                "POST",
                "/linkages",
                key=f"demo-year-linkage-{n}",
                json={
                    "local_company_id": selected[n]["company_id"],
                    "international_company_id": partners[n % PARTNERS]["id"],
                    "linkage_type": ["backward", "forward", "horizontal"][n % 3],
                    "stage": stage,
                    **(
                        {
                            "contract_value": _money(f"{45000 + 15000 * n}.00"),
                            "signed_on": (date(2026, 7, 1) + timedelta(days=20 * n)).isoformat(),
                            "jobs_created": 3 + n,
                        }
                        if signed
                        else {}
                    ),
                    "notes": "Демо: контракт на разработку и поддержку",
                },
            )
        self.say(f"{len(stages)} linkages, 6 contracts signed")
        return len(stages)

    # ------------------------------------------------------------------ finance
    def budget(self, cohort: str) -> str:
        budget = self.api.call(
            "finance",
            PM,
            "POST",
            "/budgets",
            key="demo-year-budget",
            json={
                "programme_year": PROGRAMME_YEAR,
                "cohort_id": cohort,
                "currency": "USD",
                "title": "Бюджет пилотного года 2026 · Pilot year budget 2026",
                "lines": budget_lines(),
            },
        )
        path = f"/budgets/{budget['id']}"
        self.api.call(
            "finance", PM, "PUT", f"{path}/status", etag_of=path, json={"status": "submitted"}
        )
        approved = self.api.call(
            "finance",
            MINISTRY,
            "PUT",
            f"{path}/status",
            etag_of=path,
            json={"status": "approved", "comment": "Утверждено министерством"},
        )
        total = (approved or self.api.get("finance", PM, path)).get("total", {})
        band = ""
        if isinstance(total, dict) and "low" in total:
            low, high = (Decimal(total[end]["total"]["amount"]) for end in ("low", "high"))
            band = f" (USD {low:,.2f}–{high:,.2f})"
        self.say(
            f"budget {PROGRAMME_YEAR} approved by the ministry, "
            f"{len(budget_lines())} cost lines in 7 modules{band}"
        )
        return f"approved{band}"

    def actuals(self, cohort: str) -> int:
        def all_there() -> list[dict[str, Any]] | None:
            found = self.api.items(
                "finance", PM, "/commitments", cohort_id=cohort, module="assessment"
            )
            return found if len(found) >= SELECTED else None

        commitments = _until("the assessments' commitments in finance", all_there)
        commitments.sort(key=lambda c: c["source"]["id"])
        count = 0
        for n, commitment in enumerate(commitments[:12]):
            for line in commitment["lines"]:
                amount = line["amount"]
                occurred = (date(2026, 4, 1) + timedelta(days=5 * n)).isoformat()
                kinds = {
                    "programme": ["invoice", "payment"],
                    "local_company": ["contribution"],
                }.get(line["party"], [])
                for kind in kinds:
                    if kind == "payment" and n >= 8:
                        continue  # the last four are invoiced, not yet paid
                    self.api.call(
                        "finance",
                        PM,
                        "POST",
                        "/actuals",
                        key=f"demo-year-actual-{commitment['source']['id']}-{line['party']}-{kind}",
                        json={
                            "line_id": line["id"],
                            "kind": kind,
                            "amount": amount,
                            "reference": f"INV-2026-{n + 1:03d}",
                            "occurred_on": occurred,
                        },
                    )
                    count += 1
        self.say(
            f"{len(commitments)} assessment commitments; "
            f"{count} invoices, payments and contributions"
        )
        return count
