"""Languages: every catalogue entry is translated, and problems follow Accept-Language.

The catalogues are data, so a missing translation or a rule raised without an entry is a
test failure here rather than an English sentence in a Kazakh answer.
"""

from __future__ import annotations

import ast
import functools
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from assessment.messages import MESSAGES as ASSESSMENT_MESSAGES
from assessment.messages import RULES as ASSESSMENT_RULES
from fastapi import APIRouter, Query
from finance.messages import MESSAGES as FINANCE_MESSAGES
from finance.messages import RULES as FINANCE_RULES
from gateway import framework_xlsx
from gateway.messages import MESSAGES as GATEWAY_MESSAGES
from pydantic import Field
from registry.config import Settings
from registry.messages import MESSAGES as REGISTRY_MESSAGES
from registry.messages import RULES as REGISTRY_RULES
from training.messages import MESSAGES as TRAINING_MESSAGES
from training.messages import RULES as TRAINING_RULES

from shared import i18n
from shared.concurrency import IfMatch, check_if_match
from shared.errors import SLUGS, Conflict, NotFound
from shared.i18n import Translations, negotiate, placeholders
from shared.inputs import Input
from shared.service import ServiceSpec, create_app

ROOT = Path(__file__).resolve().parents[1]
SERVICE_RULES: dict[str, Mapping[str, Translations]] = {
    "registry": REGISTRY_RULES,
    "assessment": ASSESSMENT_RULES,
    "training": TRAINING_RULES,
    "finance": FINANCE_RULES,
}
MESSAGE_CATALOGUES: dict[str, Mapping[str, Translations]] = {
    "shared": i18n.KIT,
    "services/gateway/gateway": GATEWAY_MESSAGES,
    "services/registry/registry": REGISTRY_MESSAGES,
    "services/assessment/assessment": ASSESSMENT_MESSAGES,
    "services/training/training": TRAINING_MESSAGES,
    "services/finance/finance": FINANCE_MESSAGES,
}
"""Each converted package's catalogue of sentences (``MESSAGES`` in its ``messages.py``; the
kit's is ``i18n.KIT``). Every service is here and in
``CONVERTED`` below."""
KAZAKH_LETTERS = set("әғқңөұүһі")
RAISED_RULE = re.compile(r'\brule="([a-z0-9_]+)"')
# what a 404 names: i18n.no_such("x"), one_or_404/ensure_owns(..., what="x") and
# authorize_company(..., resource="x") (an import's what="A company import" is a sentence)
NAMED_404 = re.compile(r'(?:no_such\(|\bwhat=|authorize_company\([^)]*resource=)"([a-z ]+)"')


def raised_rules(folder: Path) -> set[str]:
    """Every rule name the code under ``folder`` raises (``Conflict``, ``flush_or_conflict``)."""
    return {
        rule
        for path in folder.rglob("*.py")
        for rule in RAISED_RULE.findall(path.read_text(encoding="utf-8"))
    }


