"""The ministry dashboard without a browser: the page and its assets as the gateway serves
them (strict CSP, nothing inline, every message in three languages), and the one call the
page makes, ``GET /v1/dashboard/cohorts/{id}``, against the real services (real databases,
real NATS), with services down. The page itself is driven in Chromium in
``test_dashboard_ui.py``."""

from __future__ import annotations

import json
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from assessment.cohort.schemas import CohortStatus
from finance.modules import NAMES, Module
from finance.rules.split import Party
from gateway.dashboard import Stage
from gateway.dashboard_routes import ASSETS_DIR
from gateway.statuses import PREFIX as STATUSES_PREFIX
from gateway.statuses import STATUSES

from shared.auth import Role
from shared.i18n import LANGUAGES as CATALOGUE_LANGUAGES
from shared.indicators import Status, TargetStatus
from shared.skills import SKILLS_AREAS
from shared.statuses import values_of
from tests.stack import SERVICES, Launch, Stack, nowhere

LANGUAGES = ("ru", "kk", "en")
MESSAGES: dict[str, dict[str, str]] = json.loads((ASSETS_DIR / "messages.json").read_text())


async def auth(stack: Stack, role: Role, company_id: uuid.UUID | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {await stack.token(role, company_id)}"}


async def new_cohort(stack: Stack) -> str:
    response = await stack.http.post(
        "/v1/assessment/cohorts",
        json={"name": "Когорта 2027 · 🚀", "starts_on": "2027-01-15"},
        headers=await auth(stack, Role.PROGRAMME_MANAGER),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


class TestMessageCatalogue:
    def test_every_language_has_every_message(self) -> None:
        assert set(MESSAGES) == set(LANGUAGES)
        keys = set(MESSAGES["en"])
        for language in LANGUAGES:
            assert set(MESSAGES[language]) == keys, language
            assert all(text.strip() for text in MESSAGES[language].values()), language
            assert len(MESSAGES[language]["months"].split(",")) == 12

    def test_every_label_the_page_asks_for_is_in_the_catalogue(self) -> None:
        script = (ASSETS_DIR / "dashboard.js").read_text()
        page = (ASSETS_DIR / "index.html").read_text()
        asked = set(re.findall(r'\bt\("(\w+)"', script))
        asked |= set(re.findall(r'data-i18n="(\w+)"', page))
        asked |= {f"m_{module}" for module in Module}
        asked |= {f"p_{party}" for party in Party}
        asked |= {"unavailable"}  # an indicator's pill when its service did not answer
        asked |= {a.kind for a in SKILLS_AREAS.values()}
        assert asked - set(MESSAGES["en"]) == set()
        # the script stacks finance's parties in its own order: every one of them
        assert set(re.findall(r'"(\w+)"', _js_list(script, "PARTIES"))) == set(Party)

    def test_status_words_are_the_gateways_catalogue(self) -> None:
        """A cohort's status, a funnel stage, a progress and a target's approval are named from
        ``GET /v1/framework/reference/statuses`` (``gateway.statuses``), which declares every
        code the dashboard's answer types them with (``tests/test_statuses.py`` checks each has
        its three labels)."""
        script = (ASSETS_DIR / "dashboard.js").read_text()
        assert f'const STATUSES = "{STATUSES_PREFIX}/reference/statuses";' in script
        asked = {
            (resource, field or "status")
            for resource, field in re.findall(
                r'statusLabel\("(\w+)", [\w.]+(?:, "(\w+)")?\)', script
            )
        }
        shown = {
            ("cohort", "status"): values_of(CohortStatus),
            ("funnel_stage", "stage"): values_of(Stage),
            ("indicator", "progress"): values_of(Status),
            ("target", "status"): values_of(TargetStatus),
        }
        assert asked == set(shown)
        for (resource, field), codes in shown.items():
            assert STATUSES.find(resource, field).values == codes, resource
        # no page word names a status the old way (t(`cs_${...}`)): they are the catalogue's
        assert set(re.findall(r"t\(`(\w+)_\$", script)) == {"p", "m"}  # parties, modules

    def test_the_page_keeps_no_copy_of_a_status_label(self) -> None:
        """Two copies drifted once (a cohort «активна» on the page, «действует» in the
        catalogue): the page's catalogue holds none of the statuses' words. Its own
        "Unavailable" says a part of the page did not answer, not an indicator's data."""
        assert set(CATALOGUE_LANGUAGES) == set(LANGUAGES)
        for language in LANGUAGES:
            labels = {
                statuses.label(code, language).casefold(): f"{statuses.resource}.{code}"
                for statuses in STATUSES
                for code in statuses.values
            }
            copies = {
                key: labels[text.casefold()]
                for key, text in MESSAGES[language].items()
                if text.casefold() in labels and key != "unavailable"
            }
            assert copies == {}, language

    def test_module_headings_are_finances_own(self) -> None:
        """The page keeps its own copies (the finance API sends module codes, not labels, and
        the page switches language without asking again): they must not drift."""
        for language in LANGUAGES:
            shown = {module: MESSAGES[language][f"m_{module}"] for module in Module}
            assert shown == {module: NAMES[module][language] for module in Module}, language


def _js_list(script: str, name: str) -> str:
    match = re.search(rf"const {name} = \[([^\]]*)\]", script)
    assert match, name
    return match.group(1)


class _Inline(HTMLParser):
    """Collects what a strict CSP would refuse: inline scripts, style attributes and
    elements, handlers (``on...``), and any URL off the gateway."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if not values.get("src"):
                self.refused.append("inline script")
            else:
                self.scripts.append(values["src"] or "")
        if tag == "style":
            self.refused.append("style element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.refused.append(f"{tag} {name}")
            if name in ("src", "href") and value and not value.startswith("/"):
                self.refused.append(f"{tag} {name}={value}")


class TestPage:
    @pytest.fixture
    def backend(self) -> str:
        """The page does not depend on the database kind."""
        return "sqlite"

    async def test_the_page_and_everything_it_loads_come_from_the_gateway(
        self, launch_stack: Launch
    ) -> None:
        async with launch_stack(only=()) as stack:
            page = await stack.http.get("/dashboard")
            assert page.status_code == 200
            assert page.headers["content-type"].startswith("text/html")
            csp = page.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "style-src 'self'" in csp
            assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
            parsed = _Inline()
            parsed.feed(page.text)
            assert parsed.refused == []
            assert parsed.scripts == ["/dashboard/assets/dashboard.js"]

            styles = (await stack.http.get("/dashboard/assets/dashboard.css")).text
            fonts = re.findall(r'url\("([^"]+)"\)', styles)
            assert fonts == [
                "/dashboard/fonts/DejaVuSans.ttf",
                "/dashboard/fonts/DejaVuSans-Bold.ttf",
            ]
            for asset in (
                "/dashboard/assets/dashboard.js",
                "/dashboard/assets/messages.json",
                f"{STATUSES_PREFIX}/reference/statuses",  # the status words, no token needed
                "/docs/assets/favicon-32x32.png",
                *fonts,
            ):
                response = await stack.http.get(asset)
                assert response.status_code == 200, asset
            font = await stack.http.get(fonts[0])
            assert font.headers["content-type"] == "font/ttf" and font.content[:4] == b"\0\1\0\0"
            assert (await stack.http.get("/dashboard/fonts/..%2F__init__.py")).status_code == 404
            assert (await stack.http.get("/dashboard/fonts/LICENSE")).status_code == 404


class TestCohortDashboard:
    async def test_a_new_cohort_shows_every_part_with_nothing_yet(
        self, launch_stack: Launch
    ) -> None:
        async with launch_stack(settings={"assessment": {"registry_url": nowhere()}}) as stack:
            cohort = await new_cohort(stack)
            response = await stack.http.get(
                f"/v1/dashboard/cohorts/{cohort}", headers=await auth(stack, Role.MINISTRY)
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["cohort"]["status"] == "available"
            assert body["cohort"]["name"] == "Когорта 2027 · 🚀"
            assert {s["status"] for s in body["framework"]["services"].values()} == {"available"}
            funnel = {s["stage"]: s for s in body["funnel"]}
            assert list(funnel) == list(get_args(Stage))
            assert [funnel[s]["value"] for s in list(funnel)[:5]] == [0, 0, 0, 0, 0]
            # training has not heard of the cohort, or it is not in review: nobody graduated
            assert funnel["graduated"]["status"] == "not_yet"
            assert funnel["graduated"]["value"] is None
            certifications = body["certifications"]
            assert certifications["status"] == "available" and certifications["total"] == 0
            assert [a["skills_area"] for a in certifications["areas"]] == list(SKILLS_AREAS)
            assert certifications["areas"][0]["name"]["kk"] == "АТ жобаларының менеджері"
            assert body["linkages"] == {"status": "available", "detail": None, "months": []}
            assert body["budget"]["status"] == "none" and body["budget"]["modules"] == []

    async def test_services_down_make_their_parts_unavailable_not_the_page(
        self, launch_stack: Launch
    ) -> None:
        only = tuple(s for s in SERVICES if s not in ("training", "finance"))
        async with launch_stack(
            only=only, settings={"assessment": {"registry_url": nowhere()}}
        ) as stack:
            cohort = await new_cohort(stack)
            response = await stack.http.get(
                f"/v1/dashboard/cohorts/{cohort}", headers=await auth(stack, Role.MINISTRY)
            )
            assert response.status_code == 200, response.text
            body = response.json()
            services = body["framework"]["services"]
            assert {n for n, s in services.items() if s["status"] == "unavailable"} == {
                "training",
                "finance",
            }
            funnel = {s["stage"]: s for s in body["funnel"]}
            assert funnel["selected"]["status"] == "available"
            assert funnel["graduated"]["status"] == "unavailable"
            assert "unreachable" in funnel["graduated"]["detail"]
            assert body["certifications"]["status"] == "unavailable"
            assert body["certifications"]["areas"] == []
            assert body["budget"]["status"] == "unavailable"
            assert body["linkages"]["status"] == "available"
            # a new cohort has no targets, and the assessment service says so
            assert body["framework"]["targets"]["status"] == "available"
            assert {i["progress"] for i in body["framework"]["indicators"]} == {"no_target"}

            await stack.stop("assessment")  # the cohort's own service: its parts go too
            response = await stack.http.get(
                f"/v1/dashboard/cohorts/{cohort}", headers=await auth(stack, Role.MINISTRY)
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["cohort"]["status"] == "unavailable"
            assert {s["status"] for s in body["funnel"]} == {"unavailable"}
            # whether it has targets is unknown now, not "none"
            assert body["framework"]["targets"]["status"] == "unavailable"
            progress = {i["progress"] for i in body["framework"]["indicators"]}
            assert progress == {"target_unavailable"}

    async def test_unknown_cohorts_companies_and_bad_ids_are_refused(
        self, launch_stack: Launch
    ) -> None:
        async with launch_stack(settings={"assessment": {"registry_url": nowhere()}}) as stack:
            ministry = await auth(stack, Role.MINISTRY)
            unknown = await stack.http.get(
                f"/v1/dashboard/cohorts/{uuid.uuid4()}", headers=ministry
            )
            assert unknown.status_code == 404
            assert unknown.headers["content-type"].startswith("application/problem+json")
            bad = await stack.http.get("/v1/dashboard/cohorts/когорта-🚀", headers=ministry)
            assert bad.status_code == 422
            assert [e["field"] for e in bad.json()["errors"]] == ["cohort_id"]
            cohort = await new_cohort(stack)
            company = await auth(stack, Role.LOCAL_COMPANY, uuid.uuid4())
            refused = await stack.http.get(f"/v1/dashboard/cohorts/{cohort}", headers=company)
            assert refused.status_code == 403
            anonymous = await stack.http.get(f"/v1/dashboard/cohorts/{cohort}")
            assert anonymous.status_code == 401


def test_assets_directory_holds_only_what_the_page_uses() -> None:
    assert {p.name for p in Path(ASSETS_DIR).iterdir()} == {
        "index.html",
        "dashboard.js",
        "dashboard.css",
        "messages.json",
    }
