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
        assert body["detail"] == "Компания уже имеет статус «действующая»."
        required = problem(
            await registry.http.post(url, json={"status": "inactive"}, headers=ru), 428, "ru"
        )
        assert required["title"] == "Требуется предусловие"

    async def test_a_status_named_in_a_rule_is_its_label_not_its_code(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        """Was «Компания уже в статусе «active»», «Связь на этапе «contract_signed»...»: the
        words say the status's label in the caller's language; the English is as before."""
        company = await registry.create()
        url = f"/companies/{company['id']}/status"
        for language, detail in (
            ("kk", "Компанияның мәртебесі қазірдің өзінде «жұмыс істеп тұр»."),
            ("ru", "Компания уже имеет статус «действующая»."),
            ("en", "The company is already active."),
        ):
            unchanged = await registry.http.post(
                url,
                json={"status": "active"},
                headers={
                    **registry.staff,
                    "If-Match": f'"{company["version"]}"',
                    "Accept-Language": language,
                },
            )
            assert problem(unchanged, 409, language)["detail"] == detail
        created = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "backward",
                "stage": "agreement",
            },
        )
        assert created.status_code == 201, created.text
        linkage_url = f"/linkages/{created.json()['id']}"
        back: dict[str, str] = {}
        for language in ("kk", "ru", "en"):
            answer = await registry.http.patch(
                linkage_url,
                json={"stage": "contacted"},
                headers={**registry.staff, "If-Match": '"1"', "Accept-Language": language},
            )
            body = problem(answer, 409, language)
            assert body["rule"] == "linkage_stage_order"
            back[language] = body["detail"]
        assert back == {
            "kk": "Байланыс «келісімге қол жеткізілді» кезеңінен «байланыс орнатылды» кезеңіне "
            "қайта орала алмайды.",
            "ru": "Связь не может вернуться с этапа «достигнута договорённость» на "
            "«установлен контакт».",
            "en": "A linkage cannot go back from 'agreement' to 'contacted'.",
        }
        dropped = await registry.http.patch(
            linkage_url,
            json={"stage": "dropped"},
            headers={**registry.staff, "If-Match": '"1"'},
        )
        assert dropped.status_code == 200, dropped.text
        final = await registry.http.patch(
            linkage_url,
            json={"stage": "negotiating"},
            headers={**registry.staff, "If-Match": '"2"', "Accept-Language": "ru"},
        )
        assert problem(final, 409, "ru")["detail"] == "Связь на этапе «прекращена» окончательна."

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


class TestFreeFormMessagesInTheCallersLanguage:
    """Issue #16: a field's message, a validator's own words and an import's row reasons
    follow Accept-Language too (``MESSAGES``, ``InvalidValue``, ``Localized``); before, they
    stayed English and Content-Language said ``ru, en``."""

    async def test_a_search_without_letters_in_russian(self, registry: RegistryHarness) -> None:
        answer = await registry.http.get(
            "/companies", params={"q": "!!!"}, headers={"Accept-Language": "ru"}
        )
        body = problem(answer, 422, "ru")
        assert body["title"] == "Ошибка проверки данных"
        assert body["detail"] == "Недопустимые данные: q"
        assert body["errors"] == [
            {
                "field": "q",
                "in": "query",
                "message": "в запросе нет букв или цифр, по которым можно искать",
                "code": "invalid",
            }
        ]
        english = problem(await registry.http.get("/companies", params={"q": "!!!"}), 422, "en")
        assert english["errors"][0]["message"] == "the query has no searchable letters or digits"

    async def test_a_nul_byte_and_a_bad_bin_in_russian(self, registry: RegistryHarness) -> None:
        answer = await registry.http.post(
            "/companies",
            json=registry.payload(display_name="Дала\x00Дата", bin="123"),
            headers={**registry.staff, "Accept-Language": "ru"},
        )
        body = problem(answer, 422, "ru")
        errors = {e["field"]: e for e in body["errors"]}
        assert errors["display_name"] == {
            "field": "display_name",
            "in": "body",
            "message": "текст не может содержать символы NUL",
            "code": "value_error",
        }
        assert errors["bin"]["message"] == "БИН должен состоять ровно из 12 цифр (получено 3)"
        assert errors["bin"]["code"] == "value_error"
        english = await registry.http.post(
            "/companies",
            json=registry.payload(display_name="Дала\x00Дата"),
            headers=registry.staff,
        )
        (error,) = problem(english, 422, "en")["errors"]
        assert error["message"] == "Value error, text may not contain NUL characters"

    async def test_a_shared_input_rule_in_kazakh(self, registry: RegistryHarness) -> None:
        """``shared.inputs.IsoDate``: a number is no date, said in Kazakh."""
        answer = await registry.http.get(
            "/outcomes",
            params={"from": "0"},
            headers={**registry.staff, "Accept-Language": "kk"},
        )
        body = problem(answer, 422, "kk")
        (error,) = body["errors"]
        assert error["field"] == "from" and error["in"] == "query"
        assert error["message"] == "күн ISO 8601 форматында көрсетіледі: YYYY-MM-DD"

    async def test_an_import_reports_its_reasons_in_the_language_of_who_reads_it(
        self, registry: RegistryHarness
    ) -> None:
        """The job stores every language; each GET writes the reader's (not the poster's)."""
        existing = await registry.create()
        content = (
            "bin,kind,display_name,segments,employees\n"
            f"{existing['bin']},local,Дала,software_development,12\n"
            f"{existing['bin']},local,Дала,software_development,12\n"
            "123,local,Дала,software_development,көп\n"
            f"{existing['bin'][:11]}0,local,Дала,software_development,12,extra\n"
        ).encode()
        job = await registry.import_file(
            "/companies/import", content, {**registry.pm, "Accept-Language": "ru"}
        )
        location = f"/companies/import-jobs/{job['id']}"
        reasons: dict[str, list[str]] = {}
        for language in ("kk", "ru", "en"):
            read = await registry.http.get(
                location, headers={**registry.pm, "Accept-Language": language}
            )
            assert read.status_code == 200, read.text
            assert read.headers["content-language"] == language
            assert "Accept-Language" in read.headers["vary"]
            report = read.json()["report"]
            assert [e["line"] for e in report["errors"]] == [3, 4, 5]
            reasons[language] = [e["reason"] for e in report["errors"]]
        assert reasons["kk"][0] == "bin: 2-жолды қайталайды"
        assert reasons["kk"][1] == (
            "employees: Мәннің түрі қате (int күтіледі); "
            "bin: БСН дәл 12 цифрдан тұруы керек (3 берілді)"
        )
        assert reasons["kk"][2] == "ұяшықтар тақырып жолындағы бағандардан көп"
        assert reasons["ru"][0] == "bin: повторяет строку 2"
        assert reasons["ru"][2] == "ячеек больше, чем столбцов в заголовке"
        assert reasons["en"][0] == "bin: repeats line 2"
        assert reasons["en"][1].startswith("employees: ")
        assert reasons["en"][1].endswith(
            "; bin: Value error, BIN must be exactly 12 digits (got 3)"
        )
        assert reasons["en"][2] == "more cells than the header has columns"