class TestCataloguesAreComplete:
    def test_every_title_kit_message_and_validation_message_has_all_three_languages(
        self,
    ) -> None:
        assert set(SLUGS) <= set(i18n.TITLES), "a status without a translated title"
        tables: list[Mapping[str, Translations]] = [
            {str(status): title for status, title in i18n.TITLES.items()},
            i18n.KIT,
            i18n.VALIDATION,
            *MESSAGE_CATALOGUES.values(),
            framework_xlsx.LABELS,
            dict(framework_xlsx.HEADERS),
            {"sheet": framework_xlsx.SHEET},
        ]
        for table in tables:
            for key, words in table.items():
                assert set(words) == set(i18n.LANGUAGES), (key, words)
                assert all(w.strip() for w in words.values()), key
                english = placeholders(words["en"])
                assert all(placeholders(w) == english for w in words.values()), key

    @pytest.mark.parametrize("service", sorted(SERVICE_RULES))
    def test_every_rule_a_service_raises_has_its_russian_and_kazakh(self, service: str) -> None:
        rules = SERVICE_RULES[service]
        raised = raised_rules(ROOT / "services" / service / service)
        assert raised, "the scan found no rule at all: the pattern is wrong"
        missing = raised - set(rules) - set(i18n.RULES)
        assert not missing, f"{service} raises rules without translations: {sorted(missing)}"
        unused = set(rules) - raised
        assert not unused, f"{service}'s catalogue has rules it never raises: {sorted(unused)}"
        for rule, words in [*rules.items(), *i18n.RULES.items()]:
            assert set(words) == {"ru", "kk"}, (rule, "English is the detail the code raises")
            assert placeholders(words["ru"]) == placeholders(words["kk"]), rule

    def test_every_name_a_404_gives_has_its_russian_and_kazakh(self) -> None:
        """Was "Запись не найдена (company).": the resource's name stayed English."""
        named = {
            name
            for folder in (ROOT / "shared", ROOT / "services")
            for path in folder.rglob("*.py")
            if "tests" not in path.parts
            for name in NAMED_404.findall(path.read_text(encoding="utf-8"))
        }
        assert {"company", "training need", "import job", "company statement"} <= named
        missing = named - set(i18n.RESOURCES)
        assert not missing, f"404s naming resources without translations: {sorted(missing)}"
        for name, words in i18n.RESOURCES.items():
            assert set(words) == {"ru", "kk"} and all(w.strip() for w in words.values()), name

    def test_the_kits_own_rules_are_translated(self) -> None:
        assert raised_rules(ROOT / "shared") == set(i18n.RULES)

    @pytest.mark.parametrize("package", sorted(MESSAGE_CATALOGUES))
    def test_every_message_a_package_names_is_in_its_catalogue(self, package: str) -> None:
        """``message(MESSAGES["key"])`` with a key the catalogue lacks would be a KeyError
        (a 500) only when that line runs; the scan finds it now. Russian and Kazakh differ
        (a Kazakh copied from the Russian would pass the completeness test)."""
        catalogue = MESSAGE_CATALOGUES[package]
        name = "KIT" if package == "shared" else "MESSAGES"
        used = catalogue_keys(package, name)
        assert used, "the scan found no message at all: the pattern is wrong"
        assert used <= set(catalogue), sorted(used - set(catalogue))
        for key, words in catalogue.items():
            if KAZAKH_LETTERS & set(words["ru"]) or words["ru"] == words["en"]:
                continue  # a template of placeholders only (field_error)
            assert words["kk"] != words["ru"], key

    def test_kazakh_is_kazakh_not_russian(self) -> None:
        """Kazakh texts use the letters Russian lacks; a copied Russian text would not."""
        for catalogue in MESSAGE_CATALOGUES.values():
            kazakh = " ".join(words["kk"] for words in catalogue.values())
            assert len(KAZAKH_LETTERS & set(kazakh)) >= 5
        for rules in SERVICE_RULES.values():
            kazakh = " ".join(words["kk"] for words in rules.values())
            assert KAZAKH_LETTERS & set(kazakh)
        titles = " ".join(t["kk"] for t in i18n.TITLES.values())
        assert len(KAZAKH_LETTERS & set(titles)) >= 5


# --- no bare English sentence in a converted package ------------------------------------------

CONVERTED = (
    "shared",
    "services/gateway/gateway",
    "services/registry/registry",
    "services/assessment/assessment",
    "services/training/training",
    "services/finance/finance",
)
"""The packages whose every user-facing sentence comes from a catalogue (each with its
catalogue in ``MESSAGE_CATALOGUES``): every one the product has."""

