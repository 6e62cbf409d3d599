"""The documentation stays true to the code: settings, ports, links, commands, event catalogue.

README.md may list a setting every domain service has once, as ``BLP_<SERVICE>_<FIELD>``;
that form stands for ``BLP_REGISTRY_<FIELD>``, ``BLP_ASSESSMENT_<FIELD>`` and so on.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from blp.cli import main as blp
from blp.services import DOMAIN_SERVICES, default_ports
from shared.config import DEFAULT_NATS_PORT
from shared.events import CATALOGUE
from shared.testing.databases import POSTGRES_ENV

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
EVENTS_DOC = ROOT / "docs" / "events.md"
PLACEHOLDER = "BLP_<SERVICE>_"
# read with os.environ outside the Settings classes (shared/config.py, blp/stack.py, tests)
EXTRA_VARIABLES = ("BLP_DATA_DIR", "BLP_NATS_PORT", "BLP_LOG_FORMAT", POSTGRES_ENV)

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
BLP_COMMAND = re.compile(r"(?<![\w.-])(?=blp ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?)")
TABLE_VARIABLE = re.compile(r"^\|\s*`(BLP_[A-Z_<>]+)`\s*\|", re.MULTILINE)
TABLE_EVENT = re.compile(r"^\|\s*`(blp\.[a-z0-9_.]+)`\s*\|", re.MULTILINE)


def settings_variables() -> dict[str, set[str]]:
    """Environment variable names of each service's ``Settings`` fields."""
    variables = {}
    for service in ("gateway", *DOMAIN_SERVICES):
        settings = importlib.import_module(f"{service}.config").Settings
        variables[service] = {
            settings.env_prefix() + name.upper() for name in settings.model_fields
        }
    return variables


def placeholder_fields() -> set[str]:
    """The fields every domain service has, which ``BLP_<SERVICE>_<FIELD>`` may stand for."""
    per_service = [
        {name.removeprefix(f"BLP_{service.upper()}_") for name in names}
        for service, names in settings_variables().items()
        if service in DOMAIN_SERVICES
    ]
    return set.intersection(*per_service)


def mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![A-Z0-9_]){re.escape(name)}(?![A-Z0-9_])", text) is not None


def documented(text: str, variable: str) -> bool:
    if mentions(text, variable):
        return True
    for service in DOMAIN_SERVICES:
        prefix = f"BLP_{service.upper()}_"
        if variable.startswith(prefix):
            return mentions(text, PLACEHOLDER + variable.removeprefix(prefix))
    return False


def prose(text: str) -> str:
    """Markdown without fenced code blocks and code spans (where links are not links)."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", CODE_SPAN.sub(lambda m: m[0][1:-1], heading).lower())
    return text.replace(" ", "-")


def broken_links(document: Path) -> list[str]:
    problems = []
    for target in LINK.findall(prose(document.read_text())):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            problems.append(f"{document.name}: {target} (no such file)")
        elif anchor and linked.suffix == ".md":
            anchors = {slug(h) for h in HEADING.findall(FENCE.sub("", linked.read_text()))}
            if anchor not in anchors:
                problems.append(f"{document.name}: {target} (no such heading)")
    return problems


def cli_exit_code(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and output of ``blp <argv> --help`` (the handler never runs)."""
    try:
        blp([*argv, "--help"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    else:
        code = 0
    return code, capsys.readouterr().out


def unknown_commands(text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    problems = []
    for match in BLP_COMMAND.finditer(text):
        command, argument = match[1], match[2]
        if command == "blp":  # `docker run ... blp blp keys ...`: the image, then the command
            continue
        code, usage = cli_exit_code([command], capsys)
        takes_choice = "{" in usage.split("\n\n")[0]  # a subcommand or a fixed set of values
        if code != 0:
            problems.append(f"blp {command}")
        elif argument and takes_choice and cli_exit_code([command, argument], capsys)[0] != 0:
            problems.append(f"blp {command} {argument}")
    return problems


class TestReadme:
    def test_starts_with_make_run_and_make_test(self) -> None:
        text = README.read_text()
        assert "make run" in text and "make test" in text

    @pytest.mark.parametrize("service", ["gateway", *DOMAIN_SERVICES])
    def test_every_setting_is_documented(self, service: str) -> None:
        text = README.read_text()
        missing = sorted(v for v in settings_variables()[service] if not documented(text, v))
        assert missing == [], f"README.md does not document {missing}"

    def test_every_documented_setting_exists(self) -> None:
        known = set().union(*settings_variables().values())
        known |= {PLACEHOLDER + field for field in placeholder_fields()}
        source = "\n".join(
            p.read_text() for package in ("shared", "blp") for p in (ROOT / package).rglob("*.py")
        )
        known |= {name for name in EXTRA_VARIABLES if f'"{name}"' in source}
        listed = TABLE_VARIABLE.findall(README.read_text())
        assert listed, "README.md has no configuration table"
        assert sorted(set(listed) - known) == []

    def test_ports_table_matches_the_defaults(self) -> None:
        text = README.read_text()
        for service, port in default_ports().items():
            assert re.search(rf"^\| {service} \| {port} \|", text, re.MULTILINE), service
        assert re.search(rf"^\| NATS \(client\) \| {DEFAULT_NATS_PORT}\b", text, re.MULTILINE)


class TestDocs:
    @pytest.mark.parametrize("document", [README, *DOCS], ids=lambda p: p.name)
    def test_relative_links_point_to_existing_files(self, document: Path) -> None:
        assert broken_links(document) == []

    @pytest.mark.parametrize("document", [README, *DOCS], ids=lambda p: p.name)
    def test_every_blp_command_exists(
        self, document: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert unknown_commands(document.read_text(), capsys) == []

    def test_event_catalogue_lists_exactly_the_declared_events(self) -> None:
        declared = {t for t, model in CATALOGUE.items() if model.producer() in DOMAIN_SERVICES}
        listed = set(TABLE_EVENT.findall(EVENTS_DOC.read_text()))
        assert sorted(declared - listed) == [], "add these to the catalogue in docs/events.md"
        assert sorted(listed - declared) == [], "docs/events.md lists undeclared events"


class TestTheChecksCatchMistakes:
    """The checkers above must be able to fail, or the tests prove nothing."""

    def test_broken_link_and_missing_heading(self, tmp_path: Path) -> None:
        (tmp_path / "other.md").write_text("# Other\n\n## Real heading\n")
        page = tmp_path / "page.md"
        page.write_text(
            "[ok](other.md#real-heading) [gone](missing.md) [bad](other.md#nowhere)\n"
            "`[not a link](nowhere.md)` [web](https://example.org)\n"
            "```\n[in code](nowhere.md)\n```\n"
        )
        assert broken_links(page) == [
            "page.md: missing.md (no such file)",
            "page.md: other.md#nowhere (no such heading)",
        ]

    def test_unknown_command_and_subcommand(self, capsys: pytest.CaptureFixture[str]) -> None:
        text = "blp clients create, blp serve gateway, blp frobnicate, blp keys rotate, blp run it"
        assert unknown_commands(text, capsys) == ["blp frobnicate", "blp keys rotate"]

    def test_undocumented_setting(self) -> None:
        assert documented("`BLP_<SERVICE>_PORT`", "BLP_FINANCE_PORT")
        assert documented("`BLP_GATEWAY_PORT`", "BLP_GATEWAY_PORT")
        assert not documented("`BLP_GATEWAY_PORT_X`", "BLP_GATEWAY_PORT")
        assert not documented("`BLP_<SERVICE>_PORT`", "BLP_GATEWAY_PORT")
