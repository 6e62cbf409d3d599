"""Status labels (``shared.statuses``): every value of every status a person reads has its
English, Russian and Kazakh label, and each domain service lists them at
``/reference/statuses``, through the gateway too, in the caller's language; the gateway lists
the codes of its own answers (the framework's, the dashboard's) at
``/v1/framework/reference/statuses``.

The values come from the enums and ``Literal`` types themselves, and the coverage check reads
the services' OpenAPI documents (which the same types write), so a status value added in
code without a label fails here, not on a frontend showing ``nominations_open``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from assessment.assessments.labels import Labels
from assessment.config import Settings as AssessmentSettings
from assessment.main import create_app as create_assessment
from assessment.statuses import STATUSES as ASSESSMENT_STATUSES
from finance.config import Settings as FinanceSettings
from finance.main import create_app as create_finance
from finance.statuses import STATUSES as FINANCE_STATUSES
from gateway import framework_xlsx
from gateway.config import Settings as GatewaySettings
from gateway.main import create_app as create_gateway
from gateway.statuses import STATUSES as GATEWAY_STATUSES
from registry.config import Settings as RegistrySettings
from registry.main import create_app as create_registry
from registry.statuses import STATUSES as REGISTRY_STATUSES
from training.config import Settings as TrainingSettings
from training.main import create_app as create_training
from training.statuses import STATUSES as TRAINING_STATUSES

from shared.events.assessment import COHORT_STATUSES
from shared.events.registry import COMPANY_STATUSES
from shared.i18n import LANGUAGES
from shared.indicators import INDICATOR_STATUSES, TARGET_STATUSES, TargetStatus
from shared.keys import generate_keypair
from shared.statuses import Statuses, payload, values_of
from tests.stack import SERVICES, Launch

CATALOGUES: dict[str, Sequence[Statuses]] = {
    "registry": REGISTRY_STATUSES,
    "assessment": ASSESSMENT_STATUSES,
    "training": TRAINING_STATUSES,
    "finance": FINANCE_STATUSES,
    "gateway": GATEWAY_STATUSES,
}
DOMAIN = ("registry", "assessment", "training", "finance")
GATEWAY_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("FrameworkIndicator", "progress"): ("indicator", "progress"),
    ("FrameworkIndicator", "status"): ("indicator", "status"),
    ("TargetJoined", "approval"): ("target", "status"),
    ("CohortSummary", "cohort_status"): ("cohort", "status"),
    ("FunnelStage", "stage"): ("funnel_stage", "stage"),
}
"""Where the gateway's document carries each of its labelled codes: (schema, property) ->
(resource, field) in its catalogue."""
PART_AVAILABILITY = {"available", "unavailable", "not_yet", "none", "ok"} | {
    "error",
    "forbidden",
    "not_found",
}
"""Whether a part of a composed answer (the dashboard's, a company's journey) could be read:
the page shows the part or says why not in its own words, so these codes are not labelled."""
KAZAKH_LETTERS = set("әғқңөұүһі")
STATUS_FIELDS = {"status", "stage", "state", "vote", "publication", "approval", "decision"}
"""Property and query names whose enum values a person reads as a status."""
FOR_MACHINES = {"Liveness", "Readiness"}
"""/healthz and /readyz: a probe reads them, not a person."""


def documents() -> dict[str, dict[str, Any]]:
    """Each domain service's OpenAPI document, built from its routes (nothing started)."""
    common = {
        "database_url": "sqlite+aiosqlite:///:memory:",
        "nats_url": "nats://127.0.0.1:1",
        "jwt_public_key": generate_keypair()[1],
    }
    apps = {
        "registry": create_registry(RegistrySettings(**common)),
        "assessment": create_assessment(AssessmentSettings(**common)),
        "training": create_training(
            TrainingSettings(**common, evidence_dir="/nonexistent", badge_key_file="/nonexistent")
        ),
        "finance": create_finance(FinanceSettings(**common)),
    }
    return {name: app.openapi() for name, app in apps.items()}


def gateway_document(tmp_path: Path) -> dict[str, Any]:
    """The gateway's own OpenAPI document (its routes only, not the merged one)."""
    private, public = generate_keypair()
    app: Any = create_gateway(
        GatewaySettings(
            jwt_private_key=private,
            jwt_public_key=public,
            clients_file=str(tmp_path / "clients.json"),
        )
    )
    while not hasattr(app, "openapi"):  # inside its middleware and proxy wrappers
        app = getattr(app, "api", None) or app.app
    document: dict[str, Any] = app.openapi()
    return document