INTERNAL_VALUE_ERRORS: dict[tuple[str, str], str] = {
    # (file, function): why its ValueError never reaches a caller as words
    ("shared/regions.py", "Named.name"): "the code asks for a label in a language it names",
    ("shared/regions.py", "index"): "a reference list declared twice: a bug at import",
    ("shared/i18n.py", "_as_text"): "a stored report's text read back: the service's own data",
    ("shared/auth.py", "TokenVerifier.__init__"): "settings at start-up, for the operator",
    ("shared/money.py", "Money.of"): "amounts the code builds (examples, stored minor units)",
    ("shared/money.py", "Money._same_currency"): "arithmetic across currencies: a bug",
    ("shared/money.py", "split_minor"): "weights are the code's own co-financing rules",
    ("shared/db.py", "UtcDateTime.process_bind_param"): "a naive datetime stored: a bug",
    ("shared/openapi.py", "_name_operations"): "two routes with one name: a bug at start-up",
    ("shared/keys.py", "load_public_keys"): "key settings at start-up, for the operator",
    ("shared/keys.py", "load_private_key"): "key settings at start-up, for the operator",
    ("shared/logs.py", "formatter"): "BLP_LOG_FORMAT at start-up, for the operator",
    ("shared/events/base.py", "Event.__init_subclass__"): "an event declared wrong: a bug",
    ("services/gateway/gateway/main.py", "create_app"): "key settings, for the operator",
    ("services/gateway/gateway/tokens.py", "TokenIssuer.__init__"): "settings, for the operator",
    ("services/gateway/gateway/clients.py", "ClientStore.create"): "the operator's CLI (blp)",
    ("services/gateway/gateway/clients.py", "ClientStore.bind"): "the operator's CLI (blp)",
    ("services/gateway/gateway/peers.py", "parse_networks"): "trusted-proxy settings",
    ("services/gateway/gateway/upstream.py", "Upstream.from_url"): "upstream URL settings",
    ("services/registry/registry/reference.py", "is_in_scope"): "codes already validated",
    ("services/registry/registry/reference.py", "normalize_oked"): "caught by reference.oked",
    ("services/registry/registry/bin.py", "check_digit"): "a wrong prefix from code: a bug",
    ("services/registry/registry/demo.py", "iter_companies"): "the demo generator's arguments",
    ("services/assessment/assessment/methodology/scoring.py", "criterion_points"): "stored scores",
    ("services/finance/finance/config.py", "Settings._sane"): "settings, for the operator",
}
"""The ``ValueError``s a converted package may raise with English words: internal ones only.
A user-facing one is ``shared.errors.InvalidValue(message(MESSAGES[...]))``."""

WORDS_AT = {"InvalidInput": 1, "problem_response": 1, "problem_body": 1}
"""Where a call takes its words, by position, when not first (``InvalidInput(field, ...)``)."""
WORDS_KEYWORD = {"InvalidInput": "message"}


def _python_files(folder: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


@functools.cache
def _problem_classes() -> frozenset[str]:
    """``Problem`` and every class derived from it anywhere in shared/ and services/ (a
    service's own, such as the registry's ``BadFile``), by name; ``Conflict`` is left out:
    its English is the rule's detail, translated by the service's ``RULES``."""
    bases: dict[str, set[str]] = {}
    for folder in ("shared", "services"):
        for path in _python_files(folder):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases[node.name] = {_name(b) for b in node.bases}
    found = {"Problem"}
    while more := {n for n, b in bases.items() if b & found} - found:
        found |= more
    return frozenset(found - {"Conflict"})


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _bare_words(node: ast.expr | None) -> bool:
    """A sentence written in place: a string literal, an f-string, one glued or formatted."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _bare_words(node.left) or _bare_words(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _bare_words(node.func.value)
    return False


class _Scan(ast.NodeVisitor):
    """One file's bare sentences, each with the function (``Class.method``) it is in."""

    def __init__(self, relative: str, problems: frozenset[str]) -> None:
        self.relative = relative
        self.checked = problems | {"InvalidValue", *WORDS_AT}
        self.scope: list[str] = []
        self.found: list[tuple[str, str, int, str]] = []

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    ) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]
    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        callee = _name(node.func)
        position = WORDS_AT.get(callee, 0)
        words = node.args[position] if len(node.args) > position else None
        keywords = {k.arg: k.value for k in node.keywords}
        words = words or keywords.get(WORDS_KEYWORD.get(callee, "detail"))
        if callee == "ValueError" or (callee in self.checked and _bare_words(words)):
            self.found.append((self.relative, ".".join(self.scope), node.lineno, callee))
        self.generic_visit(node)


