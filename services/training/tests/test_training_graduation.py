"""Graduation: once the assessment says a cohort is in review
(``blp.assessment.cohort.status_changed``), the companies whose plan implementation reached
the threshold (80 % by default) are its graduates, each with a completion certificate as a
PDF in ru/kk/en naming its BIN, the cohort and its verified certifications."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.events.assessment import CohortStatusChanged
from shared.events.registry import CompanyFacts, CompanyRegistered
from shared.testing.pdf import pdf_text

if TYPE_CHECKING:
    from conftest import TrainingHarness


def moved(cohort_id: uuid.UUID, previous: str, status: str, at: datetime) -> CohortStatusChanged:
    return CohortStatusChanged(
        cohort_id=cohort_id,
        cohort_name="Когорта 2027",
        status=status,
        previous_status=previous,
        changed_at=at,
    )


async def company(
    service: TrainingHarness, cohort_id: uuid.UUID, bin_: str, name: str
) -> uuid.UUID:
    """A company the registry told of, selected into the cohort with two network needs."""
    company_id = uuid.uuid4()
    facts = CompanyFacts(
        company_id=company_id,
        version=1,
        kind="local",
        bin=bin_,
        display_name=name,
        in_scope=True,
        region="astana",
        city="astana",
        status="active",
        publication="published",
    )
    await service.apply(CompanyRegistered(company_id=company_id, company=facts))
    await service.select(company_id, cohort_id)
    await service.apply(
        service.plan_event(company_id, cohort_id, ["network_engineer", "network_engineer"])
    )
    return company_id


async def fulfil(
    service: TrainingHarness, company_id: uuid.UUID, course: dict[str, Any], count: int
) -> None:
    """``count`` of the company's needs: a trainee enrolled and passed, each."""
    needs = await service.get(f"/needs?company_id={company_id}&kind=training")
    for need in needs["items"][:count]:
        trainee = await service.trainee(company_id, email=f"{uuid.uuid4().hex[:8]}@example.kz")
        enrolment = await service.create(
            "/enrolments",
            {"need_id": need["id"], "trainee_id": trainee["id"], "course_id": course["id"]},
        )
        await service.send(
            "PUT", f"/enrolments/{enrolment['id']}/completion", {"passed": True}, enrolment
        )


