"""The registry's problems in the caller's language (Accept-Language), end to end: a 409
rule with its parameters, the kit's 404 and 428, validation of Cyrillic and emoji input.
Machine-readable parts (``type``, ``rule``, ``errors[].field``/``code``) never change."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from conftest import RegistryHarness


def problem(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, Any] = response.json()
    return body


class TestProblemsInTheCallersLanguage:
    async def test_a_duplicate_bin_in_kazakh_and_russian_names_the_bin(
        self, registry: RegistryHarness
    ) -> None:
        first = await registry.create()
        for language, detail in (
            ("kk", f"БСН {first['bin']} бар компания тіркелген."),
            ("ru", f"Компания с БИН {first['bin']} уже зарегистрирована."),
            ("en", f"A company with BIN {first['bin']} is already registered."),
        ):
            again = await registry.http.post(
                "/companies",
                json=registry.payload(bin=first["bin"]),
                headers={**registry.staff, "Accept-Language": language},
            )
            body = problem(again, 409, language)
            assert body["detail"] == detail
            assert body["rule"] == "bin_unique"
            assert body["type"] == "urn:blp:problem:conflict/bin_unique"

    async def test_an_unchanged_status_and_a_missing_if_match_in_russian(
        self, registry: RegistryHarness
    ) -> None:
        company = await registry.create()
        ru = {**registry.staff, "Accept-Language": "ru-KZ, kk;q=0.5"}
        url = f"/companies/{company['id']}/status"
        unchanged = await registry.http.post(
            url, json={"status": "active"}, headers={**ru, "If-Match": f'"{company["version"]}"'}
        )
        body = problem(unchanged, 409, "ru")
        assert body["title"] == "Конфликт" and body["rule"] == "status_unchanged"
        assert body["detail"].startswith("Компания уже в статусе «")
        required = problem(
            await registry.http.post(url, json={"status": "inactive"}, headers=ru), 428, "ru"
        )
        assert required["title"] == "Требуется предусловие"

    async def test_an_unknown_company_in_kazakh(self, registry: RegistryHarness) -> None:
        missing = await registry.http.get(
            f"/companies/{uuid.uuid4()}", headers={**registry.staff, "Accept-Language": "kk"}
        )
        body = problem(missing, 404, "kk")
        assert body["title"] == "Табылмады" and body["type"] == "urn:blp:problem:not-found"
        assert set("әғқңөұүһі") & set(body["title"] + body["detail"])

    async def test_invalid_cyrillic_and_emoji_input_in_kazakh(
        self, registry: RegistryHarness
    ) -> None:
        kk = {**registry.staff, "Accept-Language": "kk"}
        answer = await registry.http.post(
            "/companies",
            json=registry.payload(display_name="Қазақ 😀" * 100, employees="көп"),
            headers=kk,
        )
        body = problem(answer, 422, "kk")
        assert body["title"] == "Деректер тексеруден өтпеді"
        errors = {e["field"]: e for e in body["errors"]}
        assert set(errors) == {"display_name", "employees"}
        assert errors["display_name"]["code"] == "string_too_long"
        assert errors["display_name"]["message"].startswith("Жол ең көбі ")
        assert errors["employees"]["code"] == "int_type"  # strict: a string is no integer
        assert errors["employees"]["message"] == "Мәннің түрі қате (int күтіледі)"
        assert body["detail"] == "Жарамсыз деректер: display_name, employees"

    async def test_a_validators_own_message_is_in_kazakh_too(
        self, registry: RegistryHarness
    ) -> None:
        """Was English, with ``Content-Language: kk, en``: a validator's ``InvalidValue``
        carries its words in every language; the field and code stay as they were."""
        answer = await registry.http.post(
            "/companies",
            json=registry.payload(region="ұлытау"),
            headers={**registry.staff, "Accept-Language": "kk"},
        )
        body = problem(answer, 422, "kk")
        assert body["title"] == "Деректер тексеруден өтпеді"
        (error,) = body["errors"]
        assert error["field"] == "region" and error["code"] == "value_error"
        assert error["message"] == (
            "белгісіз код 'ұлытау'; рұқсат етілген кодтар /v1/registry/reference/regions тізімінде"
        )