def bare_sentences(folder: str, problems: frozenset[str]) -> list[tuple[str, str, int, str]]:
    """(file, function, line, callee) for each ``ValueError`` raised in ``folder``, and each
    problem, ``InvalidInput``, ``InvalidValue`` or ``problem_response`` given bare words."""
    found = []
    for path in _python_files(folder):
        scan = _Scan(path.relative_to(ROOT).as_posix(), problems)
        scan.visit(ast.parse(path.read_text("utf-8")))
        found += scan.found
    return found


def catalogue_keys(folder: str, name: str) -> set[str]:
    """The keys the code under ``folder`` looks up in a catalogue (``MESSAGES["key"]``)."""
    return {
        node.slice.value
        for path in _python_files(folder)
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Subscript)
        and _name(node.value) == name
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    }


class TestNoBareEnglish:
    @pytest.mark.parametrize("folder", CONVERTED)
    def test_a_converted_package_says_nothing_outside_its_catalogue(self, folder: str) -> None:
        """Was ``raise InvalidInput("q", "the query has no searchable letters or digits")``:
        English in a Russian answer. A sentence for a person is a catalogue entry (a ``Text``);
        a ``ValueError`` is an ``InvalidValue`` unless the allow-list says why it is internal."""
        found = bare_sentences(folder, _problem_classes())
        offending = [
            f"{path}:{line} {function} {callee}"
            for path, function, line, callee in found
            if not (callee == "ValueError" and (path, function) in INTERNAL_VALUE_ERRORS)
        ]
        assert not offending, "sentences outside a catalogue:\n" + "\n".join(offending)

    def test_the_allow_list_has_no_stale_entries(self) -> None:
        problems = _problem_classes()
        raised = {
            (path, function)
            for folder in CONVERTED
            for path, function, _, callee in bare_sentences(folder, problems)
            if callee == "ValueError"
        }
        assert set(INTERNAL_VALUE_ERRORS) <= raised, set(INTERNAL_VALUE_ERRORS) - raised

    def test_the_scan_finds_what_it_looks_for(self) -> None:
        """The scan itself, on a source written here with a bare sentence in each place it
        looks (the services it once proved itself on are converted now), and none where the
        words come from a catalogue."""
        scan = _Scan("synthetic.py", _problem_classes())
        scan.visit(ast.parse(SYNTHETIC))
        found = [(function, line, callee) for _, function, line, callee in scan.found]
        assert found == [
            ("Schema.check", 5, "ValueError"),
            ("Schema.check", 7, "InvalidValue"),  # an f-string
            ("create", 12, "InvalidInput"),
            ("create", 13, "InvalidInput"),  # its words by keyword
            ("create", 15, "Forbidden"),  # glued
            ("create", 17, "BadFile"),  # a service's own problem class (the registry's)
            ("render", 22, "problem_response"),  # formatted
            ("render", 23, "NotFound"),  # detail= by keyword
        ]


SYNTHETIC = """
class Schema:
    def check(self, value):
        if not value:
            raise ValueError("a value is needed")
        if value < 0:
            raise InvalidValue(f"{value} is negative")
        raise InvalidValue(message(MESSAGES["fine"]))


async def create(session, data):
    raise InvalidInput("need_id", "no such need")
    raise InvalidInput("need_id", message=f"no such {data.need_id}")
    raise InvalidInput("need_id", message(MESSAGES["no_such_need"]))
    raise Forbidden("Programme staff only. " + data.role)
    raise Forbidden(message(MESSAGES["staff_only"]))
    raise BadFile("The file is not UTF-8 text.")
    raise Conflict("The course is retired.", rule="course_retired")


def render(status):
    problem_response(status, "Something failed: {}".format(status))
    raise NotFound(detail="No such thing.")
    raise NotFound(i18n.no_such("company"))
"""


