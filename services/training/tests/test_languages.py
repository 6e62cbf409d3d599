"""The training service's words in the caller's language (issue #16), end to end: a 409
naming a status says its label, validators' and rules' 422 messages, a 403, a 404 and a 415
follow Accept-Language, and a failed course import is read in the reader's language, not
the submitter's; ``type``, ``rule``, ``errors[].field``/``code``/``row`` and the status codes
in the body never change."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from conftest import TrainingHarness

HEADER = (
    "skills_area,title,provider,provider_kind,certification_name,certification_code,"
    "certification_level,languages,delivery,duration_hours,list_price,currency,"
    "vendor_discount_percent,validity_months,verification_method,description\n"
)


def problem(response: httpx.Response, status: int, language: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    body: dict[str, Any] = response.json()
    return body


class TestRulesNameStatusesByTheirLabels:
    """Was «Переход из статуса «retired» в «approved» недопустим.»: the raw code in a
    Russian sentence; now the label of ``statuses.py`` in the caller's language."""

    async def test_an_illegal_course_move_in_kazakh_russian_and_english(
        self, service: TrainingHarness
    ) -> None:
        course = await service.course("retired")
        for language, detail in (
            ("kk", "«каталогтан шығарылған» мәртебесінен «бекітілген» мәртебесіне өтуге болмайды."),
            ("ru", "Переход из статуса «исключён из каталога» в «утверждён» недопустим."),
        ):
            answer = await service.http.put(
                f"/courses/{course['id']}/status",
                json={"status": "approved"},
                headers={
                    **service.pm,
                    "If-Match": f'"{course["version"]}"',
                    "Accept-Language": language,
                },
            )
            body = problem(answer, 409, language)
            assert body["detail"] == detail
            assert body["rule"] == "illegal_status_transition"
            assert body["current_status"] == "retired"  # the code, not the label
        english = await service.http.put(
            f"/courses/{course['id']}/status",
            json={"status": "approved"},
            headers={**service.pm, "If-Match": f'"{course["version"]}"'},
        )
        assert problem(english, 409, "en")["detail"] == (
            "A retired course cannot become approved; it is retired."
        )

    async def test_a_course_not_approved_in_russian(self, service: TrainingHarness) -> None:
        company, _, (need,) = await service.selected_company_with_needs(["network_engineer"])
        trainee = await service.trainee(company)
        course = await service.course("proposed")
        answer = await service.http.post(
            "/enrolments",
            json={"need_id": need["id"], "trainee_id": trainee["id"], "course_id": course["id"]},
            headers={**service.pm, "Accept-Language": "ru"},
        )
        body = problem(answer, 409, "ru")
        assert body["detail"] == "Курс в статусе «предложен», а не утверждён."
        assert body["rule"] == "course_not_approved"


