"""The docker-compose deployment: valid for old and new compose, every setting spelled out,
only the gateway reachable from the host, and nothing starting before what it needs is healthy.
"""

from __future__ import annotations

import copy
import functools
import http.server
import importlib
import json
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from blp.services import DOMAIN_SERVICES, SERVICES, default_ports

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
COMPOSE_SCHEMA = ROOT / "tests" / "data" / "compose_spec.json"
NATS_CONF = ROOT / "deploy" / "nats" / "nats.conf"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
POSTGRES_INIT = ROOT / "deploy" / "postgres" / "init.sh"

BLP_SERVICES = SERVICES
DEFAULT_PORTS = default_ports()
INFRASTRUCTURE = ("nats", "postgres")


# --- compose variable interpolation, as `docker compose` does it -----------------------------

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariableError(Exception):
    pass


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """``text`` with ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}`` substituted."""

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        value, op = env.get(name), match["op"]
        if op is None:
            return value or ""
        unset = not value if op.startswith(":") else value is None
        if not unset:
            return value
        if op.endswith("-"):
            return match["arg"]
        raise MissingVariableError(f"{name}: {match['arg']}")

    if "${" in _VARIABLE.sub("", text):
        raise ValueError(f"malformed interpolation in {text!r}")
    return _VARIABLE.sub(substitute, text)


def interpolate_tree(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env) for key, value in node.items()}
    return node


def variables_in(node: Any) -> set[str]:
    """Names of the variables interpolated anywhere in a loaded compose document."""
    if isinstance(node, str):
        return {m["braced"] or m["named"] for m in _VARIABLE.finditer(node) if not m["escaped"]}
    if isinstance(node, list):
        return set().union(*(variables_in(item) for item in node))
    if isinstance(node, dict):
        return set().union(*(variables_in(value) for value in node.values()))
    return set()


# --- the files under test ----------------------------------------------------------------


@functools.cache
def raw_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@functools.cache
def env_example() -> dict[str, str]:
    """The ``NAME=value`` assignments of .env.example (quotes removed)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", line.strip())
        if match:
            name, value = match.groups()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[name] = value
    return values


def deployment_env() -> dict[str, str]:
    """.env.example with each blank (secret) value filled with a distinct stand-in."""
    return {name: value or f"test-{name.lower()}" for name, value in env_example().items()}


def compose(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """docker-compose.yml as compose sees it after interpolation."""
    return interpolate_tree(raw_compose(), deployment_env() if env is None else env)


def postgres_settings() -> dict[str, str]:
    """The server settings compose's PostgreSQL runs with: its ``-c name=value`` arguments."""
    command = raw_compose()["services"]["postgres"]["command"]
    assert command[0] == "postgres" and len(command) % 2 == 1
    pairs = list(zip(command[1::2], command[2::2], strict=True))
    assert all(flag == "-c" for flag, _ in pairs)
    return dict(setting.split("=", 1) for _, setting in pairs)


VANISHED_HOST_SETTINGS = {
    "idle_in_transaction_session_timeout": "60s",
    "tcp_keepalives_idle": "60s",
    "tcp_keepalives_interval": "10s",
    "tcp_keepalives_count": "6",
    "tcp_user_timeout": "60s",
}
"""What bounds how long a client host gone from the network holds its transaction's locks (an
Idempotency-Key claim among them): docs/operations.md, "Vanished hosts"; the Kubernetes
Cluster carries the same (tests/test_k8s.py)."""


def environment(document: Mapping[str, Any], service: str) -> dict[str, str]:
    env = document["services"][service].get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def settings_class(service: str) -> Any:
    return importlib.import_module(f"{service}.config").Settings


def healthcheck_url(document: Mapping[str, Any], service: str) -> str:
    command = " ".join(document["services"][service]["healthcheck"]["test"])
    match = re.search(r"https?://[^'\"\s]+", command)
    assert match, f"{service}: no URL in healthcheck {command!r}"
    return match[0]


# --- the schema docker-compose 1.29.2 validates with -------------------------------------

_FORMATS = jsonschema.FormatChecker(formats=())
_PORT_SPEC = re.compile(
    r"(?:(?:(?:\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(?:\d+(?:-\d+)?)?:)?\d+(?:-\d+)?(?:/(?:tcp|udp|sctp))?"
)


@_FORMATS.checks("ports", raises=ValueError)
def _is_port_spec(instance: object) -> bool:
    return not isinstance(instance, str) or _PORT_SPEC.fullmatch(instance) is not None


