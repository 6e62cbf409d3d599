"""Linkages (``/linkages``): what came of a match, the outcome figures they add up to, the
duplicates and the companies a caller cannot see that they must not count or reveal, and the
history of each."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from registry.participation.models import ProgrammeParticipation
from sqlalchemy.ext.asyncio import create_async_engine

from shared.auth import Role
from shared.migrations import downgrade, upgrade
from shared.natsserver import NatsServer
from shared.testing.events import collect

if TYPE_CHECKING:
    from conftest import RegistryHarness


class TestLinkages:
    async def test_stages_only_move_forward_and_signed_contracts_feed_outcomes(
        self, registry: RegistryHarness, partners: dict[str, Any], nats_server: NatsServer
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        created = await registry.http.post(
            "/linkages",
            headers=owner,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "backward",
            },
        )
        assert created.status_code == 201, created.text
        linkage = created.json()
        url = f"/linkages/{linkage['id']}"
        signed = await registry.http.patch(
            url,
            headers={**owner, "If-Match": '"1"'},
            json={
                "stage": "contract_signed",
                "signed_on": "2027-05-01",
                "jobs_created": 12,
                "contract_value": {"amount": "250000.00", "currency": "USD"},
            },
        )
        assert signed.status_code == 200, signed.text
        back = await registry.http.patch(
            url, headers={**owner, "If-Match": '"2"'}, json={"stage": "negotiating"}
        )
        assert back.status_code == 409 and back.json()["rule"] == "linkage_stage_final"
        await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["weak"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "forward",
                "stage": "contract_signed",
                "signed_on": "2027-06-01",
                "jobs_created": 3,
                "contract_value": {"amount": "1000000", "currency": "KZT"},
            },
        )
        outcomes = (
            await registry.http.get(
                "/outcomes", params={"group_by": "region"}, headers=registry.as_(Role.MINISTRY)
            )
        ).json()
        assert outcomes["total"]["contracts_signed"] == 2
        assert outcomes["total"]["jobs_created"] == 15
        assert outcomes["total"]["contract_value"] == [
            {"amount": "1000000.00", "currency": "KZT"},
            {"amount": "250000.00", "currency": "USD"},
        ]
        by_region = {row["group"]: row for row in outcomes["rows"]}
        assert by_region["astana"]["jobs_created"] == 12
        events = await collect(nats_server.url, "registry", 10)  # 7 company events, 3 linkage
        recorded = [e for e in events if e.type == "blp.registry.linkage.recorded"]
        assert [e.data["stage"] for e in recorded] == [
            "contacted",
            "contract_signed",
            "contract_signed",
        ]

    async def test_bad_linkages_are_refused_with_their_field_named(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        swapped = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["foreign"]["id"],
                "international_company_id": partners["strong"]["id"],
                "linkage_type": "backward",
            },
        )
        assert swapped.status_code == 422
        assert swapped.json()["errors"][0]["field"] == "local_company_id"
        unsigned = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "horizontal",
                "stage": "contract_signed",
            },
        )
        assert unsigned.status_code == 422
        assert unsigned.json()["errors"][0]["field"] == "signed_on"
        float_money = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json={
                "local_company_id": partners["strong"]["id"],
                "international_company_id": partners["foreign"]["id"],
                "linkage_type": "forward",
                "contract_value": {"amount": 10.5, "currency": "USD"},
            },
        )
        assert float_money.status_code == 422

    async def test_companies_see_only_linkages_they_are_party_to(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        made = (
            await registry.http.post(
                "/linkages",
                headers=registry.staff,
                json={
                    "local_company_id": partners["strong"]["id"],
                    "international_company_id": partners["foreign"]["id"],
                    "linkage_type": "backward",
                },
            )
        ).json()
        party = registry.as_(Role.LOCAL_COMPANY, partners["strong"]["id"])
        stranger = registry.as_(Role.LOCAL_COMPANY, partners["weak"]["id"])
        assert (
            await registry.http.get(f"/linkages/{made['id']}", headers=party)
        ).status_code == 200
        assert (
            await registry.http.get(f"/linkages/{made['id']}", headers=stranger)
        ).status_code == 404
        assert (await registry.http.get("/linkages", headers=stranger)).json()["items"] == []
        assert (await registry.http.get("/outcomes", headers=stranger)).status_code == 403


def link(partners: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "local_company_id": partners["strong"]["id"],
        "international_company_id": partners["foreign"]["id"],
        "linkage_type": "backward",
    }
    return {**body, **overrides}


def problem(response: Any) -> dict[str, Any]:
    """What a problem tells a caller, less the id of the request that got it."""
    body = dict(response.json())
    body.pop("request_id", None)
    return {"status": response.status_code, **body}


async def linkages_of(registry: RegistryHarness, company_id: str) -> list[dict[str, Any]]:
    response = await registry.http.get(
        "/linkages", params={"company_id": company_id}, headers=registry.staff
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


class TestChanges:
    async def test_a_null_stage_is_refused_naming_the_field(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        made = (
            await registry.http.post("/linkages", headers=registry.staff, json=link(partners))
        ).json()
        refused = await registry.http.patch(
            f"/linkages/{made['id']}",
            headers={**registry.staff, "If-Match": '"1"'},
            json={"stage": None},
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "stage"


class TestExistenceOracle:
    async def test_linking_a_company_the_caller_cannot_see_answers_as_for_no_company(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        draft = partners["hidden"]["id"]
        assert (await registry.http.get(f"/companies/{draft}", headers=owner)).status_code == 404
        hidden = await registry.http.post(
            "/linkages", headers=owner, json=link(partners, local_company_id=draft)
        )
        unknown = await registry.http.post(
            "/linkages", headers=owner, json=link(partners, local_company_id=str(uuid.uuid4()))
        )
        assert hidden.status_code == 422
        assert problem(hidden) == problem(unknown)
        assert hidden.json()["errors"][0]["field"] == "local_company_id"
        assert await linkages_of(registry, draft) == []
        # staff see the draft, so they may record a linkage with it
        staff = await registry.http.post(
            "/linkages", headers=registry.staff, json=link(partners, local_company_id=draft)
        )
        assert staff.status_code == 201, staff.text

    async def test_linking_another_companys_need_answers_as_for_no_need(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        rival = await registry.publish(
            await registry.create(
                kind="international",
                bin=None,
                country="DE",
                foreign_registration_number="HRB-1234",
                display_name="Rival GmbH",
                region=None,
                city=None,
            )
        )
        theirs = await registry.http.post(
            "/needs",
            json={**need_body, "international_company_id": rival["id"]},
            headers=registry.as_(Role.INTERNATIONAL_COMPANY, rival["id"]),
        )
        assert theirs.status_code == 201, theirs.text
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        hidden = await registry.http.post(
            "/linkages", headers=owner, json=link(partners, need_id=theirs.json()["id"])
        )
        unknown = await registry.http.post(
            "/linkages", headers=owner, json=link(partners, need_id=str(uuid.uuid4()))
        )
        assert hidden.status_code == 422
        assert problem(hidden) == problem(unknown)
        assert hidden.json()["errors"][0]["field"] == "need_id"
        assert await linkages_of(registry, partners["strong"]["id"]) == []
        # staff see both needs, but a linkage's need is its own international company's
        mismatched = await registry.http.post(
            "/linkages", headers=registry.staff, json=link(partners, need_id=theirs.json()["id"])
        )
        assert mismatched.status_code == 422
        assert mismatched.json()["errors"][0]["field"] == "need_id"


class TestDuplicates:
    async def test_the_same_linkage_recorded_twice_is_refused_pointing_at_the_first(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        signed = {
            "need_id": need["id"],
            "stage": "contract_signed",
            "signed_on": "2027-05-01",
            "jobs_created": 4,
        }
        first = await registry.http.post("/linkages", headers=owner, json=link(partners, **signed))
        assert first.status_code == 201, first.text
        again = await registry.http.post(
            "/linkages", headers=registry.staff, json=link(partners, **signed)
        )
        assert again.status_code == 409, again.text
        assert again.json()["rule"] == "linkage_duplicate"
        assert again.json()["existing_linkage_id"] == first.json()["id"]
        assert again.headers["Location"] == first.headers["Location"]
        outcomes = (await registry.http.get("/outcomes", headers=registry.staff)).json()
        assert outcomes["total"]["linkages"] == 1
        assert outcomes["total"]["contracts_signed"] == 1
        assert outcomes["total"]["jobs_created"] == 4

    async def test_a_separate_contract_is_recorded_and_counted_on_its_own(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        signed = {"stage": "contract_signed", "signed_on": "2027-05-01", "jobs_created": 4}
        first = await registry.http.post(
            "/linkages", headers=registry.staff, json=link(partners, **signed)
        )
        assert first.status_code == 201, first.text
        assert first.json()["separate_contract"] is False
        second = await registry.http.post(
            "/linkages",
            headers=registry.staff,
            json=link(partners, **{**signed, "signed_on": "2027-09-01"}, separate_contract=True),
        )
        assert second.status_code == 201, second.text
        assert second.json()["separate_contract"] is True
        outcomes = (await registry.http.get("/outcomes", headers=registry.staff)).json()
        assert outcomes["total"]["contracts_signed"] == 2
        assert outcomes["total"]["jobs_created"] == 8

    async def test_concurrent_duplicates_record_one_linkage(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        callers = [owner, registry.staff] * 3
        answers = await asyncio.gather(
            *(registry.http.post("/linkages", headers=h, json=link(partners)) for h in callers)
        )
        assert sorted(a.status_code for a in answers) == [201] + [409] * 5, [
            a.text for a in answers
        ]
        made = next(a for a in answers if a.status_code == 201).json()
        for refused in (a for a in answers if a.status_code == 409):
            assert refused.json()["rule"] == "linkage_duplicate"
            assert refused.json()["existing_linkage_id"] == made["id"]
        assert [x["id"] for x in await linkages_of(registry, partners["strong"]["id"])] == [
            made["id"]
        ]


class TestHistory:
    async def test_a_linkages_history_records_each_stage_change(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        made = (await registry.http.post("/linkages", headers=owner, json=link(partners))).json()
        url = f"/linkages/{made['id']}"
        moved = await registry.http.patch(
            url, headers={**registry.staff, "If-Match": '"1"'}, json={"stage": "negotiating"}
        )
        assert moved.status_code == 200, moved.text
        noted = await registry.http.patch(
            url, headers={**owner, "If-Match": '"2"'}, json={"notes": "second meeting held"}
        )
        assert noted.status_code == 200, noted.text
        history = await registry.http.get(f"{url}/history", headers=owner)
        assert history.status_code == 200, history.text
        entries = history.json()["items"]
        assert [e["action"] for e in entries] == ["created", "stage_changed", "updated"]
        assert [e["version"] for e in entries] == [1, 2, 3]
        assert entries[0]["actor_role"] == "international_company"
        assert entries[0]["after"]["stage"] == "contacted"
        assert entries[1]["actor_role"] == "programme_manager"
        assert (entries[1]["before"], entries[1]["after"]) == (
            {"stage": "contacted"},
            {"stage": "negotiating"},
        )
        assert entries[2]["after"] == {"notes": "second meeting held"}

    async def test_a_linkages_history_is_hidden_from_companies_not_party_to_it(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        made = (
            await registry.http.post("/linkages", headers=registry.staff, json=link(partners))
        ).json()
        url = f"/linkages/{made['id']}/history"
        party = registry.as_(Role.LOCAL_COMPANY, partners["strong"]["id"])
        assert (await registry.http.get(url, headers=party)).status_code == 200
        for stranger in (
            registry.as_(Role.LOCAL_COMPANY, partners["weak"]["id"]),
            registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
        ):
            assert (await registry.http.get(url, headers=stranger)).status_code == 404
        unknown = f"/linkages/{uuid.uuid4()}/history"
        assert (await registry.http.get(unknown, headers=registry.staff)).status_code == 404


class TestMigration:
    def test_0012_keeps_linkages_recorded_twice_and_marks_the_repeat_a_separate_contract(
        self, database: Callable[[str], str]
    ) -> None:
        url = database("registry")
        downgrade("registry", url, "registry_0010")
        sqlite = url.startswith("sqlite")

        def uid(value: uuid.UUID) -> str:
            return value.hex if sqlite else str(value)

        def at(month: int) -> object:
            value = datetime(2026, month, 1, tzinfo=UTC)
            return value.isoformat(sep=" ") if sqlite else value

        local, foreign = uuid.uuid4(), uuid.uuid4()
        first, repeat, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        company = (
            "INSERT INTO company (id, kind, country, display_name, name_key, oked_codes, tags, "
            "in_scope, status, publication, created_at, updated_at, version) VALUES (:id, :kind, "
            "'KZ', 'Co', 'co', '[]', '[]', true, 'active', 'published', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, 1)"
        )
        linkage = (
            "INSERT INTO linkage (id, local_company_id, international_company_id, linkage_type, "
            "stage, created_by, created_at, updated_at, version) VALUES (:id, :local, :foreign, "
            "'backward', 'contacted', 'test', :at, :at, 1)"
        )
        statements: list[tuple[str, dict[str, object]]] = [
            (company, {"id": uid(local), "kind": "local"}),
            (company, {"id": uid(foreign), "kind": "international"}),
        ]
        for linkage_id, month in ((first, 1), (repeat, 2)):
            params = {"id": uid(linkage_id), "local": uid(local), "foreign": uid(foreign)}
            statements.append((linkage, {**params, "at": at(month)}))
        # the same two companies the other way round: another pair, not a repeat
        swapped = {"id": uid(other), "local": uid(foreign), "foreign": uid(local)}
        statements.append((linkage, {**swapped, "at": at(3)}))
        asyncio.run(_run(url, *statements))
        upgrade("registry", url)

        async def marked() -> dict[str, bool]:
            engine = create_async_engine(url)
            try:
                async with engine.connect() as connection:
                    rows = await connection.execute(
                        sa.text("SELECT id, separate_contract FROM linkage")
                    )
                    return {str(uuid.UUID(str(i))): bool(s) for i, s in rows}
            finally:
                await engine.dispose()

        assert asyncio.run(marked()) == {str(first): False, str(repeat): True, str(other): False}


async def _run(url: str, *statements: tuple[str, dict[str, object]]) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            for sql, params in statements:
                await connection.execute(sa.text(sql), params)
    finally:
        await engine.dispose()


class TestOutcomeReport:
    async def test_cohorts_are_named_and_the_period_and_cohort_narrow_the_figures(
        self, registry: RegistryHarness, partners: dict[str, Any]
    ) -> None:
        first, second = uuid.uuid4(), uuid.uuid4()
        async with registry.transaction() as session:
            for company, cohort, name in (
                (partners["strong"]["id"], first, "Когорта Әлем 2027"),
                (partners["weak"]["id"], second, "Cohort B 🚀"),
            ):
                session.add(
                    ProgrammeParticipation(
                        company_id=uuid.UUID(company),
                        cohort_id=cohort,
                        cohort_name=name,
                        selected_at=datetime(2027, 1, 10, tzinfo=UTC),
                    )
                )
        for local, signed_on, jobs in (("strong", "2027-05-01", 12), ("weak", "2027-06-01", 3)):
            created = await registry.http.post(
                "/linkages",
                headers=registry.staff,
                json={
                    "local_company_id": partners[local]["id"],
                    "international_company_id": partners["foreign"]["id"],
                    "linkage_type": "backward",
                    "stage": "contract_signed",
                    "signed_on": signed_on,
                    "jobs_created": jobs,
                    "contract_value": {"amount": "100.00", "currency": "USD"},
                },
            )
            assert created.status_code == 201, created.text
        ministry = {**registry.as_(Role.MINISTRY), "Accept-Language": "kk"}

        async def report(**params: str) -> dict[str, Any]:
            answer = await registry.http.get("/outcomes", params=params, headers=ministry)
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-language"] == "kk"
            assert "Accept-Language" in answer.headers["vary"]
            body: dict[str, Any] = answer.json()
            return body

        whole = await report()
        labels = {row["group"]: row["label"] for row in whole["rows"]}
        assert labels == {str(first): "Когорта Әлем 2027", str(second): "Cohort B 🚀"}
        assert whole["total"]["label"] == "Барлығы" and whole["total"]["jobs_created"] == 15
        june = await report(**{"from": "2027-05-15", "to": "2027-06-30"})
        assert [row["label"] for row in june["rows"]] == ["Cohort B 🚀"]
        assert june["total"]["jobs_created"] == 3 and june["period_from"] == "2027-05-15"
        may_only = await report(**{"to": "2027-05-01"})
        assert may_only["total"]["jobs_created"] == 12
        one = await report(cohort_id=str(first), group_by="region")
        assert one["cohort_id"] == str(first) and one["total"]["jobs_created"] == 12
        assert [(r["group"], r["label"]) for r in one["rows"]] == [("astana", "Астана")]
        nothing = await report(cohort_id=str(uuid.uuid4()))
        assert nothing["rows"] == [] and nothing["total"]["linkages"] == 0

    async def test_a_period_ending_before_it_starts_or_a_bad_cohort_is_a_422(
        self, registry: RegistryHarness
    ) -> None:
        ministry = registry.as_(Role.MINISTRY)
        backwards = await registry.http.get(
            "/outcomes", params={"from": "2027-06-01", "to": "2027-05-01"}, headers=ministry
        )
        body = registry.problem(backwards, 422)
        assert [(e["field"], e["in"]) for e in body["errors"]] == [("to", "query")]
        not_a_day = await registry.http.get(
            "/outcomes", params={"from": "2027-02-30", "cohort_id": "x"}, headers=ministry
        )
        fields = {e["field"] for e in registry.problem(not_a_day, 422)["errors"]}
        assert fields == {"from", "cohort_id"}