class TestNegotiation:
    @pytest.mark.parametrize(
        ("header", "chosen"),
        [
            (None, "en"),
            ("", "en"),
            ("kk", "kk"),
            ("ru-KZ,ru;q=0.9,en;q=0.8", "ru"),
            ("de, kk;q=0.5", "kk"),
            ("de, fr", "en"),
            ("*", "en"),
            ("ru;q=0.5, kk;q=0.5", "ru"),
            ("ru;q=0.5, en;q=0.5", "en"),
            ("kk;q=abc, ru;q=0.1", "ru"),
            ("ru;q=0", "en"),
            ("KK-kz", "kk"),
            (b"kk", "kk"),
        ],
    )
    def test_the_highest_weight_among_ru_kk_en_wins(
        self, header: str | bytes | None, chosen: str
    ) -> None:
        assert negotiate(header) == chosen


router = APIRouter()


class Body(Input):
    name: str = Field(max_length=5)
    count: int
    kind: Annotated[str, Field(pattern="^[a-z]+$")]


@router.post("/things")
async def create(body: Body) -> dict[str, str]:
    return {}


@router.get("/things/{thing_id}")
async def read(thing_id: uuid.UUID, full: Annotated[bool, Query()] = False) -> dict[str, str]:
    raise NotFound(i18n.no_such("course session"))


@router.put("/things/{thing_id}")
async def replace(thing_id: uuid.UUID, if_match: IfMatch = None) -> dict[str, str]:
    check_if_match(if_match, 3)
    return {}


@router.post("/sessions/{seats}/enrolments")
async def enrol(seats: int) -> dict[str, str]:
    raise Conflict(
        f"All {seats} seats of the session are taken.", rule="session_full", seat_limit=seats
    )


@router.post("/courses")
async def untranslated() -> dict[str, str]:
    raise Conflict("The course is retired.", rule="not_in_any_catalogue")


@router.get("/free")
async def free_form() -> dict[str, str]:
    raise NotFound("No such thing here.")


@pytest.fixture
async def client() -> Any:
    from shared.keys import generate_keypair

    settings = Settings(
        database_url="sqlite+aiosqlite:///:memory:",
        nats_url="nats://127.0.0.1:1",
        jwt_public_key=generate_keypair()[1],
    )
    app = create_app(
        ServiceSpec(
            name="things",
            title="t",
            description="",
            settings=settings,
            routers=[router],
            rules=TRAINING_RULES,
        )
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://things"
    ) as http:
        yield http


def problem(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, Any] = response.json()
    return body


