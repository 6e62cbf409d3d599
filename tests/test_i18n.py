"""Languages: every catalogue entry is translated, and problems follow Accept-Language.

The catalogues are data, so a missing translation or a rule raised without an entry is a
test failure here rather than an English sentence in a Kazakh answer.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from assessment.messages import RULES as ASSESSMENT_RULES
from fastapi import APIRouter, Query
from finance.messages import RULES as FINANCE_RULES
from gateway import framework_xlsx
from gateway.messages import MESSAGES as GATEWAY_MESSAGES
from pydantic import Field
from registry.config import Settings
from registry.messages import RULES as REGISTRY_RULES
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
            GATEWAY_MESSAGES,
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

    def test_kazakh_is_kazakh_not_russian(self) -> None:
        """Kazakh texts use the letters Russian lacks; a copied Russian text would not."""
        for rules in SERVICE_RULES.values():
            kazakh = " ".join(words["kk"] for words in rules.values())
            assert KAZAKH_LETTERS & set(kazakh)
        titles = " ".join(t["kk"] for t in i18n.TITLES.values())
        assert len(KAZAKH_LETTERS & set(titles)) >= 5


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