def schema_errors(document: Mapping[str, Any]) -> list[str]:
    # docker-compose 1.29.2 itself validates with Draft 4 and a "ports" format check; the
    # schema's "$schema" says 2019-09, but what matters is what the tool accepts.
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=_FORMATS)
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


class TestComposeSchema:
    def test_compose_file_is_valid(self) -> None:
        errors = schema_errors(compose())
        assert not errors, "docker-compose.yml fails the compose schema:\n" + "\n".join(errors)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("services", "nats", "ports"), 4222),
            (("services", "nats", "healthcheck", "start_interval"), "1s"),
            (("services", "registry", "environment", "BLP_REGISTRY_RUN_WORKERS"), True),
            (("services", "gateway", "depends_on", "registry", "condition"), "healthy"),
            (("services", "gateway", "ports"), ["eighty:8080"]),
            (("services", "registry", "restart_policy"), "always"),
        ],
        ids=["ports-int", "start-interval", "env-bool", "bad-condition", "bad-port", "unknown-key"],
    )
    def test_broken_file_fails_validation(self, path: tuple[str, ...], value: Any) -> None:
        broken = copy.deepcopy(compose())
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert schema_errors(broken), f"setting {'.'.join(path)} = {value!r} should be invalid"


class TestServiceSettings:
    @pytest.mark.parametrize("service", BLP_SERVICES)
    def test_environment_sets_exactly_the_settings_fields(self, service: str) -> None:
        settings = settings_class(service)
        prefix = settings.env_prefix()
        expected = {prefix + name.upper() for name in settings.model_fields}
        actual = set(environment(raw_compose(), service))
        missing, unknown = sorted(expected - actual), sorted(actual - expected)
        assert not missing and not unknown, (
            f"{service}: environment in docker-compose.yml does not match {service}.config.Settings"
            f"\n  fields missing from compose: {missing}"
            f"\n  keys in compose that are not Settings fields: {unknown}"
        )

    @pytest.mark.parametrize("service", BLP_SERVICES)
    def test_environment_parses_into_settings(self, service: str) -> None:
        settings = self._settings(service)
        assert settings.host == "0.0.0.0"
        assert settings.port == DEFAULT_PORTS[service]
        assert healthcheck_url(compose(), service).startswith(f"http://127.0.0.1:{settings.port}/")

    @pytest.mark.parametrize("service", DOMAIN_SERVICES)
    def test_domain_service_uses_its_own_database_and_the_broker(self, service: str) -> None:
        settings = self._settings(service)
        password = deployment_env()[f"BLP_{service.upper()}_DB_PASSWORD"]
        assert settings.database_url == (
            f"postgresql+asyncpg://{service}:{password}@postgres:5432/{service}"
        )
        assert settings.nats_url == "nats://nats:4222"
        assert settings.run_workers is True

    def test_gateway_routes_to_each_domain_service(self) -> None:
        settings = self._settings("gateway")
        assert settings.upstreams() == {
            service: f"http://{service}:{DEFAULT_PORTS[service]}" for service in DOMAIN_SERVICES
        }

    def test_gateway_clients_file_is_on_a_named_volume(self) -> None:
        clients_file = Path(self._settings("gateway").clients_file)
        named_volumes = set(raw_compose().get("volumes", {}))
        mounts = {
            Path(target): source
            for source, target, *_ in (
                v.split(":") for v in raw_compose()["services"]["gateway"]["volumes"]
            )
        }
        assert mounts.get(clients_file.parent) in named_volumes, (
            f"{clients_file} is not on a named volume (mounts: {mounts})"
        )

    def test_every_service_trusts_the_same_token_keys(self) -> None:
        document = compose()
        for field in ("JWT_PUBLIC_KEY", "JWT_ISSUER", "JWT_AUDIENCE"):
            values = {s: environment(document, s)[f"BLP_{s.upper()}_{field}"] for s in BLP_SERVICES}
            assert len(set(values.values())) == 1, f"{field} differs between services: {values}"
        gateway = environment(document, "gateway")
        assert gateway["BLP_GATEWAY_JWT_PRIVATE_KEY"] == deployment_env()["BLP_JWT_PRIVATE_KEY"]

    def test_only_the_gateway_holds_the_signing_key(self) -> None:
        holders = [
            service
            for service in raw_compose()["services"]
            if any("JWT_PRIVATE_KEY" in key for key in environment(raw_compose(), service))
        ]
        assert holders == ["gateway"]

    @staticmethod
    def _settings(service: str) -> Any:
        settings = settings_class(service)
        prefix = settings.env_prefix()
        fields = {
            key.removeprefix(prefix).lower(): value
            for key, value in environment(compose(), service).items()
        }
        return settings(**fields)


