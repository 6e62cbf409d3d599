"""Who may import whom: the kernel (``shared/``) knows no service and not the composition root
(``blp/``); a service knows no other service and not the composition root.

Read from the source with ``ast`` (not grep): an import inside a function counts, an
``importlib.import_module("gateway.x")`` with a literal name counts, a mention in a docstring
or comment does not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from blp.services import DOMAIN_SERVICES, GATEWAY, SERVICES, default_port

ROOT = Path(__file__).resolve().parents[1]
COMPOSITION_ROOT = "blp"
KERNEL = "shared"


def imported_modules(source: str, filename: str = "<source>") -> Iterator[tuple[int, str]]:
    """(line, module) for every absolute import in ``source``, at any depth."""
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                yield node.lineno, name.value


def _is_dynamic_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in {"import_module", "__import__"}


def forbidden_imports(source: str, forbidden: set[str], filename: str = "<source>") -> list[str]:
    return [
        f"{filename}:{line} imports {module}"
        for line, module in imported_modules(source, filename)
        if module.split(".")[0] in forbidden
    ]


def violations(files: list[Path], forbidden: set[str]) -> list[str]:
    found = []
    for path in files:
        relative = str(path.relative_to(ROOT))
        found += forbidden_imports(path.read_text(), forbidden, relative)
    return found


def python_files(directory: Path) -> list[Path]:
    files = sorted(directory.rglob("*.py"))
    assert files, f"no Python files under {directory}"
    return files


class TestKernelImportsNoService:
    def test_shared_imports_no_service_and_not_the_composition_root(self) -> None:
        forbidden = {*SERVICES, COMPOSITION_ROOT}
        assert violations(python_files(ROOT / KERNEL), forbidden) == []

    @pytest.mark.parametrize(
        "source",
        [
            "from gateway.clients import ClientStore",
            "import registry.demo as demo",
            "def later():\n    from finance import config\n",
            "import importlib\nimportlib.import_module('training.config')",
            "__import__('assessment')",
            "from blp.services import SERVICES",
            "import os, blp",
        ],
    )
    def test_the_check_finds_an_import_of_a_service_in_any_form(self, source: str) -> None:
        assert forbidden_imports(source, {*SERVICES, COMPOSITION_ROOT}) != []

    @pytest.mark.parametrize(
        "source",
        [
            '"""Uses the gateway.clients store."""',
            "# from registry import demo",
            "from shared.config import data_dir",
            "from . import registry",  # a module of the kernel's own package, not the service
            "import importlib\nimportlib.import_module(f'{service}.config')",
            "import gatewayish",
        ],
    )
    def test_the_check_leaves_other_code_alone(self, source: str) -> None:
        assert forbidden_imports(source, {*SERVICES, COMPOSITION_ROOT}) == []


class TestServicesStayApart:
    @pytest.mark.parametrize("service", SERVICES)
    def test_a_service_imports_no_other_service_nor_the_composition_root(
        self, service: str
    ) -> None:
        forbidden = ({*SERVICES} - {service}) | {COMPOSITION_ROOT}
        package = ROOT / "services" / service / service
        assert violations(python_files(package), forbidden) == []


class TestCompositionRoot:
    def test_it_lists_every_service_directory(self) -> None:
        on_disk = {path.name for path in (ROOT / "services").iterdir() if path.is_dir()}
        assert set(SERVICES) == on_disk

    def test_gateway_routes_to_each_domain_service_at_its_default_port(self) -> None:
        from gateway.config import Settings

        defaults = Settings.model_fields
        for service in DOMAIN_SERVICES:
            assert defaults[f"{service}_url"].default == (
                f"http://127.0.0.1:{default_port(service)}"
            ), service

    def test_assessment_asks_the_registry_at_its_default_port(self) -> None:
        from assessment.config import Settings

        assert Settings.model_fields["registry_url"].default == (
            f"http://127.0.0.1:{default_port('registry')}"
        )

    def test_every_service_has_a_port_of_its_own(self) -> None:
        ports = [default_port(service) for service in SERVICES]
        assert len(set(ports)) == len(ports) and all(ports)
        assert default_port(GATEWAY) == 8080