class TestProblemsFollowAcceptLanguage:
    async def test_a_rule_is_explained_in_kazakh_with_its_parameters(self, client: Any) -> None:
        answer = await client.post("/sessions/12/enrolments", headers={"Accept-Language": "kk"})
        body = problem(answer, 409, "kk")
        assert body["title"] == "Қайшылық"
        assert body["detail"] == "Сессияның барлық 12 орны толған."
        assert KAZAKH_LETTERS & set(body["detail"])
        # the machine-readable parts do not change with the language
        assert body["type"] == "urn:blp:problem:conflict/session_full"
        assert body["rule"] == "session_full" and body["seat_limit"] == 12

    async def test_english_is_the_default_and_what_matches_no_language(self, client: Any) -> None:
        for headers in ({}, {"Accept-Language": "de-DE, fr;q=0.8"}):
            body = problem(await client.post("/sessions/2/enrolments", headers=headers), 409, "en")
            assert body["title"] == "Conflict"
            assert body["detail"] == "All 2 seats of the session are taken."

    async def test_a_detail_without_a_translation_stays_english_and_says_so(
        self, client: Any
    ) -> None:
        untranslated = await client.post("/courses", headers={"Accept-Language": "ru"})
        body = problem(untranslated, 409, "ru, en")
        assert body["title"] == "Конфликт" and body["detail"] == "The course is retired."
        free = problem(await client.get("/free", headers={"Accept-Language": "kk"}), 404, "kk, en")
        assert free["title"] == "Табылмады" and free["detail"] == "No such thing here."

    async def test_the_kits_404_412_and_428_are_translated(self, client: Any) -> None:
        thing = f"/things/{uuid.uuid4()}"
        missing = problem(await client.get(thing, headers={"Accept-Language": "kk"}), 404, "kk")
        assert missing["detail"] == "Мұндай жазба жоқ (курс сессиясы)."
        missing = problem(await client.get(thing, headers={"Accept-Language": "ru"}), 404, "ru")
        assert missing["detail"] == "Запись не найдена (сессия курса)."
        assert problem(await client.get(thing), 404, "en")["detail"] == "No such course session."
        required = problem(await client.put(thing, headers={"Accept-Language": "ru"}), 428, "ru")
        assert required["title"] == "Требуется предусловие"
        assert "If-Match" in required["detail"] and "ETag" in required["detail"]
        stale = await client.put(thing, headers={"Accept-Language": "kk", "If-Match": '"2"'})
        assert problem(stale, 412, "kk")["title"] == "Алғышарт орындалмады"
        assert stale.json()["current_etag"] == '"3"'
        unknown_route = await client.get("/nowhere", headers={"Accept-Language": "ru"})
        assert problem(unknown_route, 404, "ru")["detail"] == "Не найдено"

    async def test_validation_messages_in_russian_keep_their_fields_and_codes(
        self, client: Any
    ) -> None:
        answer = await client.post(
            "/things",
            json={"name": "Әлемдік", "count": "many", "kind": "ABC", "extra": "😀"},
            headers={"Accept-Language": "ru"},
        )
        body = problem(answer, 422, "ru")
        assert body["title"] == "Ошибка проверки данных"
        assert body["detail"] == "Недопустимые данные: count, extra, kind, name"
        errors = {e["field"]: e for e in body["errors"]}
        assert errors["name"]["code"] == "string_too_long"
        assert errors["name"]["message"] == "Строка должна содержать не более 5 символов"
        assert errors["count"]["code"] == "int_parsing"
        assert errors["count"]["message"] == "Значение неверного типа (ожидается int)"
        assert errors["kind"]["message"] == "Строка должна соответствовать шаблону «^[a-z]+$»"
        assert errors["extra"]["message"] == "Лишние поля не допускаются"
        assert {e["in"] for e in body["errors"]} == {"body"}

    async def test_validation_in_kazakh_missing_and_wrong_path_type(self, client: Any) -> None:
        missing = await client.post("/things", json={}, headers={"Accept-Language": "kk"})
        body = problem(missing, 422, "kk")
        assert {e["message"] for e in body["errors"]} == {"Міндетті өріс"}
        assert body["detail"] == "Жарамсыз деректер: count, kind, name"
        path = await client.get(
            "/things/not-a-uuid?full=perhaps", headers={"Accept-Language": "kk"}
        )
        errors = {e["field"]: e for e in problem(path, 422, "kk")["errors"]}
        assert errors["thing_id"]["code"] == "uuid_parsing"
        assert errors["thing_id"]["message"] == "Мәннің түрі қате (uuid күтіледі)"
        assert errors["full"]["in"] == "query"

    async def test_english_validation_messages_are_pydantics_own(self, client: Any) -> None:
        answer = await client.post("/things", json={"name": "x", "count": 1, "kind": "a", "x": 1})
        body = problem(answer, 422, "en")
        assert body["title"] == "Validation failed" and body["detail"] == "Invalid input: x"
        assert body["errors"] == [
            {
                "field": "x",
                "in": "body",
                "message": "Extra inputs are not permitted",
                "code": "extra_forbidden",
            }
        ]