class TestPublishedPorts:
    def test_only_the_gateway_publishes_ports(self) -> None:
        services = raw_compose()["services"]
        publishing = sorted(name for name, service in services.items() if service.get("ports"))
        assert publishing == ["gateway"]
        host_network = [n for n, s in services.items() if s.get("network_mode") == "host"]
        assert not host_network

    def test_gateway_publishes_the_port_it_listens_on(self) -> None:
        document = compose()
        (mapping,) = document["services"]["gateway"]["ports"]
        container_port = mapping.rsplit(":", 1)[1]
        assert container_port == environment(document, "gateway")["BLP_GATEWAY_PORT"]


class TestEnvExample:
    def test_every_interpolated_variable_is_documented(self) -> None:
        used, documented = variables_in(raw_compose()), set(env_example())
        assert used == documented, (
            f"\n  used by docker-compose.yml, not in .env.example: {sorted(used - documented)}"
            f"\n  in .env.example, unused by docker-compose.yml: {sorted(documented - used)}"
        )

    def test_every_variable_has_a_comment_above_it(self) -> None:
        lines = ENV_EXAMPLE.read_text().splitlines()
        uncommented = [
            line.split("=", 1)[0]
            for previous, line in zip(["", *lines], lines, strict=False)
            if re.match(r"[A-Za-z_]\w*=", line) and not previous.startswith("#")
        ]
        assert not uncommented, f"variables without a comment line above: {uncommented}"

    def test_required_variables_are_blank_in_the_example(self) -> None:
        required = {
            m["braced"]
            for m in _VARIABLE.finditer(COMPOSE_FILE.read_text())
            if m["op"] in (":?", "?")
        }
        assert required >= {"BLP_JWT_PRIVATE_KEY", "BLP_JWT_PUBLIC_KEY", "BLP_POSTGRES_PASSWORD"}
        filled = sorted(name for name in required if env_example().get(name))
        assert not filled, f"secrets must be blank in .env.example: {filled}"
        with pytest.raises(MissingVariableError):
            compose(env_example())

    @pytest.mark.parametrize("ignore_file", [".gitignore", ".dockerignore"])
    def test_dotenv_is_never_committed_or_sent_to_docker(self, ignore_file: str) -> None:
        patterns = (ROOT / ignore_file).read_text().splitlines()
        assert ".env" in {p.strip() for p in patterns}


# --- NATS --------------------------------------------------------------------------------


def nats_block(conf: str, name: str) -> str | None:
    """The body of the top-level ``name { ... }`` block of a NATS config, comments removed."""
    text = re.sub(r"(#|//).*", "", conf)
    match = re.search(rf"(?m)^\s*{name}\s*[:=]?\s*\{{", text)
    if not match:
        return None
    depth, start = 1, match.end()
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return None


def fsyncs_every_write(conf: str) -> bool:
    block = nats_block(conf, "jetstream")
    return block is not None and bool(
        re.search(r"(?m)^\s*sync_interval\s*[:=]?\s*[\"']?always[\"']?\s*$", block)
    )