class TestMessagesInTheCallersLanguage:
    async def test_a_sessions_dates_in_kazakh(self, service: TrainingHarness) -> None:
        """A validator's ``InvalidValue``: ``value_error`` as before, the words translated."""
        course = await service.course()
        starts = date.today() + timedelta(days=30)
        answer = await service.http.post(
            "/sessions",
            json={
                "course_id": course["id"],
                "starts_on": starts.isoformat(),
                "ends_on": (starts - timedelta(days=1)).isoformat(),
                "city": "online",
                "seat_limit": 20,
            },
            headers={**service.pm, "Accept-Language": "kk"},
        )
        (error,) = problem(answer, 422, "kk")["errors"]
        assert (error["field"], error["code"]) == ("body", "value_error")  # a model validator
        assert error["message"] == "ends_on мәні starts_on мәнінен ерте бола алмайды"

    async def test_an_unknown_need_in_kazakh(self, service: TrainingHarness) -> None:
        answer = await service.http.post(
            "/enrolments",
            json={
                "need_id": str(uuid.uuid4()),
                "trainee_id": str(uuid.uuid4()),
                "course_id": str(uuid.uuid4()),
            },
            headers={**service.pm, "Accept-Language": "kk"},
        )
        body = problem(answer, 422, "kk")
        assert body["errors"] == [
            {
                "field": "need_id",
                "in": "body",
                "message": "мұндай қажеттілік жоқ",
                "code": "invalid",
            }
        ]

    async def test_an_import_by_a_company_is_a_403_in_russian(
        self, service: TrainingHarness
    ) -> None:
        answer = await service.http.post(
            "/courses/import",
            content=HEADER.encode(),
            headers={
                **service.local(uuid.uuid4()),
                "Content-Type": "text/csv",
                "Accept-Language": "ru",
            },
        )
        assert problem(answer, 403, "ru")["detail"] == (
            "Импортируют курсы редакторы программы; предлагать курсы по одному может любой."
        )

    async def test_a_cohort_not_heard_of_in_russian(self, service: TrainingHarness) -> None:
        answer = await service.http.get(
            f"/cohorts/{uuid.uuid4()}/graduates", headers={**service.pm, "Accept-Language": "ru"}
        )
        assert problem(answer, 404, "ru")["detail"] == (
            "Когорта не найдена (или сведения о её статусе ещё не поступили в этот сервис)."
        )

    async def test_evidence_of_another_type_in_kazakh(self, service: TrainingHarness) -> None:
        company = uuid.uuid4()
        course = await service.course()
        trainee = await service.trainee(company)
        row = await service.create(
            "/certifications",
            {
                "trainee_id": trainee["id"],
                "course_id": course["id"],
                "certificate_number": "CSCO-1234-5678",
                "obtained_on": "2026-01-31",
            },
            service.local(company),
        )
        answer = await service.http.put(
            f"/certifications/{row['id']}/evidence",
            content=b"GIF89a" + b"0" * 100,
            headers={
                **service.local(company),
                "If-Match": f'"{row["version"]}"',
                "Content-Type": "application/pdf",
                "Accept-Language": "kk",
            },
        )
        body = problem(answer, 415, "kk")
        assert body["detail"] == (
            "Дәлел — PDF, PNG немесе JPEG файлы (атауы бойынша емес, мазмұны бойынша тексеріледі)."
        )
        assert body["accepted"] == ["application/pdf", "image/jpeg", "image/png"]


class TestAFailedImportInTheReadersLanguage:
    """A course import is all or nothing: its job fails with the problem naming each bad
    row. Was English; the job now keeps that problem in every language, as the registry's
    report keeps its reasons, and each reader reads it in theirs."""

    async def test_sent_in_kazakh_read_in_russian_and_in_english(
        self, service: TrainingHarness
    ) -> None:
        csv = (
            HEADER + "network_engineer,CCNA,Cisco,vendor,CCNA,,,ru,online,70,1200.00,USD,,,"
            "credential_url,,extra\n"
            "network_engineer,CCNP,Cisco,vendor,CCNP,,,ru,online,seventy,1200.00,USD,,,"
            "credential_url,\n"
        )
        sent = await service.http.post(
            "/courses/import",
            content=csv.encode(),
            headers={**service.pm, "Content-Type": "text/csv", "Accept-Language": "kk"},
        )
        assert sent.status_code == 202, sent.text
        job = await service.finished_job(sent.headers["Location"])
        assert job["state"] == "failed"
        read = await service.http.get(
            sent.headers["Location"], headers={**service.ministry, "Accept-Language": "ru"}
        )
        assert read.headers["content-language"] == "ru"
        failure = read.json()["failure"]
        assert failure["status"] == 422 and failure["type"] == "urn:blp:problem:validation"
        assert failure["title"] == "Ошибка проверки данных"
        assert failure["detail"] == "Недопустимых строк: 2; ничего не импортировано."
        errors = {(e["row"], e["field"]): e for e in failure["errors"]}
        assert errors[2, "row"]["message"] == "ячеек больше, чем столбцов"
        assert errors[2, "row"]["code"] == "too_many_cells"
        assert errors[3, "duration_hours"]["code"] == "int_parsing"
        assert errors[3, "duration_hours"]["message"] == "Значение неверного типа (ожидается int)"
        assert "request_id" not in failure
        english = (await service.get(sent.headers["Location"]))["failure"]
        assert english["detail"] == "2 row(s) are invalid; nothing was imported."
        assert {e["message"] for e in english["errors"]} == {
            "more cells than columns",
            "Input should be a valid integer, unable to parse string as an integer",
        }
