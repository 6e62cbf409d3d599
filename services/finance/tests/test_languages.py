"""The finance service's words in the caller's language (Accept-Language), end to end: a 409
naming a budget's status by its label, a 403, the kit's and the service's 422s, a validator's
own words, the missing rate's 404, and a failed rate import read by each reader in their own
language. Machine-readable parts (``type``, ``rule``, ``errors[].field``/``code``, a status
in the body) never change."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

KAZAKH_LETTERS = set("әғқңөұүһі")
IMPORT = "/exchange-rates/imports"


def problem(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
    """The problem, its words wholly in ``language`` (no ", en" in Content-Language)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, Any] = response.json()
    return body


def line(**overrides: Any) -> dict[str, Any]:
    return {
        "module": "overall_coordination",
        "description": "Programme manager, full time",
        "unit_cost": {"amount": "5000.00", "currency": "USD"},
        "low_quantity": "12",
        "high_quantity": "12",
        "rule": "programme_only",
        **overrides,
    }


class TestBudgetStatusesInWords:
    async def test_a_rule_and_a_refusal_name_the_status_by_its_label(self, service: Any) -> None:
        """Was «Бюджет в статусе «approved»»: the label in the caller's language; the body's
        ``current_status`` stays the code and the English is as before."""
        budget = await service.post(
            "/budgets",
            {
                "programme_year": 2027,
                "cohort_id": str(uuid.uuid4()),
                "currency": "USD",
                "title": "Pilot year 2027",
                "lines": [line()],
            },
        )
        path = f"/budgets/{budget['id']}"
        submitted = await service.send(
            "PUT", f"{path}/status", {"status": "submitted"}, budget, service.pm
        )
        refused = await service.http.put(
            f"{path}/status",
            json={"status": "approved"},
            headers={
                **service.pm,
                "If-Match": f'"{submitted["version"]}"',
                "Accept-Language": "ru",
            },
        )
        body = problem(refused, 403, "ru")
        assert body["title"] == "Доступ запрещён"
        assert body["detail"].startswith(
            "Перевести бюджет в статус «утверждён» может только одна из ролей: "
        )
        english = await service.http.put(
            f"{path}/status",
            json={"status": "approved"},
            headers={**service.pm, "If-Match": f'"{submitted["version"]}"'},
        )
        assert problem(english, 403, "en")["detail"].startswith(
            "Moving a budget to approved needs one of the roles: "
        )
        approved = await service.send(
            "PUT", f"{path}/status", {"status": "approved"}, submitted, service.ministry
        )
        changed: dict[str, dict[str, Any]] = {}
        moved: dict[str, dict[str, Any]] = {}
        for language in ("kk", "ru", "en"):
            changed[language] = problem(
                await service.http.patch(
                    path,
                    json={"title": "Changed"},
                    headers={
                        **service.pm,
                        "If-Match": f'"{approved["version"]}"',
                        "Accept-Language": language,
                    },
                ),
                409,
                language,
            )
            moved[language] = problem(
                await service.http.put(
                    f"{path}/status",
                    json={"status": "draft"},
                    headers={
                        **service.ministry,
                        "If-Match": f'"{approved["version"]}"',
                        "Accept-Language": language,
                    },
                ),
                409,
                language,
            )
        assert {b["current_status"] for b in [*changed.values(), *moved.values()]} == {"approved"}
        assert {b["rule"] for b in changed.values()} == {"budget_not_draft"}
        assert changed["kk"]["detail"] == (
            "Бюджет «бекітілді» мәртебесінде; тек жоба өзгереді (бекітілгені — жаңа редакция "
            "арқылы)."
        )
        assert changed["ru"]["detail"] == (
            "Бюджет в статусе «утверждён»; изменяется только черновик (утверждённый — через "
            "редакцию)."
        )
        assert changed["en"]["detail"] == (
            "The budget is approved; only a draft changes (revise an approved one)."
        )
        assert {b["rule"] for b in moved.values()} == {"illegal_status_transition"}
        assert moved["kk"]["detail"] == (
            "«бекітілді» мәртебесіндегі бюджет «жоба» мәртебесіне өте алмайды."
        )
        assert moved["ru"]["detail"] == (
            "Бюджет в статусе «утверждён» не может перейти в статус «черновик»."
        )
        assert moved["en"]["detail"] == "A approved budget cannot move to draft."


