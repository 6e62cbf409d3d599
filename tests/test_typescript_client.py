"""The committed TypeScript client (clients/typescript) is what ``make client`` makes from the
current API, it compiles with ``tsc --strict``, and the API document is good enough for it.

The test installs what it needs itself (``npm ci`` from the committed lockfile, into the
client's git-ignored ``node_modules``, only when the lockfile changed), as CI starts from a
clean clone with Node and npm on the machine.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "clients" / "typescript"
STAMP = CLIENT / "node_modules" / ".installed-stamp"  # what `make client` touches, too
REGENERATE = "run `make client` and commit clients/typescript"

# operations whose JSON answer is deliberately free-form, and why; anything else answering
# untyped JSON makes the client's `data` `unknown` and fails test_the_document_types_every_answer
UNTYPED_ANSWERS = {
    "readyz": "readiness checks: a free-form map of check -> state",
    "registry_readyz": "readiness checks",
    "assessment_readyz": "readiness checks",
    "training_readyz": "readiness checks",
    "finance_readyz": "readiness checks",
    "registry_messaging": "operators' outbox and consumer counters, free-form",
    "assessment_messaging": "operators' outbox and consumer counters, free-form",
    "training_messaging": "operators' outbox and consumer counters, free-form",
    "finance_messaging": "operators' outbox and consumer counters, free-form",
    "token": "OAuth2 token answer (RFC 6749 §5.1): not yet a declared model in auth_routes",
}


def run(*command: str, cwd: Path = CLIENT, timeout: float = 300) -> str:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The client's dev dependencies, as pinned by its committed lockfile."""
    npm = shutil.which("npm")
    assert npm, "npm is needed to check the TypeScript client (Node 20 and npm)"
    lock = CLIENT / "package-lock.json"
    if not STAMP.exists() or STAMP.stat().st_mtime < lock.stat().st_mtime:
        run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
        STAMP.touch()
    return CLIENT / "node_modules"


@pytest.fixture(scope="module")
def regenerated(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make client` would write now, made in a scratch copy of the client folder."""
    scratch = tmp_path_factory.mktemp("client")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(CLIENT / name, scratch / name)
    (scratch / "src").mkdir()
    (scratch / "node_modules").symlink_to(node_modules)
    run(sys.executable, str(CLIENT / "dump_openapi.py"), str(scratch / "openapi.json"), cwd=ROOT)
    run("npm", "run", "-s", "generate", cwd=scratch)
    return scratch


def _diff(committed: Path, fresh: Path) -> str:
    lines = difflib.unified_diff(
        committed.read_text(encoding="utf-8").splitlines(),
        fresh.read_text(encoding="utf-8").splitlines(),
        fromfile=f"committed {committed.relative_to(ROOT)}",
        tofile="regenerated",
        lineterm="",
        n=1,
    )
    return "\n".join(list(lines)[:60])


def test_the_committed_client_is_up_to_date(regenerated: Path) -> None:
    for name in ("openapi.json", "src/schema.d.ts"):
        committed, fresh = CLIENT / name, regenerated / name
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"{name} is not what the API makes now; {REGENERATE}\n{_diff(committed, fresh)}"
        )


def test_a_program_using_the_client_compiles_strictly(node_modules: Path) -> None:
    """examples/usage.ts lists companies, reads a cohort, handles a problem by its typed
    fields, reads a journey; its ``@ts-expect-error`` lines fail the compile if the types
    ever decay to ``any`` (an unused directive is an error)."""
    tsc = node_modules / ".bin" / "tsc"
    run(str(tsc), "--strict", "--noEmit", "-p", "tsconfig.json")


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
    ]


def _untyped(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """A schema the generator can only make ``unknown`` or an empty record of."""
    if "$ref" in schema:
        return _untyped(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas)
    if any(key in schema for key in ("anyOf", "oneOf", "allOf", "items", "enum", "const")):
        return False
    if schema.get("type") == "object":
        return not schema.get("properties") and schema.get("additionalProperties") in (
            None,
            True,
            {},
        )
    return "type" not in schema


def test_the_document_types_every_answer() -> None:
    """Every operation has an id, each JSON answer a schema the client can type, and every
    error the shared ``Problem``: what the generated types of the committed client rest on."""
    document = json.loads((CLIENT / "openapi.json").read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    unnamed, untyped, bare_errors = [], [], []
    for path, method, operation in _operations(document):
        where = f"{method.upper()} {path}"
        if "operationId" not in operation:
            unnamed.append(where)
            continue
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            if status.startswith("2") and operation["operationId"] not in UNTYPED_ANSWERS:
                json_schema = content.get("application/json", {}).get("schema")
                if json_schema is not None and _untyped(json_schema, schemas):
                    untyped.append(f"{operation['operationId']} ({where} {status})")
            if status[0] in "45":
                problem = content.get("application/problem+json", {}).get("schema")
                if problem != {"$ref": "#/components/schemas/Problem"}:
                    bare_errors.append(f"{operation['operationId']} {status}")
    dangling = sorted(
        ref
        for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
        if ref not in schemas
    )  # e.g. a journey part naming a service schema that was renamed (gateway/journey.py)
    assert dangling == [], f"references to schemas the document does not have: {dangling}"
    assert unnamed == [], f"operations without an operationId: {unnamed}"
    assert untyped == [], f"JSON answers the client can only type as unknown: {untyped}"
    assert bare_errors == [], f"errors not documented as the shared Problem: {bare_errors}"
    journey = document["paths"]["/v1/companies/{company_id}/journey"]["get"]
    answer = journey["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/CompanyJourney"}


def test_the_generated_types_read_well() -> None:
    """The types a frontend reads first: a typed page of companies, Problem on errors."""
    schema = (CLIENT / "src" / "schema.d.ts").read_text(encoding="utf-8")
    start = schema.index("    registry_list_companies: {")
    operation = schema[start : schema.index("\n    };\n", start)]
    assert '"application/json": components["schemas"]["registry.CompanyPage"];' in operation
    assert '"application/problem+json": components["schemas"]["Problem"];' in operation
    assert "Record<string, never>" not in schema.split("export type webhooks")[0]