async def verified(
    service: TrainingHarness,
    company_id: uuid.UUID,
    course: dict[str, Any],
    expires_on: date,
    trainee: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A verified certification of ``course`` (a new trainee's unless ``trainee``)."""
    if trainee is None:
        trainee = await service.trainee(company_id, email=f"{uuid.uuid4().hex[:8]}@example.kz")
    row = await service.create(
        "/certifications",
        {
            "trainee_id": trainee["id"],
            "course_id": course["id"],
            "certificate_number": f"CSCO-{uuid.uuid4().hex[:6]}",
            "obtained_on": "2026-03-01",
            "expires_on": expires_on.isoformat(),
            "credential_url": "https://www.credly.com/badges/0000-1111",
            **fields,
        },
        service.local(company_id),
    )
    return await service.send(
        "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, row
    )


class TestGraduation:
    async def test_graduates_of_a_cohort_in_review_and_their_certificates(
        self, service: TrainingHarness
    ) -> None:
        cohort_id = uuid.uuid4()
        course = await service.course()
        graduate = await company(service, cohort_id, "060440000014", "ТОО «Сеть Про»")
        halfway = await company(service, cohort_id, "060440000025", "ТОО «Жарты жол»")
        await fulfil(service, graduate, course, 2)  # 100 %
        await fulfil(service, halfway, course, 1)  # 50 %, short of 80 %
        today = datetime.now(UTC).date()
        await verified(service, graduate, course, today + timedelta(days=400))
        await verified(service, graduate, course, today + timedelta(days=30))
        await verified(service, graduate, course, today - timedelta(days=1))  # expired
        path = f"/cohorts/{cohort_id}/graduates"

        unknown = await service.http.get(path, headers=service.pm)
        service.problem(unknown, 404)
        start = datetime(2027, 1, 15, tzinfo=UTC)
        await service.apply(moved(cohort_id, "selection", "active", start))
        early = await service.http.get(path, headers=service.pm)
        service.problem(early, 409, "cohort_not_in_review")
        assert early.json()["detail"] == (
            "The cohort is active: graduates are listed once it is in review."
        )
        for language, detail in (  # the cohort's status is the assessment's: shared's labels
            ("ru", "Когорта в статусе «активна»: выпускники определяются на этапе рассмотрения."),
            ("kk", "Когорта «белсенді» мәртебесінде: түлектер қарау кезеңінде анықталады."),
        ):
            worded = await service.http.get(
                path, headers={**service.pm, "Accept-Language": language}
            )
            assert service.problem(worded, 409, "cohort_not_in_review")["detail"] == detail

        await service.apply(moved(cohort_id, "active", "review", start + timedelta(days=300)))
        await service.apply(moved(cohort_id, "selection", "active", start))  # late: no effect
        listed = await service.get(path)
        assert (listed["cohort_name"], listed["cohort_status"], listed["threshold_percent"]) == (
            "Когорта 2027",
            "review",
            "80",
        )
        [line] = listed["items"]
        assert (line["company_id"], line["bin"], line["name"]) == (
            str(graduate),
            "060440000014",
            "ТОО «Сеть Про»",
        )
        assert (line["planned"], line["fulfilled"], line["percent"]) == (2, 2, "100.0")
        [certified] = line["verified_certifications"]  # the expired one does not count
        assert (certified["certification"], certified["staff_count"]) == (
            "Cisco Certified Network Associate",
            2,
        )
        assert certified["expires_on"] == (today + timedelta(days=30)).isoformat()

        # a company sees only itself; the ministry everything
        assert (await service.get(path, service.local(halfway)))["items"] == []
        assert len((await service.get(path, service.local(graduate)))["items"]) == 1
        assert len((await service.get(path, service.ministry))["items"]) == 1

        certificate = f"{path}/{graduate}/certificate"
        texts = {}
        for header, lang in (("ru-KZ,ru;q=0.9", "ru"), ("kk", "kk"), ("de, en;q=0.5", "en")):
            response = await service.http.get(
                certificate, headers={**service.local(graduate), "Accept-Language": header}
            )
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "application/pdf"
            assert response.headers["content-language"] == lang
            assert response.content.startswith(b"%PDF")
            texts[lang] = " ".join(pdf_text(response.content).split())  # lines wrapped
        assert "Сертификат о завершении программы" in texts["ru"]
        assert "Бағдарламаны аяқтау туралы сертификат" in texts["kk"]
        assert "Programme completion certificate" in texts["en"]
        for text in texts.values():
            for shown in ("060440000014", "Когорта 2027", "ТОО «Сеть Про»", "100.0 %"):
                assert shown in text, (shown, text)
            assert "Cisco Certified Network Associate" in text
            assert "Ерлан" not in text  # no trainee's name

        # another company's certificate is 404 to a company; below the threshold, 409
        stranger = await service.http.get(certificate, headers=service.local(halfway))
        service.problem(stranger, 404)
        own = await service.http.get(
            f"{path}/{halfway}/certificate", headers=service.local(halfway)
        )
        service.problem(own, 409, "not_a_graduate")

    async def test_staff_count_counts_trainees_not_their_certificates(
        self, service: TrainingHarness
    ) -> None:
        """A trainee whose renewal is verified before the old certificate expires holds two
        verified certificates of the same; the graduate's line counts one staff member."""
        cohort_id = uuid.uuid4()
        course = await service.course()
        graduate = await company(service, cohort_id, "060440000036", "ТОО «Дубль»")
        await fulfil(service, graduate, course, 2)
        today = datetime.now(UTC).date()
        trainee = await service.trainee(graduate, email="renewed@example.kz")
        old = await verified(service, graduate, course, today + timedelta(days=30), trainee)
        await verified(
            service, graduate, course, today + timedelta(days=1000), trainee, renews_id=old["id"]
        )
        await verified(service, graduate, course, today + timedelta(days=400))  # another one
        start = datetime(2027, 1, 15, tzinfo=UTC)
        await service.apply(moved(cohort_id, "active", "review", start))

        [line] = (await service.get(f"/cohorts/{cohort_id}/graduates"))["items"]
        [certified] = line["verified_certifications"]
        assert certified["staff_count"] == 2
        assert certified["expires_on"] == (today + timedelta(days=30)).isoformat()
