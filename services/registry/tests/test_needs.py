"""Partner needs (``/needs``): explained shortlists, who sees a need, and its history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.auth import Role

if TYPE_CHECKING:
    from conftest import RegistryHarness


class TestShortlist:
    async def test_ranked_with_a_breakdown_a_person_can_check(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        created = await registry.http.post("/needs", json=need_body, headers=owner)
        assert created.status_code == 201, created.text
        shortlist = (
            await registry.http.get(f"/needs/{created.json()['id']}/shortlist", headers=owner)
        ).json()["items"]
        assert [e["display_name"] for e in shortlist] == ["Сеть Про", "Web Studio"]
        best = {line["criterion"]: line for line in shortlist[0]["breakdown"]}
        assert best["capabilities"]["score"] == 1.0 and best["region"]["points"] == 10
        assert best["certifications"]["score"] == 0.5  # self-declared counts half
        assert best["size"]["score"] == 1.0 and best["text"]["score"] == 1.0
        assert shortlist[0]["total"] == sum(line["points"] for line in best.values())
        weak = {line["criterion"]: line for line in shortlist[1]["breakdown"]}
        assert weak["capabilities"]["score"] == 0.5 and weak["region"]["score"] == 0
        assert weak["size"]["detail"] == "6 employees of 50 wanted"

    async def test_a_verified_certification_counts_only_while_valid(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        """The shortlist applies the registry's one validity rule (profiles, search): an
        expired or revoked verified CCNA leaves only the self-declared half credit; one valid
        up to and including today counts fully."""
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        strong, weak = partners["strong"]["id"], partners["weak"]["id"]
        today = datetime.now(UTC).date()

        async def certifications() -> dict[str, dict[str, Any]]:
            response = await registry.http.get(f"/needs/{need['id']}/shortlist", headers=owner)
            assert response.status_code == 200, response.text
            return {
                entry["company_id"]: next(
                    line for line in entry["breakdown"] if line["criterion"] == "certifications"
                )
                for entry in response.json()["items"]
            }

        await registry.add_verified(strong, "Cisco", "CCNA", expires_on=today - timedelta(days=1))
        await registry.add_verified(weak, "Cisco", "CCNA", expires_on=today - timedelta(days=1))
        await registry.add_verified(
            weak, "Cisco", "CCNA", revoked_at=datetime.now(UTC), expires_on=None
        )
        lines = await certifications()
        assert lines[strong]["score"] == 0.5  # the self-declared one only
        assert lines[strong]["detail"] == "0 verified, 1 self-declared of 1 wanted"
        assert lines[weak]["score"] == 0.0

        await registry.add_verified(weak, "Cisco", "CCNA", expires_on=today)
        lines = await certifications()
        assert lines[weak]["score"] == 1.0
        assert lines[weak]["detail"] == "1 verified, 0 self-declared of 1 wanted"

    async def test_needs_are_the_owners_and_staffs_business(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        other = registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4())
        refused = await registry.http.post("/needs", json=need_body, headers=other)
        assert refused.status_code == 403
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        assert (await registry.http.get(f"/needs/{need['id']}", headers=other)).status_code == 404
        assert (
            await registry.http.get(f"/needs/{need['id']}/shortlist", headers=registry.staff)
        ).status_code == 200
        listed = (await registry.http.get("/needs", headers=other)).json()["items"]
        assert listed == []


class TestListing:
    async def test_needs_are_listed_oldest_first_a_page_at_a_time(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        made = []
        for n in range(5):
            response = await registry.http.post(
                "/needs", json={**need_body, "title": f"Need {n}"}, headers=owner
            )
            assert response.status_code == 201, response.text
            made.append(response.json()["id"])
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await registry.http.get("/needs", params=params, headers=owner)).json()
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == made


class TestHistory:
    async def test_a_needs_history_says_who_created_and_changed_it(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        closed = await registry.http.patch(
            f"/needs/{need['id']}",
            json={"status": "closed"},
            headers={**registry.staff, "If-Match": '"1"'},
        )
        assert closed.status_code == 200, closed.text
        history = await registry.http.get(f"/needs/{need['id']}/history", headers=owner)
        assert history.status_code == 200, history.text
        entries = history.json()["items"]
        assert [e["action"] for e in entries] == ["created", "closed"]
        assert [e["actor_role"] for e in entries] == ["international_company", "programme_manager"]
        assert entries[0]["after"]["title"] == "Network integration partner"
        assert entries[0]["version"] == 1
        assert entries[1]["before"] == {"status": "open"}
        assert entries[1]["after"] == {"status": "closed"}
        assert entries[1]["version"] == 2

    async def test_a_needs_history_is_hidden_from_other_companies(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        for stranger in (
            registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4()),
            registry.as_(Role.LOCAL_COMPANY, partners["strong"]["id"]),
        ):
            hidden = await registry.http.get(f"/needs/{need['id']}/history", headers=stranger)
            assert hidden.status_code == 404
        unknown = await registry.http.get(f"/needs/{uuid.uuid4()}/history", headers=registry.staff)
        assert unknown.status_code == 404


class TestChanges:
    async def test_a_need_patched_with_a_null_title_or_status_is_refused_naming_the_field(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        owner = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        need = (await registry.http.post("/needs", json=need_body, headers=owner)).json()
        for field in ("title", "status"):
            refused = await registry.http.patch(
                f"/needs/{need['id']}", json={field: None}, headers={**owner, "If-Match": '"1"'}
            )
            assert refused.status_code == 422, refused.text
            assert refused.json()["errors"][0]["field"] == field
        unchanged = (await registry.http.get(f"/needs/{need['id']}", headers=owner)).json()
        assert unchanged["version"] == 1 and unchanged["title"] == need_body["title"]


class TestExistenceOracle:
    async def test_a_need_for_a_company_not_ones_own_is_refused_alike_whether_it_exists(
        self, registry: RegistryHarness, partners: dict[str, Any], need_body: dict[str, Any]
    ) -> None:
        draft = await registry.create(
            kind="international",
            bin=None,
            country="JP",
            foreign_registration_number="0100-01-000001",
            display_name="Draft KK",
            region=None,
            city=None,
        )
        caller = registry.as_(Role.INTERNATIONAL_COMPANY, partners["foreign"]["id"])
        answers = []
        for company_id in (draft["id"], str(uuid.uuid4())):
            response = await registry.http.post(
                "/needs", json={**need_body, "international_company_id": company_id}, headers=caller
            )
            body = response.json()
            body.pop("request_id", None)
            answers.append((response.status_code, body))
        assert answers[0] == answers[1] and answers[0][0] == 403
        listed = (await registry.http.get("/needs", headers=registry.staff)).json()["items"]
        assert listed == []