class TestNatsConfig:
    def test_jetstream_fsyncs_every_write(self) -> None:
        assert fsyncs_every_write(NATS_CONF.read_text()), (
            "deploy/nats/nats.conf must set `sync_interval: always` in its jetstream block"
        )

    @pytest.mark.parametrize(
        "conf",
        [
            "jetstream {\n  store_dir: /data\n}\n",
            "jetstream {\n  # sync_interval: always\n}\n",
            "sync_interval: always\njetstream {\n  store_dir: /data\n}\n",
            "jetstream {\n  sync_interval: 2m\n}\n",
        ],
        ids=["absent", "commented-out", "outside-block", "interval"],
    )
    def test_check_rejects_a_config_without_it(self, conf: str) -> None:
        assert not fsyncs_every_write(conf)

    def test_store_is_on_the_mounted_volume(self) -> None:
        block = nats_block(NATS_CONF.read_text(), "jetstream") or ""
        match = re.search(r"store_dir\s*[:=]?\s*[\"']?([^\"'\s]+)", block)
        assert match, "no store_dir in the jetstream block"
        volumes = raw_compose()["services"]["nats"]["volumes"]
        assert f"nats-data:{match[1]}" in volumes

    def test_healthcheck_uses_the_monitoring_port(self) -> None:
        match = re.search(
            r"(?m)^\s*(?:http_port|monitor_port|http)\s*[:=]?\s*(\d+)", NATS_CONF.read_text()
        )
        assert match, "no monitoring port in nats.conf"
        url = healthcheck_url(raw_compose(), "nats")
        assert url == f"http://127.0.0.1:{match[1]}/healthz?js-enabled-only=true"

    def test_config_is_accepted_by_nats_server(self) -> None:
        binary = shutil.which("nats-server", path=str(Path(sys.executable).parent)) or shutil.which(
            "nats-server"
        )
        if binary is None:
            pytest.skip("nats-server is not installed")
        result = subprocess.run(
            [binary, "-c", str(NATS_CONF), "-t"], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- startup order and health ------------------------------------------------------------


class TestStartupOrder:
    @pytest.mark.parametrize("service", [*INFRASTRUCTURE, *BLP_SERVICES])
    def test_service_has_a_healthcheck_and_restarts(self, service: str) -> None:
        definition = raw_compose()["services"][service]
        healthcheck = definition.get("healthcheck", {})
        assert healthcheck.get("test") and not healthcheck.get("disable"), service
        assert definition.get("restart") == "unless-stopped", service

    @pytest.mark.parametrize(
        ("service", "needs"),
        [
            *((service, set(INFRASTRUCTURE)) for service in DOMAIN_SERVICES),
            ("gateway", set(DOMAIN_SERVICES)),
        ],
    )
    def test_service_waits_until_its_dependencies_are_healthy(
        self, service: str, needs: set[str]
    ) -> None:
        depends_on = raw_compose()["services"][service].get("depends_on", {})
        assert isinstance(depends_on, dict), f"{service}: list form only waits for 'started'"
        assert set(depends_on) == needs
        not_healthy = {
            n: d for n, d in depends_on.items() if d.get("condition") != "service_healthy"
        }
        assert not not_healthy, f"{service}: {not_healthy}"

    @pytest.mark.parametrize("service", BLP_SERVICES)
    def test_service_is_built_from_the_one_image(self, service: str) -> None:
        definition = raw_compose()["services"][service]
        assert definition["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}
        assert definition["command"] == [service]

    def test_image_installs_the_locked_versions_without_the_dev_tools(self) -> None:
        def pins(path: Path) -> dict[str, str]:
            return dict(re.findall(r"(?m)^([A-Za-z0-9_.\-]+)==(\S+)", path.read_text()))

        dev, image = pins(ROOT / "requirements.lock"), pins(ROOT / "deploy/requirements.lock")
        assert {name: version for name, version in image.items() if dev.get(name) != version} == {}
        assert not {"pytest", "ruff", "uv", "jsonschema"} & set(image)
        assert {"fastapi", "uvicorn", "sqlalchemy", "asyncpg", "nats-py", "orjson"} <= set(image)
        dockerfile = (ROOT / "deploy/Dockerfile").read_text()
        assert "COPY deploy/requirements.lock ./requirements.lock" in dockerfile

    def test_image_builds_the_wheel_from_every_package_it_lists(self) -> None:
        """The composition root (blp/, behind the `blp` command every container runs) and the
        kernel and services must all be in the build stage, or the image's `blp` fails."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())
        packages = project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
        script = project["project"]["scripts"]["blp"]
        assert script.split(".")[0] in packages  # blp.cli:main
        copied = set(
            re.findall(r"(?m)^COPY (\S+) \./\1$", (ROOT / "deploy/Dockerfile").read_text())
        )
        tops = {package.split("/")[0] for package in packages}
        assert tops <= copied, f"deploy/Dockerfile does not COPY {sorted(tops - copied)}"

    @pytest.mark.parametrize("service", BLP_SERVICES)
    def test_healthcheck_probes_the_right_endpoint(self, service: str) -> None:
        path = "/healthz" if service == "gateway" else "/readyz"
        assert healthcheck_url(raw_compose(), service).endswith(path)


@contextmanager
def http_server(status: int) -> Iterator[int]:
    """A local HTTP server answering every GET with ``status``; yields its port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


class TestHealthcheckCommands:
    """The Python one-liners run in the slim image (no curl); a typo would only show there."""

    @pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
    @pytest.mark.parametrize("service", BLP_SERVICES)
    def test_command_reports_the_endpoint_status(
        self, service: str, status: int, healthy: bool
    ) -> None:
        command = raw_compose()["services"][service]["healthcheck"]["test"]
        assert command[:3] == ["CMD", "python", "-c"], command
        with http_server(status) as port:
            code = command[3].replace(f"127.0.0.1:{DEFAULT_PORTS[service]}", f"127.0.0.1:{port}")
            result = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
            )
        assert (result.returncode == 0) is healthy, result.stderr


# --- shell scripts, run with stand-ins for blp and psql ----------------------------------


def stub(directory: Path, name: str, body: str) -> None:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def run_script(
    script: Path, bin_dir: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no POSIX shell")
    return subprocess.run(
        [sh, str(script), *args],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", **(env or {})},
        capture_output=True,
        text=True,
        timeout=30,
    )


class TestEntrypoint:
    @pytest.mark.parametrize("service", DOMAIN_SERVICES)
    def test_domain_service_migrates_then_serves(self, tmp_path: Path, service: str) -> None:
        stub(tmp_path / "bin", "blp", f'echo "$*" >> {tmp_path}/calls\n')
        result = run_script(ENTRYPOINT, tmp_path / "bin", service)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "calls").read_text().splitlines() == [
            f"migrate {service}",
            f"serve {service}",
        ]

    def test_gateway_only_serves(self, tmp_path: Path) -> None:
        stub(tmp_path / "bin", "blp", f'echo "$*" >> {tmp_path}/calls\n')
        result = run_script(ENTRYPOINT, tmp_path / "bin", "gateway")
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "calls").read_text().splitlines() == ["serve gateway"]

    def test_failed_migration_does_not_serve(self, tmp_path: Path) -> None:
        stub(
            tmp_path / "bin",
            "blp",
            f'echo "$*" >> {tmp_path}/calls\n[ "$1" = migrate ] && exit 3\nexit 0\n',
        )
        result = run_script(ENTRYPOINT, tmp_path / "bin", "registry")
        assert result.returncode == 3
        assert (tmp_path / "calls").read_text().splitlines() == ["migrate registry"]

    def test_no_service_is_a_usage_error(self, tmp_path: Path) -> None:
        result = run_script(ENTRYPOINT, tmp_path)
        assert result.returncode != 0
        assert "usage" in result.stderr


