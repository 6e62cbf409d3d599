"""The Kubernetes manifests (deploy/k8s/): valid against the Kubernetes schemas, every setting
spelled out and matching each service's Settings both ways, and what the cluster needs from
them (probes, resources, budgets, the PostgreSQL connection budget) checked offline.

The schemas come inside the ``kubernetes-validate`` package: no cluster and no network. The
CloudNativePG resources and the NATS chart's values are not core Kubernetes; they are
checked for what the platform relies on.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import kubernetes_validate.utils
import pytest
import yaml
from kubernetes_validate.utils import ValidationError

from blp.services import DOMAIN_SERVICES, GATEWAY, SERVICES, default_ports, settings_class
from tests.test_compose import VANISHED_HOST_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30.0"  # the oldest release the manifests are written for
NEWEST_VERSION = kubernetes_validate.utils.latest_version()  # the newest the package knows
CNPG = "postgresql.cnpg.io/v1"
HEADROOM = 10  # connections kept free for psql, backups and the operator's own checks
MIGRATION_CONNECTIONS = 2  # per migration Job (Alembic's engine)

Document = dict[str, Any]


@functools.cache
def documents(relative: str) -> tuple[Document, ...]:
    return tuple(d for d in yaml.safe_load_all((K8S / relative).read_text()) if d)


def kustomized(directory: str) -> list[Document]:
    """The resources a kustomization lists, in its namespace (what `kubectl apply -k` sends,
    before the image rewrite)."""
    kustomization = documents(f"{directory}/kustomization.yaml")[0]
    found = []
    for resource in kustomization["resources"]:
        for document in documents(f"{directory}/{resource}"):
            document = copy.deepcopy(document)
            document["metadata"].setdefault("namespace", kustomization["namespace"])
            found.append(document)
    return found


def every_manifest() -> list[Document]:
    return [
        *documents("namespace.yaml"),
        *documents("secrets.example.yaml"),
        *kustomized("postgres"),
        *kustomized("migrate"),
        *kustomized("app"),
    ]


def of_kind(kind: str, manifests: list[Document] | None = None) -> dict[str, Document]:
    return {
        m["metadata"]["name"]: m
        for m in (every_manifest() if manifests is None else manifests)
        if m["kind"] == kind
    }


def deployment(service: str) -> Document:
    return of_kind("Deployment")[service]


def container(workload: Document) -> Document:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def containers() -> Iterator[tuple[str, Document]]:
    for kind in ("Deployment", "Job"):
        for name, workload in of_kind(kind).items():
            for c in workload["spec"]["template"]["spec"]["containers"]:
                yield f"{kind}/{name}", c


def secrets() -> dict[str, Document]:
    return of_kind("Secret", list(documents("secrets.example.yaml")))


def resolved_env(env: list[Document]) -> dict[str, str]:
    """The container's environment as the service sees it: secrets by stand-ins, and
    ``$(VAR)`` references expanded as the kubelet does (earlier variables only)."""
    values: dict[str, str] = {}
    for item in env:
        if "valueFrom" in item:
            ref = item["valueFrom"]["secretKeyRef"]
            values[item["name"]] = f"secret-{ref['name']}-{ref['key'].replace('.', '-')}"
        else:
            values[item["name"]] = re.sub(
                r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                lambda m: values.get(m[1], m[0]),
                item["value"],
            )
    return values


def settings_from(service: str, env: dict[str, str]) -> Any:
    settings = settings_class(service)
    prefix = settings.env_prefix()
    fields = {k.removeprefix(prefix).lower(): v for k, v in env.items() if k.startswith(prefix)}
    return settings(**fields)


def selects(selector: dict[str, str], workload: Document) -> bool:
    labels = workload["spec"]["template"]["metadata"]["labels"]
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# --- schemas -------------------------------------------------------------------------------


def _kubernetes_errors(document: Document, version: str = KUBERNETES_VERSION) -> str | None:
    try:
        kubernetes_validate.validate(document, version, strict=True)
    except ValidationError as error:
        return f"{document['kind']}/{document['metadata'].get('name')}: {error.message}"
    return None


class TestSchemas:
    @pytest.mark.parametrize("version", [KUBERNETES_VERSION, NEWEST_VERSION])
    def test_every_core_manifest_is_valid(self, version: str) -> None:
        core = [m for m in every_manifest() if m["apiVersion"] != CNPG]
        assert {m["kind"] for m in core} >= {
            "Namespace",
            "Secret",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Job",
        }
        errors = [e for e in (_kubernetes_errors(m, version) for m in core) if e]
        assert not errors, "\n".join(errors)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"), "http"),
            (("spec", "template", "spec", "containers", 0, "readinessProbe", "httpGet"), {}),
            (("spec", "template", "spec", "containers", 0, "resources", "limit"), {}),
            (("spec", "template", "spec", "containers", 0, "env", 1, "value"), 8081),
        ],
        ids=["port-name-as-number", "probe-without-port", "misspelt-field", "env-not-a-string"],
    )
    def test_a_broken_manifest_fails(self, path: tuple[Any, ...], value: Any) -> None:
        broken = copy.deepcopy(deployment("registry"))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert _kubernetes_errors(broken)

    def test_kustomizations_list_every_manifest_of_their_directory(self) -> None:
        for directory in ("app", "migrate", "postgres"):
            listed = set(documents(f"{directory}/kustomization.yaml")[0]["resources"])
            present = {p.name for p in (K8S / directory).glob("*.yaml")} - {"kustomization.yaml"}
            assert listed == present, directory

    def test_every_container_runs_the_one_image(self) -> None:
        for directory in ("app", "migrate"):
            images = documents(f"{directory}/kustomization.yaml")[0]["images"]
            assert [i["name"] for i in images] == ["blp"]
        app, migrate = (
            documents(f"{d}/kustomization.yaml")[0]["images"] for d in ("app", "migrate")
        )
        assert app == migrate, "the migration Jobs must run the image the rollout brings"
        assert {c["image"] for _, c in containers()} == {"blp"}


# --- the services' environment -------------------------------------------------------------


class TestEnvironment:
    @pytest.mark.parametrize("service", SERVICES)
    def test_environment_sets_exactly_the_settings_fields(self, service: str) -> None:
        settings = settings_class(service)
        prefix = settings.env_prefix()
        env = container(deployment(service))["env"]
        names = [item["name"] for item in env]
        assert len(names) == len(set(names)), f"{service}: a variable is set twice"
        expected = {prefix + name.upper() for name in settings.model_fields}
        actual = {name for name in names if name.startswith("BLP_")}
        missing, unknown = sorted(expected - actual), sorted(actual - expected)
        assert not missing and not unknown, (
            f"{service}: environment in deploy/k8s/app/{service}.yaml does not match "
            f"{service}.config.Settings\n  missing: {missing}\n  not Settings fields: {unknown}"
        )
        helpers = set(names) - actual
        assert helpers <= {"DATABASE_PASSWORD"}, helpers
        for helper in helpers:
            assert any(f"$({helper})" in item.get("value", "") for item in env), helper

    @pytest.mark.parametrize("service", SERVICES)
    def test_environment_parses_and_matches_the_pod(self, service: str) -> None:
        spec = container(deployment(service))
        settings = settings_from(service, resolved_env(spec["env"]))
        assert settings.host == "0.0.0.0"
        assert settings.port == default_ports()[service]
        assert spec["ports"] == [{"name": "http", "containerPort": settings.port}]
        assert spec["command"] == ["blp", "serve", service]  # the Jobs migrate, not the pods
        assert settings.jwt_public_key == "secret-blp-jwt-public-pem"

    @pytest.mark.parametrize("service", DOMAIN_SERVICES)
    def test_domain_service_uses_its_database_role_and_the_nats_cluster(self, service: str) -> None:
        settings = settings_from(service, resolved_env(container(deployment(service))["env"]))
        cluster = of_kind("Cluster")["blp-postgres"]["metadata"]["name"]
        password = f"secret-blp-db-{service}-password"
        assert settings.database_url == (
            f"postgresql+asyncpg://{service}:{password}@{cluster}-rw:5432/{service}"
        )
        assert settings.nats_url == "nats://nats:4222"
        assert settings.nats_stream_replicas == nats_values()["config"]["cluster"]["replicas"]
        assert settings.run_workers is True

    def test_gateway_routes_to_each_domain_service(self) -> None:
        settings = settings_from(GATEWAY, resolved_env(container(deployment(GATEWAY))["env"]))
        services = of_kind("Service")
        upstreams = settings.upstreams()
        assert set(upstreams) == set(DOMAIN_SERVICES)
        for service, url in upstreams.items():
            (port,) = services[service]["spec"]["ports"]
            assert url == f"http://{service}:{port['port']}"
            assert selects(services[service]["spec"]["selector"], deployment(service))

    def test_gateway_reads_the_clients_secret_and_trusts_a_network(self) -> None:
        spec = container(deployment(GATEWAY))
        settings = settings_from(GATEWAY, resolved_env(spec["env"]))
        mounts = {m["name"]: m for m in spec["volumeMounts"]}
        volumes = {v["name"]: v for v in deployment(GATEWAY)["spec"]["template"]["spec"]["volumes"]}
        clients = Path(settings.clients_file)
        (name,) = [n for n, m in mounts.items() if Path(m["mountPath"]) == clients.parent]
        assert mounts[name]["readOnly"] is True
        secret = volumes[name]["secret"]["secretName"]
        assert clients.name in secrets()[secret]["stringData"]
        assert settings.proxy_networks(), "behind the Ingress, trust its controller's network"

    def test_only_the_gateway_holds_the_signing_key(self) -> None:
        holders = {
            where
            for where, c in containers()
            for item in c.get("env", [])
            if item.get("valueFrom", {}).get("secretKeyRef", {}).get("key") == "private.pem"
        }
        assert holders == {"Deployment/gateway"}

    def test_every_secret_reference_exists(self) -> None:
        known = {name: set(s["stringData"]) for name, s in secrets().items()}
        for where, c in containers():
            for item in c.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in known.get(ref["name"], set()), (where, ref)

    @pytest.mark.parametrize("service", DOMAIN_SERVICES)
    def test_migration_job_migrates_the_database_the_service_uses(self, service: str) -> None:
        job = of_kind("Job")[f"migrate-{service}"]
        spec = container(job)
        assert spec["command"] == ["blp", "migrate", service]
        prefix = settings_class(service).env_prefix()
        fields = {prefix + name.upper() for name in settings_class(service).model_fields}
        names = {item["name"] for item in spec["env"]}
        assert names - {"DATABASE_PASSWORD"} <= fields
        job_env = resolved_env(spec["env"])
        service_env = resolved_env(container(deployment(service))["env"])
        assert job_env[f"{prefix}DATABASE_URL"] == service_env[f"{prefix}DATABASE_URL"]
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
        assert job["spec"]["backoffLimit"] >= 1


# --- running and scaling -------------------------------------------------------------------


class TestWorkloads:
    @pytest.mark.parametrize("service", SERVICES)
    def test_probes_ask_readiness_and_liveness(self, service: str) -> None:
        spec = container(deployment(service))
        ready = "/healthz" if service == GATEWAY else "/readyz"
        assert spec["readinessProbe"]["httpGet"] == {"path": ready, "port": "http"}
        assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}

    def test_every_container_has_requests_and_limits(self) -> None:
        for where, c in containers():
            for bound in ("requests", "limits"):
                assert set(c["resources"][bound]) >= {"cpu", "memory"}, (where, bound)

    @pytest.mark.parametrize("service", SERVICES)
    def test_service_and_disruption_budget_select_the_pods(self, service: str) -> None:
        workload = deployment(service)
        assert selects(workload["spec"]["selector"]["matchLabels"], workload)
        assert selects(of_kind("Service")[service]["spec"]["selector"], workload)
        budget = of_kind("PodDisruptionBudget")[service]["spec"]
        assert selects(budget["selector"]["matchLabels"], workload)
        assert budget["minAvailable"] < minimum_replicas(service)

    def test_gateway_and_registry_scale_horizontally(self) -> None:
        autoscalers = of_kind("HorizontalPodAutoscaler")
        assert set(autoscalers) == {GATEWAY, "registry"}
        for name, hpa in autoscalers.items():
            target = hpa["spec"]["scaleTargetRef"]
            assert (target["kind"], target["name"]) == ("Deployment", name)
            assert "replicas" not in deployment(name)["spec"], f"{name}: the HPA owns replicas"
            assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]

    def test_one_ingress_to_the_gateway(self) -> None:
        (ingress,) = of_kind("Ingress").values()
        backends = {
            (p["backend"]["service"]["name"], p["backend"]["service"]["port"]["name"])
            for rule in ingress["spec"]["rules"]
            for p in rule["http"]["paths"]
        }
        assert backends == {(GATEWAY, "http")}
        paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
        assert not [p for p in paths if "/metrics".startswith(p["path"].rstrip("/") or "/")], (
            "the gateway's /metrics must not be reachable through the Ingress"
        )
        assert {"/v1", "/docs", "/dashboard", "/openapi.json", "/.well-known/jwks.json"} <= {
            p["path"] for p in paths
        }
        (port,) = of_kind("Service")[GATEWAY]["spec"]["ports"]
        assert port["name"] == "http"


def minimum_replicas(service: str) -> int:
    hpa = of_kind("HorizontalPodAutoscaler").get(service)
    return int(hpa["spec"]["minReplicas"] if hpa else deployment(service)["spec"]["replicas"])


def maximum_pods(service: str) -> int:
    """Pods of a service at once: the most replicas, plus the rollout's surge."""
    hpa = of_kind("HorizontalPodAutoscaler").get(service)
    replicas = int(hpa["spec"]["maxReplicas"] if hpa else deployment(service)["spec"]["replicas"])
    return replicas + int(deployment(service)["spec"]["strategy"]["rollingUpdate"]["maxSurge"])


