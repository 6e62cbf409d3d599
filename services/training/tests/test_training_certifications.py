"""Certifications: recorded with what the course certifies, evidence streamed and typed by
content, verified or rejected by programme staff (never by the company), revoked; the
registry hears of each verification and revocation with the payload it consumes."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jwt as pyjwt
import pytest

from shared.auth import Role
from shared.events.training import CertificationRevoked, CertificationVerified

if TYPE_CHECKING:
    from conftest import TrainingHarness

PDF = b"%PDF-1.7\n" + b"certificate of Cisco CCNA " * 200 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
MAX = 10 * 1024 * 1024


@pytest.fixture
async def recorded(service: TrainingHarness) -> dict[str, Any]:
    """A trainee's submitted CCNA certification (course valid 36 months), and its company."""
    company = uuid.uuid4()
    course = await service.course()
    trainee = await service.trainee(company)
    certification = await service.create(
        "/certifications",
        {
            "trainee_id": trainee["id"],
            "course_id": course["id"],
            "certificate_number": "CSCO-1234-5678",
            "obtained_on": "2026-01-31",
        },
        service.local(company),
    )
    return {"company": company, "course": course, "trainee": trainee, "row": certification}


async def upload(
    service: TrainingHarness,
    row: dict[str, Any],
    content: bytes,
    headers: dict[str, str],
    **extra: str,
) -> Any:
    return await service.http.put(
        f"/certifications/{row['id']}/evidence",
        content=content,
        headers={
            **headers,
            "If-Match": f'"{row["version"]}"',
            "Content-Type": "application/pdf",
            **extra,
        },
    )