def enum_values(schema: Any, components: Mapping[str, Any]) -> set[str]:
    """The enum (or const) values a schema allows, through $ref, anyOf and items."""
    if not isinstance(schema, dict):
        return set()
    if "$ref" in schema:
        return enum_values(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    values = {str(v) for v in schema.get("enum", [])}
    if "const" in schema:
        values.add(str(schema["const"]))
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            values |= enum_values(part, components)
    return values | enum_values(schema.get("items"), components)


def status_enums(document: Mapping[str, Any]) -> Iterator[tuple[str, str, set[str]]]:
    """(where, field, values) for every status-like property and query parameter."""
    components = document.get("components", {}).get("schemas", {})
    for name, schema in components.items():
        if name in FOR_MACHINES:
            continue
        for field, prop in schema.get("properties", {}).items():
            if field in STATUS_FIELDS and (values := enum_values(prop, components)):
                yield name, field, values
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                field = parameter["name"]
                if field in STATUS_FIELDS and (
                    values := enum_values(parameter.get("schema"), components)
                ):
                    yield f"{method.upper()} {path}", field, values


class TestEveryStatusHasItsLabels:
    @pytest.mark.parametrize("service", sorted(CATALOGUES))
    def test_every_value_has_english_russian_and_kazakh(self, service: str) -> None:
        for statuses in CATALOGUES[service]:
            assert statuses.values, (statuses.resource, statuses.field)
            assert not statuses.missing(), (statuses.resource, statuses.field, statuses.missing())
            for code in statuses.values:
                words = statuses.labels[code]
                assert set(words) == set(LANGUAGES), (statuses.resource, code)
                assert words["kk"] != words["ru"], (statuses.resource, code, "Kazakh is Russian")
                assert words["en"] == words["en"].lower() or code == "contract_signed"
        kazakh = " ".join(s.labels[c]["kk"] for s in CATALOGUES[service] for c in s.values)
        assert KAZAKH_LETTERS & set(kazakh), "Kazakh labels without a Kazakh letter"
        keys = [(s.resource, s.field) for s in CATALOGUES[service]]
        assert len(keys) == len(set(keys)), "a field declared twice"

    @pytest.mark.parametrize("service", DOMAIN)
    def test_every_status_in_the_services_document_is_labelled(self, service: str) -> None:
        """The document is written from the enums: a value added to one, a new resource's
        status, or a ``?status=`` filter taking a value without a label fails here."""
        declared: dict[str, set[str]] = {}
        for statuses in CATALOGUES[service]:
            declared.setdefault(statuses.field, set()).update(statuses.values)
        found = list(status_enums(documents()[service]))
        assert found, "the scan found no status at all: the walk is wrong"
        for where, field, values in found:
            # a decision (a body's verb) takes the values of the status it sets
            labelled = declared.get("status" if field == "decision" else field, set())
            assert values <= labelled, f"{service} {where}.{field}: {sorted(values - labelled)}"

    def test_the_scan_sees_each_services_main_statuses(self) -> None:
        seen = {
            (service, field, frozenset(values))
            for service, document in documents().items()
            for _, field, values in status_enums(document)
        }
        fields = {(service, field) for service, field, _ in seen}
        assert {
            ("registry", "status"),
            ("registry", "stage"),
            ("registry", "publication"),
            ("assessment", "status"),
            ("assessment", "vote"),
            ("assessment", "decision"),
            ("training", "status"),
            ("training", "decision"),
            ("finance", "status"),
            ("finance", "state"),
        } <= fields
        assert ("assessment", "status", frozenset(values_of(TargetStatus))) in seen

    def test_the_gateways_document_carries_its_labelled_codes(self, tmp_path: Path) -> None:
        """Each code the gateway's own answers carry for a person is declared with the values
        its document lists; any other status-like field there is a part's availability."""
        components = gateway_document(tmp_path)["components"]["schemas"]
        for (schema, prop), (resource, field) in GATEWAY_FIELDS.items():
            values = enum_values(components[schema]["properties"][prop], components)
            assert values == set(GATEWAY_STATUSES.find(resource, field).values), (schema, prop)
        for where, field, values in status_enums({"components": components, "paths": {}}):
            if (where, field) not in GATEWAY_FIELDS:
                assert values <= PART_AVAILABILITY, f"gateway {where}.{field}: not labelled"

    def test_values_are_the_enums_own(self) -> None:
        from assessment.cohort.schemas import CohortStatus
        from registry.linkage.schemas import Stage

        cohort = next(s for s in ASSESSMENT_STATUSES if s.resource == "cohort")
        assert cohort.values == tuple(CohortStatus)
        linkage = next(s for s in REGISTRY_STATUSES if s.resource == "linkage")
        assert linkage.values == values_of(Stage)
        assert TARGET_STATUSES in ASSESSMENT_STATUSES

    def test_a_status_another_service_names_is_declared_once_in_shared(self) -> None:
        """The cohort's status (assessment) named by training's ``cohort_not_in_review`` and
        shown by the gateway's dashboard; the company's (registry) named by the assessment's
        ``nominee_not_active``: one declaration, listed by the owner."""
        from registry.company.schemas import Status as CompanyStatus

        assert ASSESSMENT_STATUSES.find("cohort") is COHORT_STATUSES
        assert GATEWAY_STATUSES.find("cohort") is COHORT_STATUSES
        assert REGISTRY_STATUSES.find("company") is COMPANY_STATUSES
        assert COMPANY_STATUSES.values == values_of(CompanyStatus)
        assert COHORT_STATUSES.text("review").translations["kk"] == "қорытындылау"


class TestExportsReadTheSameLabels:
    def test_the_assessment_report_prints_the_catalogues_status(self) -> None:
        assessment = next(s for s in ASSESSMENT_STATUSES if s.resource == "assessment")
        for language in LANGUAGES:
            for code in assessment.values:
                assert Labels(language).code("status", code) == assessment.label(code, language)

    def test_the_frameworks_workbook_prints_the_gateways_statuses(self) -> None:
        """Availability, a target's approval and progress: the declarations the gateway
        serves; the workbook's own words are units and services only."""
        assert framework_xlsx.AVAILABILITY is INDICATOR_STATUSES
        assert framework_xlsx.APPROVAL is TARGET_STATUSES
        assert framework_xlsx.PROGRESS is GATEWAY_STATUSES.find("indicator", "progress")
        codes = {code for statuses in GATEWAY_STATUSES for code in statuses.values}
        assert not codes & set(framework_xlsx.LABELS)


def kazakh_of(service: str) -> list[dict[str, Any]]:
    return payload(CATALOGUES[service], "kk")


class TestThroughTheGateway:
    async def test_each_service_lists_its_statuses_in_kazakh_and_the_document_has_them(
        self, launch_stack: Launch
    ) -> None:
        async with launch_stack() as stack:
            for service in SERVICES:
                response = await stack.http.get(
                    f"/v1/{service}/reference/statuses", headers={"Accept-Language": "kk"}
                )
                assert response.status_code == 200, response.text
                assert response.headers["content-language"] == "kk"
                assert "Accept-Language" in response.headers["vary"]
                assert response.headers["cache-control"] == "public, max-age=3600"
                assert response.json() == kazakh_of(service)
            english = await stack.http.get(
                "/v1/assessment/reference/statuses", headers={"Accept-Language": "de, fr"}
            )
            assert english.headers["content-language"] == "en"
            cohort = next(r for r in english.json() if r["resource"] == "cohort")
            opening = next(v for v in cohort["values"] if v["code"] == "nominations_open")
            assert opening == {
                "code": "nominations_open",
                "name_en": "nominations open",
                "name_ru": "приём номинаций",
                "name_kk": "номинацияларды қабылдау",
                "label": "nominations open",
            }
            russian = await stack.http.get(
                "/v1/training/reference/statuses", headers={"Accept-Language": "ru-KZ"}
            )
            course = next(r for r in russian.json() if r["resource"] == "course")
            assert [v["label"] for v in course["values"]] == [
                "предложен",
                "утверждён",
                "исключён из каталога",
            ]
            gateway = await stack.http.get(
                "/v1/framework/reference/statuses", headers={"Accept-Language": "kk"}
            )
            assert gateway.status_code == 200, gateway.text
            assert gateway.headers["content-language"] == "kk"
            assert "Accept-Language" in gateway.headers["vary"]
            assert gateway.headers["cache-control"] == "public, max-age=3600"
            assert gateway.json() == kazakh_of("gateway")
            progress = await stack.http.get(
                "/v1/framework/reference/statuses", headers={"Accept-Language": "ru"}
            )
            [values] = [
                r["values"]
                for r in progress.json()
                if (r["resource"], r["field"]) == ("indicator", "progress")
            ]
            assert [(v["code"], v["label"]) for v in values][:3] == [
                ("on_track", "по плану"),
                ("at_risk", "под угрозой"),
                ("off_track", "отстаёт"),
            ]
            document = (await stack.http.get("/openapi.json")).json()
            for service in [*SERVICES, "framework"]:
                operation = document["paths"][f"/v1/{service}/reference/statuses"]["get"]
                schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
                assert schema["items"] == {"$ref": "#/components/schemas/StatusesRead"}
            assert "StatusValueRead" in document["components"]["schemas"]


def test_docs_api_lists_each_services_statuses() -> None:
    """docs/api.md's table of status labels names every declared field, and no other."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    for service, catalogue in CATALOGUES.items():
        [row] = [
            line
            for line in text.splitlines()
            if line.startswith(f"| {service} | `") and "/v1/" not in line
        ]
        documented = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", row))
        assert documented == {f"{s.resource}.{s.field}" for s in catalogue}, service
