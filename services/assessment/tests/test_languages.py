"""The assessment service's words in the caller's language (issue #16), end to end: a 409
naming a status says its label, a validator's and a rule's 422 messages, a 403 and a 406
detail follow Accept-Language; ``type``, ``rule``, ``errors[].field``/``code`` and the
status codes in the body never change."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import httpx

from shared.auth import Role

if TYPE_CHECKING:
    from conftest import AssessmentHarness


def problem(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, Any] = response.json()
    return body


class TestRulesNameStatusesByTheirLabels:
    """Was «Переход из статуса «planning» в «selection» недопустим.»: the rule's Russian and
    Kazakh filled in the raw code; now the label of ``statuses.py`` in the same language."""

    async def test_an_illegal_cohort_move_in_kazakh_russian_and_english(
        self, service: AssessmentHarness
    ) -> None:
        cohort = await service.cohort("planning")
        for language, detail in (
            ("kk", "«жоспарлау» мәртебесінен «іріктеу» мәртебесіне өтуге болмайды."),
            ("ru", "Переход из статуса «планирование» в «отбор» недопустим."),
            (
                "en",
                "A cohort in planning cannot move to selection; the next status is "
                "nominations_open.",
            ),
        ):
            answer = await service.http.put(
                f"/cohorts/{cohort['id']}/status",
                json={"status": "selection"},
                headers={
                    **service.pm,
                    "If-Match": f'"{cohort["version"]}"',
                    "Accept-Language": language,
                },
            )
            body = problem(answer, 409, language)
            assert body["detail"] == detail
            assert body["rule"] == "illegal_status_transition"
            assert body["current_status"] == "planning"  # the code, not the label

    async def test_a_decided_nomination_in_russian(self, service: AssessmentHarness) -> None:
        _, nomination = await service.selected()
        current = await service.get(f"/nominations/{nomination['id']}")
        again = await service.http.put(
            f"/nominations/{nomination['id']}/decision",
            json={"decision": "rejected", "comment": "Повторно"},
            headers={
                **service.pm,
                "If-Match": f'"{current["version"]}"',
                "Accept-Language": "ru",
            },
        )
        body = problem(again, 409, "ru")
        assert body["detail"] == "По номинации уже принято решение («отобрана»)."
        assert body["rule"] == "nomination_decided"

    async def test_an_inactive_nominee_by_the_registrys_label(
        self, service: AssessmentHarness
    ) -> None:
        """The company's status is the registry's: its label comes from ``shared`` (the
        assessment never imports the registry), not the raw ``inactive``."""
        cohort = await service.cohort("nominations_open")
        inactive = await service.company(status="inactive")
        for language, detail in (
            (
                "ru",
                "Номинируются только действующие компании; статус этой: «деятельность "
                "приостановлена».",
            ),
            (
                "kk",
                "Тек белсенді компаниялар ұсынылады; бұл компанияның мәртебесі: «қызметі "
                "тоқтатылған».",
            ),
            ("en", "Only active companies are nominated; this one is inactive."),
        ):
            answer = await service.http.post(
                "/nominations",
                json={"cohort_id": cohort["id"], "company_id": str(inactive)},
                headers={**service.partner(), "Accept-Language": language},
            )
            body = problem(answer, 409, language)
            assert body["detail"] == detail
            assert body["rule"] == "nominee_not_active"


class TestMessagesInTheCallersLanguage:
    async def test_a_validators_words_in_russian(self, service: AssessmentHarness) -> None:
        """An ``InvalidValue``: pydantic's ``value_error`` code, the message translated."""
        answer = await service.http.post(
            "/cohorts",
            json={"name": "Когорта 2027", "starts_on": "2027-01-15", "ends_on": "2027-01-01"},
            headers={**service.pm, "Accept-Language": "ru"},
        )
        body = problem(answer, 422, "ru")
        assert body["errors"] == [
            {
                "field": "ends_on",
                "in": "body",
                "message": "ends_on должна быть позже starts_on",
                "code": "value_error",
            }
        ]
        english = await service.http.post(
            "/cohorts",
            json={"name": "Cohort 2027", "starts_on": "2027-01-15", "ends_on": "2027-01-01"},
            headers=service.pm,
        )
        message = problem(english, 422, "en")["errors"][0]["message"]
        assert message == "Value error, ends_on must be after starts_on"

    async def test_methodology_weights_in_kazakh(self, service: AssessmentHarness) -> None:
        answer = await service.http.post(
            "/methodologies",
            json={
                "key": "tiny",
                "name": "Шағын әдістеме",
                "criteria": [
                    {"key": "leadership", "name": "Көшбасшылық", "group": "enablers", "weight": 9}
                ],
            },
            headers={**service.pm, "Accept-Language": "kk"},
        )
        (error,) = problem(answer, 422, "kk")["errors"]
        assert error["field"] == "criteria" and error["code"] == "value_error"
        assert error["message"] == "салмақтардың қосындысы 1000 емес, 9"

    async def test_an_unknown_nomination_in_kazakh(self, service: AssessmentHarness) -> None:
        answer = await service.http.post(
            "/assessments",
            json={"nomination_id": str(uuid.uuid4())},
            headers={**service.pm, "Accept-Language": "kk"},
        )
        body = problem(answer, 422, "kk")
        assert body["detail"] == "Жарамсыз деректер: nomination_id"
        assert body["errors"] == [
            {
                "field": "nomination_id",
                "in": "body",
                "message": "мұндай номинация жоқ",
                "code": "invalid",
            }
        ]

    async def test_the_boards_403_in_russian(self, service: AssessmentHarness) -> None:
        cohort = await service.cohort("planning")
        answer = await service.http.get(
            f"/cohorts/{cohort['id']}/board-members",
            headers={
                **service.as_(Role.SELECTION_BOARD, subject="board-elsewhere"),
                "Accept-Language": "ru",
            },
        )
        body = problem(answer, 403, "ru")
        assert body["detail"] == "Состав совета видят сотрудники программы и члены совета."

    async def test_a_report_in_an_unoffered_format_in_kazakh(
        self, service: AssessmentHarness
    ) -> None:
        _, nomination = await service.selected()
        created = await service.http.post(
            "/assessments", json={"nomination_id": nomination["id"]}, headers=service.pm
        )
        assert created.status_code == 201, created.text
        answer = await service.http.get(
            f"/assessments/{created.json()['id']}/report",
            headers={**service.pm, "Accept": "text/csv", "Accept-Language": "kk"},
        )
        body = problem(answer, 406, "kk")
        assert body["detail"] == (
            "Есеп application/json және application/pdf форматтарында қолжетімді."
        )