class TestRecording:
    async def test_what_is_certified_comes_from_the_course_and_expiry_from_its_validity(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        row = recorded["row"]
        assert row["status"] == "submitted"
        assert (row["vendor"], row["certification"], row["level"]) == (
            "Cisco Networking Academy",
            "Cisco Certified Network Associate",
            "Associate",
        )
        assert row["skills_area"] == "network_engineer"
        assert (row["obtained_on"], row["expires_on"]) == ("2026-01-31", "2029-01-31")
        assert row["evidence"] is None and row["duplicate_evidence"] is False

    async def test_a_certificate_from_the_future_or_of_an_unknown_trainee_is_422(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        headers = service.local(recorded["company"])
        body = {
            "trainee_id": recorded["trainee"]["id"],
            "course_id": recorded["course"]["id"],
            "certificate_number": "X-1",
            "obtained_on": "2099-01-01",
        }
        response = await service.http.post("/certifications", json=body, headers=headers)
        assert service.problem(response, 422)["errors"][0]["field"] == "obtained_on"
        body = {**body, "obtained_on": "2026-02-01", "trainee_id": str(uuid.uuid4())}
        response = await service.http.post("/certifications", json=body, headers=headers)
        assert service.problem(response, 422)["errors"][0]["field"] == "trainee_id"


def certificate_of(trainee: dict[str, Any], course: dict[str, Any]) -> dict[str, Any]:
    return {
        "trainee_id": trainee["id"],
        "course_id": course["id"],
        "obtained_on": "2026-01-31",
        "certificate_number": "X-1",
    }


class TestCourseOfTheCertification:
    """A certification names its course to the trainee's company, which must not learn of
    another's proposal through it (was: staff recorded one, the company then read its id)."""

    async def test_staff_cannot_certify_against_another_companys_proposal(
        self, service: TrainingHarness
    ) -> None:
        company, other = uuid.uuid4(), uuid.uuid4()
        trainee = await service.trainee(company)
        proposal = await service.course(status="proposed", by=service.local(other))
        staff_proposal = await service.course(status="proposed")
        for course in (proposal, staff_proposal):
            response = await service.http.post(
                "/certifications", json=certificate_of(trainee, course), headers=service.pm
            )
            refused = service.problem(response, 409, "course_proposed_elsewhere")
            assert "approved course" in refused["detail"]
        listed = await service.get(f"/certifications?company_id={company}")
        assert listed["items"] == []  # nothing half-written

        body = certificate_of(trainee, proposal)
        kazakh = {**service.pm, "Accept-Language": "kk"}
        response = await service.http.post("/certifications", json=body, headers=kazakh)
        assert "бекітілген курс" in service.problem(response, 409)["detail"]
        # the company itself does not learn the proposal exists: an unknown course to it
        own = service.local(company)
        response = await service.http.post("/certifications", json=body, headers=own)
        assert service.problem(response, 422)["errors"][0]["field"] == "course_id"

    @pytest.mark.parametrize("who", ["staff", "company"])
    async def test_its_own_companys_proposal_or_a_retired_course_is_certified(
        self, service: TrainingHarness, who: str
    ) -> None:
        company = uuid.uuid4()
        trainee = await service.trainee(company)
        own = await service.course(status="proposed", by=service.local(company))
        retired = await service.course(status="retired")
        caller = service.pm if who == "staff" else service.local(company)
        for course in (own, retired):
            row = await service.create("/certifications", certificate_of(trainee, course), caller)
            assert row["course_id"] == course["id"] and row["status"] == "submitted"


class TestEvidence:
    async def test_a_pdf_is_stored_under_its_hash_and_can_be_fetched_back(
        self, service: TrainingHarness, recorded: Any, tmp_path: Path
    ) -> None:
        headers = service.local(recorded["company"])
        response = await upload(service, recorded["row"], PDF, headers)
        assert response.status_code == 200, response.text
        evidence = response.json()["evidence"]
        digest = hashlib.sha256(PDF).hexdigest()
        assert (evidence["sha256"], evidence["content_type"], evidence["size"]) == (
            digest,
            "application/pdf",
            len(PDF),
        )
        assert (tmp_path / "evidence" / digest).read_bytes() == PDF
        fetched = await service.http.get(
            f"/certifications/{recorded['row']['id']}/evidence", headers=headers
        )
        assert fetched.status_code == 200
        assert (fetched.content, fetched.headers["content-type"]) == (PDF, "application/pdf")

    async def test_the_type_is_read_from_the_content_not_the_name(
        self, service: TrainingHarness, recorded: Any, tmp_path: Path
    ) -> None:
        headers = service.local(recorded["company"])
        lying = b"#!/bin/sh\nrm -rf /\n" * 10
        response = await upload(
            service,
            recorded["row"],
            lying,
            headers,
            **{"Content-Disposition": 'attachment; filename="certificate.pdf"'},
        )
        service.problem(response, 415)
        png = await upload(service, recorded["row"], PNG, headers)  # declared as PDF
        assert png.json()["evidence"]["content_type"] == "image/png"
        # nothing of the refused upload was left on disk
        assert sorted(p.name for p in (tmp_path / "evidence").iterdir()) == [
            hashlib.sha256(PNG).hexdigest()
        ]

    async def test_ten_megabytes_pass_one_byte_more_does_not_and_empty_is_422(
        self, service: TrainingHarness, recorded: Any, tmp_path: Path
    ) -> None:
        headers = service.local(recorded["company"])
        service.problem(await upload(service, recorded["row"], b"", headers), 422)
        too_big = b"%PDF-" + b"0" * (MAX + 1 - 5)
        service.problem(await upload(service, recorded["row"], too_big, headers), 413)

        async def chunked() -> Any:  # no Content-Length: the stream itself is cut off
            yield b"%PDF-"
            for _ in range(11):
                yield b"1" * (1024 * 1024)

        response = await service.http.put(
            f"/certifications/{recorded['row']['id']}/evidence",
            content=chunked(),
            headers={**headers, "If-Match": '"1"'},
        )
        service.problem(response, 413)
        just_fits = b"%PDF-" + b"0" * (MAX - 5)
        response = await upload(service, recorded["row"], just_fits, headers)
        assert response.status_code == 200, response.text
        assert response.json()["evidence"]["size"] == MAX
        assert len(list((tmp_path / "evidence").iterdir())) == 1

    async def test_the_same_file_for_two_trainees_is_flagged(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        company = recorded["company"]
        headers = service.local(company)
        other = await service.trainee(company, name="Другой слушатель")
        second = await service.create(
            "/certifications",
            {
                "trainee_id": other["id"],
                "course_id": recorded["course"]["id"],
                "certificate_number": "CSCO-9999",
                "obtained_on": "2026-02-01",
            },
            headers,
        )
        first = (await upload(service, recorded["row"], PDF, headers)).json()
        assert first["duplicate_evidence"] is False
        second = (await upload(service, second, PDF, headers)).json()
        assert second["duplicate_evidence"] is True
        again = await service.get(f"/certifications/{recorded['row']['id']}")
        assert again["duplicate_evidence"] is True


class TestReview:
    async def test_verification_tells_the_registry_and_revocation_takes_it_back(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        row = await upload(service, recorded["row"], PDF, service.local(recorded["company"]))
        row = row.json()
        verified = await service.send(
            "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, row
        )
        assert (verified["status"], verified["reviewed_by"]) == ("verified", "pm-1")
        revoked = await service.send(
            "PUT",
            f"/certifications/{row['id']}/revocation",
            {"reason": "Вендор отозвал сертификат"},
            verified,
        )
        assert revoked["status"] == "revoked"

        events = await service.events(2)
        verified_event = CertificationVerified.model_validate(events[0].data)
        assert events[0].type == CertificationVerified.event_type
        assert verified_event.certification_id == uuid.UUID(row["id"])
        assert verified_event.company_id == recorded["company"]
        assert verified_event.trainee_id == uuid.UUID(recorded["trainee"]["id"])
        assert (verified_event.vendor, verified_event.certification) == (
            "Cisco Networking Academy",
            "Cisco Certified Network Associate",
        )
        assert (verified_event.skills_area, verified_event.level) == (
            "network_engineer",
            "Associate",
        )
        assert str(verified_event.expires_on) == "2029-01-31"
        revoked_event = CertificationRevoked.model_validate(events[1].data)
        assert events[1].type == CertificationRevoked.event_type
        assert revoked_event.reason == "Вендор отозвал сертификат"
        text = events[0].model_dump_json() + events[1].model_dump_json()
        assert recorded["trainee"]["name"] not in text

        history = await service.get(f"/certifications/{row['id']}/history")
        assert [e["action"] for e in history["items"]] == [
            "recorded",
            "evidence_uploaded",
            "verified",
            "revoked",
        ]

    async def test_a_company_never_verifies_its_own(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        headers = service.local(recorded["company"])
        row = (await upload(service, recorded["row"], PDF, headers)).json()
        await service.send(
            "PUT",
            f"/certifications/{row['id']}/review",
            {"decision": "verified"},
            row,
            headers,
            expect=403,
        )
        vendor = service.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4())
        await service.send(
            "PUT",
            f"/certifications/{row['id']}/review",
            {"decision": "verified"},
            row,
            vendor,
            expect=403,
        )

    async def test_no_evidence_no_verification_and_a_rejection_gives_a_reason(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        row = recorded["row"]
        response = await service.http.put(
            f"/certifications/{row['id']}/review",
            json={"decision": "verified"},
            headers={**service.pm, "If-Match": '"1"'},
        )
        service.problem(response, 409, "no_evidence")
        response = await service.http.put(
            f"/certifications/{row['id']}/review",
            json={"decision": "rejected"},
            headers={**service.pm, "If-Match": '"1"'},
        )
        service.problem(response, 422)
        rejected = await service.send(
            "PUT",
            f"/certifications/{row['id']}/review",
            {"decision": "rejected", "reason": "Номер не найден на сайте вендора"},
            row,
        )
        assert rejected["status"] == "rejected"
        # new evidence sends it back to review
        resubmitted = await upload(service, rejected, PNG, service.local(recorded["company"]))
        assert resubmitted.json()["status"] == "submitted"

    async def test_a_credential_url_is_evidence_enough(self, service: TrainingHarness) -> None:
        company = uuid.uuid4()
        course = await service.course()
        trainee = await service.trainee(company)
        row = await service.create(
            "/certifications",
            {
                "trainee_id": trainee["id"],
                "course_id": course["id"],
                "certificate_number": "CR-77",
                "obtained_on": "2026-03-01",
                "expires_on": "2027-03-01",
                "credential_url": "https://www.credly.com/badges/0000-1111",
            },
            service.local(company),
        )
        assert row["expires_on"] == "2027-03-01"
        verified = await service.send(
            "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, row
        )
        assert verified["status"] == "verified"

    async def test_only_a_verified_one_is_revoked_and_a_revoked_one_stays_so(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        row = recorded["row"]
        response = await service.http.put(
            f"/certifications/{row['id']}/revocation",
            json={"reason": "?"},
            headers={**service.pm, "If-Match": '"1"'},
        )
        service.problem(response, 409, "certification_not_verified")


class TestAccess:
    async def test_another_company_sees_neither_the_record_nor_the_file(
        self, service: TrainingHarness, recorded: Any, tmp_path: Path
    ) -> None:
        row = await upload(service, recorded["row"], PDF, service.local(recorded["company"]))
        row = row.json()
        stranger = service.local(uuid.uuid4())
        for path in ("", "/evidence", "/history"):
            service.problem(
                await service.http.get(f"/certifications/{row['id']}{path}", headers=stranger),
                404,
            )
        response = await upload(service, row, PNG, stranger)
        service.problem(response, 404)
        stored = {p.name for p in (tmp_path / "evidence").iterdir()}
        assert stored == {hashlib.sha256(PDF).hexdigest()}  # the stranger's file was not kept
        listed = await service.get("/certifications", stranger)
        assert listed["items"] == []


class TestBadge:
    async def test_a_verified_certification_is_a_signed_badge_anyone_can_check_offline(
        self, service: TrainingHarness, recorded: Any
    ) -> None:
        row = await upload(service, recorded["row"], PDF, service.local(recorded["company"]))
        row = row.json()
        path = f"/certifications/{row['id']}/badge"
        service.problem(await service.http.get(path, headers=service.pm), 409)
        await service.send(
            "PUT", f"/certifications/{row['id']}/review", {"decision": "verified"}, row
        )
        badge = await service.get(path, service.local(recorded["company"]))
        key = (await service.http.get("/certifications/badge-key")).json()  # no token
        claims = pyjwt.decode(badge["jwt"], key["public_key_pem"], algorithms=["EdDSA"])
        assert claims == badge["credential"]
        assert pyjwt.get_unverified_header(badge["jwt"])["typ"] == "vc+jwt"
        assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert claims["validUntil"] == "2029-01-31T23:59:59Z"
        achievement = claims["credentialSubject"]["achievement"]
        assert achievement["name"] == "Cisco Certified Network Associate"
        verification = claims["blpVerification"]
        assert (verification["level"], verification["verifiedBy"], verification["companyId"]) == (
            "Associate",
            "pm-1",
            str(recorded["company"]),
        )
        # the holder by a salted hash of the email, never by name or address in clear
        assert recorded["trainee"]["email"] not in badge["jwt"]
        assert recorded["trainee"]["name"] not in str(claims)
        identity = claims["credentialSubject"]["identifier"][0]
        assert identity["identityHash"].startswith("sha256$") and identity["hashed"] is True

        # a level edited in the credential no longer verifies
        header, payload, signature = badge["jwt"].split(".")
        forged = pyjwt.api_jws.base64url_encode(
            pyjwt.api_jws.base64url_decode(payload).replace(b"Associate", b"Professional")
        ).decode()
        with pytest.raises(pyjwt.InvalidSignatureError):
            pyjwt.decode(
                f"{header}.{forged}.{signature}", key["public_key_pem"], algorithms=["EdDSA"]
            )
        service.problem(await service.http.get(path, headers=service.local(uuid.uuid4())), 404)
