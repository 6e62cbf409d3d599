"""GET /indicators: a cohort's certifications (by skills area and vendor), trainees
certified, internships completed and plan implementation, as of now and a past time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from training.certifications.models import Certification
from training.enrolments.models import Enrolment
from training.internships.models import Internship
from training.needs.models import TrainingNeed

from shared.auth import Role

if TYPE_CHECKING:
    from conftest import TrainingHarness

PDF = b"%PDF-1.7\n" + b"certificate of Cisco CCNA " * 200 + b"\n%%EOF\n"


def at(month: int, day: int = 1) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC)


def by_code(body: dict[str, Any]) -> dict[str, Any]:
    return {i["code"]: i for i in body["indicators"]}


async def verified_certification(
    service: TrainingHarness, company: uuid.UUID, course: dict[str, Any], trainee: dict[str, Any]
) -> dict[str, Any]:
    row = await service.create(
        "/certifications",
        {
            "trainee_id": trainee["id"],
            "course_id": course["id"],
            "certificate_number": f"C-{uuid.uuid4().hex[:8]}",
            "obtained_on": "2026-01-31",
        },
        service.local(company),
    )
    uploaded = await service.http.put(
        f"/certifications/{row['id']}/evidence",
        content=PDF + uuid.uuid4().bytes,
        headers={
            **service.local(company),
            "If-Match": f'"{row["version"]}"',
            "Content-Type": "application/pdf",
        },
    )
    assert uploaded.status_code == 200, uploaded.text
    return await service.send(
        "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, uploaded.json()
    )


class TestTrainingIndicators:
    async def test_figures_follow_the_records_own_times(self, service: TrainingHarness) -> None:
        company, cohort, needs = await service.selected_company_with_needs(
            ["network_engineer", "network_engineer"]
        )
        course = await service.course()
        trainee = await service.trainee(company)
        enrolment = (
            await service.http.post(
                "/enrolments",
                json={
                    "need_id": needs[0]["id"],
                    "trainee_id": trainee["id"],
                    "course_id": course["id"],
                },
                headers=service.local(company),
            )
        ).json()
        await service.send(
            "PUT", f"/enrolments/{enrolment['id']}/completion", {"passed": True}, enrolment
        )
        certification = await verified_certification(service, company, course, trainee)
        outsider = uuid.uuid4()  # a company of no cohort: its certification does not count
        await verified_certification(service, outsider, course, await service.trainee(outsider))
        async with service.transaction() as session:
            await session.execute(
                sa.update(TrainingNeed)
                .where(TrainingNeed.cohort_id == cohort)
                .values(plan_approved_at=at(5))
            )
            await session.execute(sa.update(Enrolment).values(completed_at=at(6)))
            await session.execute(
                sa.update(Certification)
                .where(Certification.id == uuid.UUID(certification["id"]))
                .values(reviewed_at=at(6))
            )
            session.add(
                Internship(
                    company_id=company,
                    cohort_id=cohort,
                    kind="short",
                    purpose="a week at a host",
                    status="completed",
                    created_at=at(6),
                    updated_at=at(7),
                    version=4,
                )
            )

        ministry = service.as_(Role.MINISTRY)
        now = by_code(await service.get(f"/indicators?cohort_id={cohort}", ministry))
        assert now["plan_implementation"]["value"] == "50.00"  # one of its two items done
        assert now["certifications_verified"]["value"] == "1"
        assert now["certifications_verified"]["breakdown"] == [
            {
                "dimensions": {
                    "skills_area": certification["skills_area"],
                    "vendor": certification["vendor"],
                },
                "value": "1",
                "low": None,
                "high": None,
            }
        ]
        assert now["trainees_certified"]["value"] == "1"
        assert now["internships_completed"]["value"] == "1"
        assert now["internships_completed"]["breakdown"][0]["dimensions"] == {"kind": "short"}

        june = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-06-15T00:00:00Z", ministry
            )
        )
        assert june["internships_completed"]["value"] == "0"
        assert june["certifications_verified"]["value"] == "1"
        may = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-05-15T00:00:00%2B05:00", ministry
            )
        )
        assert may["plan_implementation"]["value"] == "0.00"
        assert may["certifications_verified"]["value"] == "0"
        assert may["trainees_certified"]["value"] == "0"
        april = by_code(
            await service.get(
                f"/indicators?cohort_id={cohort}&as_of=2026-04-01T00:00:00Z", ministry
            )
        )
        assert april["plan_implementation"]["value"] is None  # no plan approved yet

    async def test_a_company_may_not_read_them(self, service: TrainingHarness) -> None:
        company = uuid.uuid4()
        response = await service.http.get(
            f"/indicators?cohort_id={uuid.uuid4()}", headers=service.local(company)
        )
        assert response.status_code == 403