class TestPostgresInit:
    PASSWORDS: Mapping[str, str] = {
        f"BLP_{service.upper()}_DB_PASSWORD": f"pw-{service}'\"" for service in DOMAIN_SERVICES
    }

    def _stub_psql(self, tmp_path: Path) -> Path:
        stub(
            tmp_path / "bin",
            "psql",
            f'printf "%s\\n" "$*" >> {tmp_path}/calls\ncat >> {tmp_path}/sql\n',
        )
        return tmp_path / "bin"

    def test_creates_a_role_and_database_per_domain_service(self, tmp_path: Path) -> None:
        result = run_script(POSTGRES_INIT, self._stub_psql(tmp_path), env=self.PASSWORDS)
        assert result.returncode == 0, result.stderr
        calls = (tmp_path / "calls").read_text().splitlines()
        assert len(calls) == len(DOMAIN_SERVICES)
        for call, service in zip(calls, DOMAIN_SERVICES, strict=True):
            assert f"--set=service={service} " in call
            assert f"--set=password={self.PASSWORDS[f'BLP_{service.upper()}_DB_PASSWORD']}" in call
        sql = (tmp_path / "sql").read_text()
        assert "CREATE ROLE :\"service\" LOGIN PASSWORD :'password'" in sql
        assert 'CREATE DATABASE :"service" OWNER :"service"' in sql

    def test_missing_password_fails_the_initialisation(self, tmp_path: Path) -> None:
        env = {k: v for k, v in self.PASSWORDS.items() if k != "BLP_TRAINING_DB_PASSWORD"}
        result = run_script(POSTGRES_INIT, self._stub_psql(tmp_path), env=env)
        assert result.returncode != 0
        assert "BLP_TRAINING_DB_PASSWORD" in result.stderr
        assert "finance" not in (tmp_path / "calls").read_text()

    def test_compose_passes_each_service_password_to_postgres(self) -> None:
        document = compose()
        postgres = environment(document, "postgres")
        for service in DOMAIN_SERVICES:
            password = postgres.get(f"BLP_{service.upper()}_DB_PASSWORD")
            url = environment(document, service)[f"BLP_{service.upper()}_DATABASE_URL"]
            assert password and f"{service}:{password}@" in url, service

    def test_script_is_mounted_into_the_init_directory(self) -> None:
        volumes = raw_compose()["services"]["postgres"]["volumes"]
        assert any(
            v.startswith("./deploy/postgres/init.sh:/docker-entrypoint-initdb.d/") for v in volumes
        )


class TestPostgresSettings:
    def test_a_vanished_client_host_is_noticed_within_minutes(self) -> None:
        """Linux's keepalive defaults notice after two hours; a claimed key answered 409
        all that time."""
        settings = postgres_settings()
        assert {name: settings.get(name) for name in VANISHED_HOST_SETTINGS} == (
            VANISHED_HOST_SETTINGS
        )
        assert int(settings["max_connections"]) == 300