class TestRequestChecksInWords:
    async def test_an_estimate_without_lines_in_russian(self, service: Any) -> None:
        answer = await service.http.post(
            "/estimates", json={}, headers={**service.pm, "Accept-Language": "ru"}
        )
        body = problem(answer, 422, "ru")
        assert body["title"] == "Ошибка проверки данных"
        assert body["detail"] == "Недопустимые данные: budget_id"
        assert body["errors"] == [
            {
                "field": "budget_id",
                "in": "body",
                "message": "передайте currency и lines либо budget_id",
                "code": "invalid",
            }
        ]

    async def test_a_float_quantity_in_kazakh(self, service: Any) -> None:
        """A validator's ``InvalidValue``: pydantic's ``value_error`` still, its words Kazakh."""
        answer = await service.http.post(
            "/estimates",
            json={"currency": "USD", "lines": [line(low_quantity=2.5)]},
            headers={**service.pm, "Accept-Language": "kk"},
        )
        body = problem(answer, 422, "kk")
        (error,) = body["errors"]
        assert (error["field"], error["code"]) == ("lines.0.low_quantity", "value_error")
        assert error["message"] == (
            "ондық сандарды JSON бөлшек сандары түрінде емес, жол түрінде жіберіңіз "
            '(мысалы, "22.5")'
        )

    async def test_a_missing_rate_in_kazakh_names_the_pair_and_the_date(self, service: Any) -> None:
        query = {"amount": "100", "currency": "USD", "to": "KZT", "on": "2027-03-01"}
        answer = await service.http.get(
            "/exchange-rates/conversion",
            params=query,
            headers={**service.pm, "Accept-Language": "kk"},
        )
        body = problem(answer, 404, "kk")
        assert body["title"] == "Табылмады"
        assert body["detail"] == (
            "2027-03-01 күнге және оған дейінгі 7 күнге USD/KZT бағамы (және KZT/USD) "
            "(nbk, official) жоқ."
        )
        assert (body["base"], body["quote"], body["on"]) == ("USD", "KZT", "2027-03-01")
        english = await service.http.get(
            "/exchange-rates/conversion", params=query, headers=service.pm
        )
        assert problem(english, 404, "en")["detail"] == (
            "No nbk official USD/KZT rate (nor KZT/USD) on 2027-03-01 or in the 7 days before."
        )


class TestAFailedImportInTheReadersLanguage:
    """Was the failure stored in the language of the request that posted the file: a
    Kazakh manager read the Russian one's failure in Russian. Now each reads their own."""

    async def read(self, service: Any, job: dict[str, Any], language: str) -> dict[str, Any]:
        location = f"/exchange-rates/import-jobs/{job['id']}"
        read = await service.http.get(location, headers={**service.pm, "Accept-Language": language})
        assert read.status_code == 200, read.text
        assert read.headers["content-language"] == language
        assert "Accept-Language" in read.headers["vary"]
        failure: dict[str, Any] = read.json()["failure"]
        return failure

    async def test_bad_lines_are_named_in_each_readers_language(self, service: Any) -> None:
        bad = (
            "on,base,quote,rate,unit\n"
            "2027-03-02,USD,USD,1,1\n"  # the same currency twice
            "2027-03-02,EUR,KZT,0,1\n"  # zero
            "2027-03-02,KRW,KZT,3.5,7\n"  # not a quoting unit
        )
        job = await service.import_file(
            IMPORT, bad.encode(), {**service.pm, "Accept-Language": "ru"}, expect="failed"
        )
        kk, ru, en = [await self.read(service, job, lang) for lang in ("kk", "ru", "en")]
        for failure in (kk, ru, en):
            assert failure["status"] == 422 and failure["type"] == "urn:blp:problem:validation"
            assert [(e["field"], e["code"]) for e in failure["errors"]] == [
                ("line 2.quote", "invalid"),
                ("line 3.rate", "invalid"),
                ("line 4.unit", "invalid"),
            ]
        assert kk["title"] == "Деректер тексеруден өтпеді"
        assert kk["detail"] == "Жарамсыз деректер: line 2.quote, line 3.rate, line 4.unit"
        assert [e["message"] for e in kk["errors"]] == [
            "бағам екі түрлі валюта арасында белгіленеді",
            "бағам нөлден үлкен болуы керек",
            "бағам валютаның 1, 10, 100, 1000 бірлігі үшін көрсетіледі",
        ]
        assert ru["title"] == "Ошибка проверки данных"
        assert [e["message"] for e in ru["errors"]] == [
            "курс устанавливается между двумя разными валютами",
            "курс должен быть больше нуля",
            "курс указывается за 1, 10, 100, 1000 единиц валюты",
        ]
        assert en["title"] == "Validation failed"
        assert [e["message"] for e in en["errors"]] == [
            "a rate is between two different currencies",
            "a rate is above zero",
            "Value error, a rate is quoted per 1, 10, 100, 1000 units",
        ]

    async def test_a_rate_that_exists_is_a_409_in_each_readers_language(self, service: Any) -> None:
        await service.import_file(IMPORT, b"on,base,quote,rate\n2027-03-01,USD,KZT,478.53\n")
        other = "on,base,quote,rate\n2027-03-02,USD,KZT,479\n2027-03-01,USD,KZT,478.60\n"
        job = await service.import_file(
            IMPORT, other.encode(), {**service.pm, "Accept-Language": "kk"}, expect="failed"
        )
        kk, ru, en = [await self.read(service, job, lang) for lang in ("kk", "ru", "en")]
        assert {f["rule"] for f in (kk, ru, en)} == {"rate_exists"}
        assert (kk["title"], ru["title"], en["title"]) == ("Қайшылық", "Конфликт", "Conflict")
        assert kk["detail"] == (
            "2027-03-01 күнге USD/KZT бағамы (nbk, official) бұрыннан бар басқа мәнмен "
            "(3-жол); бағамдар қайта жазылмайды."
        )
        assert ru["detail"] == (
            "Курс USD/KZT (nbk, official) на 2027-03-01 уже есть с другим значением "
            "(строка 3); курсы не перезаписываются."
        )
        assert en["detail"] == (
            "A nbk official USD/KZT rate on 2027-03-01 exists with another rate (line 3); "
            "rates are not overwritten."
        )
        assert KAZAKH_LETTERS & set(kk["detail"])