def connection_budget() -> int:
    """Connections the platform may open at once, at full scale during a rollout."""
    total = 0
    for service in DOMAIN_SERVICES:
        settings = settings_from(service, resolved_env(container(deployment(service))["env"]))
        per_pod = (settings.database_pool_size + settings.database_max_overflow) * settings.workers
        total += per_pod * maximum_pods(service)
    return total + MIGRATION_CONNECTIONS * len(of_kind("Job"))


# --- PostgreSQL (CloudNativePG) and NATS (the official chart's values) --------------------


@functools.cache
def nats_values() -> Document:
    return documents("nats/values.yaml")[0]


class TestPostgres:
    def test_one_database_and_role_per_domain_service(self) -> None:
        (cluster,) = of_kind("Cluster").values()
        initdb = cluster["spec"]["bootstrap"]["initdb"]
        roles = {initdb["owner"]: initdb["secret"]["name"]}
        for role in cluster["spec"]["managed"]["roles"]:
            assert role["login"] is True and role.get("ensure", "present") == "present"
            roles[role["name"]] = role["passwordSecret"]["name"]
        databases = {initdb["database"]: initdb["owner"]}
        for database in of_kind("Database").values():
            assert database["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
            databases[database["spec"]["name"]] = database["spec"]["owner"]
        assert roles == {s: f"blp-db-{s}" for s in DOMAIN_SERVICES}
        assert databases == {s: s for s in DOMAIN_SERVICES}
        for service in DOMAIN_SERVICES:
            secret = secrets()[f"blp-db-{service}"]
            assert secret["type"] == "kubernetes.io/basic-auth"
            assert secret["stringData"]["username"] == service

    def test_cluster_survives_losing_an_instance(self) -> None:
        (cluster,) = of_kind("Cluster").values()
        assert cluster["spec"]["instances"] >= 3
        assert cluster["spec"]["storage"]["size"]

    def test_max_connections_fits_the_connection_budget(self) -> None:
        (cluster,) = of_kind("Cluster").values()
        parameters = cluster["spec"]["postgresql"]["parameters"]
        max_connections = int(parameters["max_connections"])
        reserved = int(parameters.get("superuser_reserved_connections", 3))
        budget = connection_budget()
        assert budget == 248  # the figure docs/operations.md quotes
        assert budget + reserved + HEADROOM <= max_connections
        guide = (ROOT / "docs/operations.md").read_text()
        assert re.search(rf"max_connections`?[^\n]*\b{max_connections}\b", guide)
        assert re.search(rf"\b{budget}\b", guide)

    def test_a_vanished_client_host_is_noticed_as_under_compose(self) -> None:
        (cluster,) = of_kind("Cluster").values()
        parameters = cluster["spec"]["postgresql"]["parameters"]
        assert {name: parameters.get(name) for name in VANISHED_HOST_SETTINGS} == (
            VANISHED_HOST_SETTINGS
        )


class TestNats:
    def test_jetstream_cluster_of_three_on_files(self) -> None:
        config = nats_values()["config"]
        assert config["cluster"] == {"enabled": True, "replicas": 3}
        jetstream = config["jetstream"]
        assert jetstream["enabled"] is True
        assert jetstream["fileStore"]["enabled"] is True
        assert jetstream["fileStore"]["pvc"]["enabled"] is True
        assert jetstream["memoryStore"]["enabled"] is False
        assert jetstream["merge"]["sync_interval"] == "always"

    def test_services_replicate_streams_across_the_cluster(self) -> None:
        replicas = nats_values()["config"]["cluster"]["replicas"]
        for service in DOMAIN_SERVICES:
            env = resolved_env(container(deployment(service))["env"])
            assert settings_from(service, env).nats_stream_replicas == replicas
