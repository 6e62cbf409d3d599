"""Company profiles over real HTTP on a real database: create, read, change, publish, access."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.auth import Role

if TYPE_CHECKING:
    from conftest import RegistryHarness


def etag_of(company: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'"{company["version"]}"'}


class TestCreate:
    async def test_create_returns_the_profile_with_etag_and_location(
        self, registry: RegistryHarness
    ) -> None:
        response = await registry.http.post(
            "/companies", json=registry.payload(), headers=registry.staff
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert response.headers["etag"] == '"1"'
        assert response.headers["location"] == f"/companies/{body['id']}"
        assert body["display_name"] == "Қазақ Софт" and body["publication"] == "draft"
        assert body["in_scope"] is True and body["years_in_business"] >= 10
        assert body["certifications"][0]["source"] == "self_declared"
        assert body["contacts"][0]["name"] == "Айгерим Сапарова"

    async def test_bad_bin_unknown_codes_and_wrong_types_name_their_fields(
        self, registry: RegistryHarness
    ) -> None:
        response = await registry.http.post(
            "/companies",
            headers=registry.staff,
            json={
                **registry.payload(),
                "bin": "123456789012",
                "segments": ["bakery"],
                "employees": "many",
                "region": "atlantis",
                "capabilities": ["telepathy"],
            },
        )
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["errors"]}
        assert {"bin", "segments", "employees", "region", "capabilities"} <= fields

    async def test_a_nul_in_text_is_a_422_naming_its_field_and_writes_nothing(
        self, registry: RegistryHarness
    ) -> None:
        """PostgreSQL refuses NUL in text: it must be a 422 at the edge on both engines, in
        nested lists too, never a failed INSERT."""
        cases = {
            "display_name": {"display_name": "Дала\x00 🚀"},
            "tags": {"tags": ["ok", "b\x00d"]},
            "products": {"products": [{"name": "ERP\x00", "category": "erp"}]},
        }
        for field, override in cases.items():
            payload = registry.payload(**override)
            response = await registry.http.post("/companies", json=payload, headers=registry.staff)
            assert response.status_code == 422, response.text
            assert [e["field"].split(".")[0] for e in response.json()["errors"]] == [field]
            found = await registry.http.get(
                "/companies", params={"bin": payload["bin"]}, headers=registry.staff
            )
            assert found.json()["items"] == []
        good, bad = registry.payload(), registry.payload(description="x\x00y")
        job = await registry.import_file(
            "/companies/import", json.dumps([good, bad]).encode(), content_type="application/json"
        )
        report = job["report"]
        assert (report["created"], report["rejected"]) == (1, 1)
        assert report["errors"][0]["line"] == 2 and "description" in report["errors"][0]["reason"]

    async def test_duplicate_bin_is_a_409_naming_the_rule(self, registry: RegistryHarness) -> None:
        first = await registry.create()
        again = await registry.http.post(
            "/companies", json=registry.payload(bin=first["bin"]), headers=registry.staff
        )
        assert again.status_code == 409 and again.json()["rule"] == "bin_unique"

    async def test_idempotency_key_replays_conflicts_and_refuses_other_bodies(
        self, registry: RegistryHarness
    ) -> None:
        payload = registry.payload()
        headers = {**registry.staff, "Idempotency-Key": "create-1"}
        first = await registry.http.post("/companies", json=payload, headers=headers)
        retry = await registry.http.post("/companies", json=payload, headers=headers)
        other = await registry.http.post("/companies", json=registry.payload(), headers=headers)
        assert first.status_code == retry.status_code == 201
        assert retry.json()["id"] == first.json()["id"]
        assert retry.headers["idempotent-replayed"] == "true"
        assert other.status_code == 422
        listed = await registry.http.get(
            "/companies", params={"bin": payload["bin"]}, headers=registry.staff
        )
        assert len(listed.json()["items"]) == 1

    async def test_company_users_and_anonymous_callers_cannot_create(
        self, registry: RegistryHarness
    ) -> None:
        own = registry.as_(Role.LOCAL_COMPANY, uuid.uuid4())
        assert (
            await registry.http.post("/companies", json=registry.payload(), headers=own)
        ).status_code == 403
        assert (await registry.http.post("/companies", json=registry.payload())).status_code == 401


class TestUpdate:
    async def test_patch_needs_if_match_and_refuses_stale_versions(
        self, registry: RegistryHarness
    ) -> None:
        company = await registry.create()
        url = f"/companies/{company['id']}"
        missing = await registry.http.patch(url, json={"employees": 50}, headers=registry.staff)
        assert missing.status_code == 428
        ok = await registry.http.patch(
            url, json={"employees": 50}, headers={**registry.staff, **etag_of(company)}
        )
        assert ok.status_code == 200 and ok.json()["employees"] == 50
        assert ok.headers["etag"] == '"2"'
        stale = await registry.http.patch(
            url, json={"employees": 60}, headers={**registry.staff, **etag_of(company)}
        )
        assert stale.status_code == 412

    async def test_unchanged_patch_keeps_the_version(self, registry: RegistryHarness) -> None:
        company = await registry.create()
        same = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"employees": company["employees"]},
            headers={**registry.staff, **etag_of(company)},
        )
        assert same.status_code == 200 and same.json()["version"] == company["version"]

    async def test_bin_and_kind_cannot_be_patched(self, registry: RegistryHarness) -> None:
        company = await registry.create()
        response = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"bin": "060240012347", "kind": "international"},
            headers={**registry.staff, **etag_of(company)},
        )
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} == {"bin", "kind"}

    async def test_city_must_lie_in_the_stored_region(self, registry: RegistryHarness) -> None:
        company = await registry.create()
        response = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"city": "shymkent"},
            headers={**registry.staff, **etag_of(company)},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "city"

    async def test_history_records_who_when_before_and_after(
        self, registry: RegistryHarness
    ) -> None:
        company = await registry.create()
        await registry.http.patch(
            f"/companies/{company['id']}",
            json={"employees": 99, "tags": ["ERP", "🚀"]},
            headers={**registry.staff, **etag_of(company)},
        )
        history = await registry.http.get(
            f"/companies/{company['id']}/history", headers=registry.staff
        )
        assert history.status_code == 200
        latest, created = history.json()["items"]
        assert latest["action"] == "updated" and latest["actor_role"] == "programme_manager"
        assert latest["before"] == {"employees": 42, "tags": ["финтех"]}
        assert latest["after"] == {"employees": 99, "tags": ["ERP", "🚀"]}
        assert created["action"] == "created" and created["before"] is None

    async def test_concurrent_updates_with_the_same_etag_let_exactly_one_win(
        self, registry: RegistryHarness
    ) -> None:
        company = await registry.create()
        responses = await asyncio.gather(
            *(
                registry.http.patch(
                    f"/companies/{company['id']}",
                    json={"employees": 100 + i},
                    headers={**registry.staff, **etag_of(company)},
                )
                for i in range(8)
            )
        )
        assert sorted(r.status_code for r in responses) == [200] + [412] * 7


class TestAccess:
    async def test_company_users_edit_their_own_profile_only(
        self, registry: RegistryHarness
    ) -> None:
        mine, theirs = await registry.create(), await registry.create()
        me = registry.as_(Role.LOCAL_COMPANY, mine["id"])
        own = await registry.http.patch(
            f"/companies/{mine['id']}", json={"employees": 7}, headers={**me, **etag_of(mine)}
        )
        assert own.status_code == 200
        other = await registry.http.patch(
            f"/companies/{theirs['id']}", json={"employees": 7}, headers={**me, **etag_of(theirs)}
        )
        assert other.status_code == 404  # a draft of someone else: not even its existence

    async def test_company_cannot_publish_itself_or_change_its_status(
        self, registry: RegistryHarness
    ) -> None:
        mine = await registry.create()
        me = registry.as_(Role.LOCAL_COMPANY, mine["id"])
        publish = await registry.http.post(
            f"/companies/{mine['id']}/publish", headers={**me, **etag_of(mine)}
        )
        status = await registry.http.post(
            f"/companies/{mine['id']}/status",
            json={"status": "inactive"},
            headers={**me, **etag_of(mine)},
        )
        assert publish.status_code == 403 and status.status_code == 403

    async def test_company_a_cannot_read_company_b_contacts_history_or_draft(
        self, registry: RegistryHarness
    ) -> None:
        a, b = await registry.create(), await registry.create()
        b = await registry.publish(b)
        token_a = registry.as_(Role.LOCAL_COMPANY, a["id"])
        profile = (await registry.http.get(f"/companies/{b['id']}", headers=token_a)).json()
        assert "contacts" not in profile and "private_sector_share" not in profile
        assert (
            await registry.http.get(f"/companies/{b['id']}/history", headers=token_a)
        ).status_code == 404
        draft = await registry.create()
        assert (
            await registry.http.get(f"/companies/{draft['id']}", headers=token_a)
        ).status_code == 404
        own = (await registry.http.get(f"/companies/{a['id']}", headers=token_a)).json()
        assert own["contacts"] and own["private_sector_share"] == 70

    async def test_anonymous_callers_see_published_local_profiles_only(
        self, registry: RegistryHarness
    ) -> None:
        local = await registry.publish(await registry.create())
        foreign = await registry.publish(
            await registry.create(
                kind="international",
                bin=None,
                foreign_registration_number="HRB 1",
                country="DE",
                region=None,
                city=None,
            )
        )
        draft = await registry.create()
        assert (await registry.http.get(f"/companies/{local['id']}")).status_code == 200
        assert (await registry.http.get(f"/companies/{foreign['id']}")).status_code == 404
        assert (await registry.http.get(f"/companies/{draft['id']}")).status_code == 404
        listed = (await registry.http.get("/companies")).json()["items"]
        assert [c["id"] for c in listed] == [local["id"]]
        assert "contacts" not in listed[0]

    async def test_publish_twice_is_a_409(self, registry: RegistryHarness) -> None:
        company = await registry.publish(await registry.create())
        again = await registry.http.post(
            f"/companies/{company['id']}/publish", headers={**registry.staff, **etag_of(company)}
        )
        assert again.status_code == 409 and again.json()["rule"] == "already_published"
        assert company["stale"] is False


class TestCertificationRoundTrip:
    """Issue 12, defect 2: a client sends back the certifications it read."""

    async def verified_company(self, registry: RegistryHarness) -> dict[str, Any]:
        company = await registry.create()
        await registry.add_verified(company["id"], "Cisco", "CCNP Enterprise")
        read = await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        return read.json()

    async def test_the_list_read_with_its_sources_is_accepted_back_unchanged(
        self, registry: RegistryHarness
    ) -> None:
        company = await self.verified_company(registry)
        assert [c["source"] for c in company["certifications"]] == [
            "self_declared",
            "programme_verified",
        ]
        me = registry.as_(Role.LOCAL_COMPANY, company["id"])
        sent = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"certifications": company["certifications"]},
            headers={**me, **etag_of(company)},
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["version"] == company["version"]  # nothing changed
        assert sent.json()["certifications"] == company["certifications"]

    async def test_a_declared_certification_changes_beside_the_verified_one(
        self, registry: RegistryHarness
    ) -> None:
        company = await self.verified_company(registry)
        declared, verified = company["certifications"]
        me = registry.as_(Role.LOCAL_COMPANY, company["id"])
        sent = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"certifications": [{**declared, "staff_count": 5}, verified]},
            headers={**me, **etag_of(company)},
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["certifications"] == [{**declared, "staff_count": 5}, verified]

    async def test_leaving_a_verified_certification_out_keeps_it(
        self, registry: RegistryHarness
    ) -> None:
        company = await self.verified_company(registry)
        _declared, verified = company["certifications"]
        sent = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"certifications": []},
            headers={**registry.staff, **etag_of(company)},
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["certifications"] == [verified]

    async def test_a_verified_certification_cannot_be_edited_or_claimed(
        self, registry: RegistryHarness
    ) -> None:
        company = await self.verified_company(registry)
        declared, verified = company["certifications"]
        me = registry.as_(Role.LOCAL_COMPANY, company["id"])
        for certifications, index in (
            ([declared, {**verified, "staff_count": 40}], 1),
            ([{**declared, "source": "programme_verified"}, verified], 0),
        ):
            refused = await registry.http.patch(
                f"/companies/{company['id']}",
                json={"certifications": certifications},
                headers={**me, **etag_of(company)},
            )
            assert refused.status_code == 422, refused.text
            assert refused.json()["errors"][0]["field"] == f"certifications.{index}"
        unchanged = await registry.http.get(f"/companies/{company['id']}", headers=me)
        assert unchanged.json()["certifications"] == company["certifications"]

    async def test_declaring_again_what_the_programme_verified_is_refused(
        self, registry: RegistryHarness
    ) -> None:
        """Sent back without its source, a verified entry would become a duplicate."""
        company = await self.verified_company(registry)
        declared, verified = company["certifications"]
        copy = {k: v for k, v in verified.items() if k != "source"}
        refused = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"certifications": [declared, copy]},
            headers={**registry.staff, **etag_of(company)},
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "certifications.1"

    async def test_a_new_company_cannot_claim_a_verified_certification(
        self, registry: RegistryHarness
    ) -> None:
        claimed = registry.payload(
            certifications=[
                {
                    "kind": "staff_certification",
                    "vendor": "Cisco",
                    "name": "CCNA",
                    "source": "programme_verified",
                }
            ]
        )
        response = await registry.http.post("/companies", json=claimed, headers=registry.staff)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "certifications"


class TestPublicContacts:
    """Issue 12, defect 10: partners see the contacts a company published for them."""

    async def test_international_companies_see_the_public_contacts_only(
        self, registry: RegistryHarness
    ) -> None:
        contacts = [
            {"name": "Айгерим Сапарова", "email": "a@example.kz", "public": False},
            {"name": "Sales desk", "email": "sales@example.kz", "public": True},
        ]
        company = await registry.publish(await registry.create(contacts=contacts))
        partner = registry.as_(Role.INTERNATIONAL_COMPANY, uuid.uuid4())
        local = registry.as_(Role.LOCAL_COMPANY, uuid.uuid4())
        url = f"/companies/{company['id']}"
        seen = (await registry.http.get(url, headers=partner)).json()
        assert [c["name"] for c in seen["contacts"]] == ["Sales desk"]
        assert "private_sector_share" not in seen and "programme" not in seen
        listed = await registry.http.get(
            "/companies", params={"bin": company["bin"]}, headers=partner
        )
        assert listed.json()["items"] == [seen]
        assert "contacts" not in (await registry.http.get(url, headers=local)).json()
        assert "contacts" not in (await registry.http.get(url)).json()
        staff = (await registry.http.get(url, headers=registry.staff)).json()
        assert [c["public"] for c in staff["contacts"]] == [False, True]

    async def test_public_contacts_are_available_to_shortlists(
        self, registry: RegistryHarness
    ) -> None:
        from registry.company.queries import public_contacts

        from shared.db import create_engine, session_factory

        company = await registry.create(
            contacts=[{"name": "Private"}, {"name": "Partners", "public": True}]
        )
        engine = create_engine(registry.database_url)
        try:
            async with session_factory(engine)() as session:
                found = await public_contacts(
                    session=session, company_ids=[uuid.UUID(company["id"])]
                )
        finally:
            await engine.dispose()
        assert [c["name"] for c in found[uuid.UUID(company["id"])]] == ["Partners"]

    async def test_public_is_a_boolean_and_a_company_sets_it_on_its_contacts(
        self, registry: RegistryHarness
    ) -> None:
        response = await registry.http.post(
            "/companies",
            json=registry.payload(contacts=[{"name": "X", "public": "yes"}]),
            headers=registry.staff,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "contacts.0.public"
        company = await registry.create(contacts=[{"name": "X"}])
        assert company["contacts"][0]["public"] is False
        me = registry.as_(Role.LOCAL_COMPANY, company["id"])
        changed = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"contacts": [{"name": "X", "public": True}]},
            headers={**me, **etag_of(company)},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["contacts"] == [
            {"name": "X", "position": None, "email": None, "phone": None, "public": True}
        ]


class TestStrictNumbers:
    """Issue 15, item 4: booleans are not integers."""

    async def test_a_boolean_count_is_a_422_naming_its_field(
        self, registry: RegistryHarness
    ) -> None:
        cases = {
            "employees": {"employees": True},
            "private_sector_share": {"private_sector_share": False},
            "certifications.0.staff_count": {
                "certifications": [
                    {"kind": "staff_certification", "vendor": "C", "name": "N", "staff_count": True}
                ]
            },
        }
        for field, override in cases.items():
            response = await registry.http.post(
                "/companies", json=registry.payload(**override), headers=registry.staff
            )
            assert response.status_code == 422, response.text
            assert [e["field"] for e in response.json()["errors"]] == [field]


class TestStale:
    """Issue 12, defect 7: stale is "published and not re-verified for a year"."""

    async def test_a_draft_is_never_stale_and_an_old_verification_is(
        self, registry: RegistryHarness
    ) -> None:
        import sqlalchemy as sa
        from registry.company.models import Company

        from shared.db import create_engine

        draft = await registry.create()
        assert draft["stale"] is False
        old = await registry.publish(await registry.create())
        assert old["stale"] is False
        engine = create_engine(registry.database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(
                    sa.update(Company)
                    .where(Company.id == uuid.UUID(old["id"]))
                    .values(last_verified_at=datetime.now(UTC) - timedelta(days=400))
                )
        finally:
            await engine.dispose()
        read = await registry.http.get(f"/companies/{old['id']}", headers=registry.staff)
        assert read.json()["stale"] is True
        stale = await registry.http.get(
            "/companies", params={"stale": "true"}, headers=registry.staff
        )
        assert [c["id"] for c in stale.json()["items"]] == [old["id"]]
        fresh = await registry.http.get(
            "/companies", params={"stale": "false"}, headers=registry.staff
        )
        assert {c["id"] for c in fresh.json()["items"]} == {draft["id"]}


async def test_every_company_route_documents_a_typed_response(registry: RegistryHarness) -> None:
    """Issue 12: the list's 200 was documented as a string; clients are generated from this."""
    document = (await registry.http.get("/openapi.json")).json()
    expected = {
        ("/companies", "get"): "CompanyPage",
        ("/companies", "post"): "CompanyRead",
        ("/companies/{company_id}", "get"): "CompanyRead",
        ("/companies/{company_id}", "patch"): "CompanyRead",
        ("/companies/{company_id}/publish", "post"): "CompanyRead",
        ("/companies/{company_id}/verify", "post"): "CompanyRead",
        ("/companies/{company_id}/status", "post"): "CompanyRead",
        ("/companies/{company_id}/history", "get"): "Page_CompanyChangeRead_",
        ("/companies/import", "post"): "ImportJobRead_ImportReport_",
        ("/companies/import-jobs/{job_id}", "get"): "ImportJobRead_ImportReport_",
    }
    for (path, method), model in expected.items():
        operation = document["paths"][path][method]
        status = {("/companies", "post"): "201", ("/companies/import", "post"): "202"}.get(
            (path, method), "200"
        )
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model}"}, (path, method, schema)
    page = document["components"]["schemas"]["CompanyPage"]
    assert {"items", "next_cursor", "total", "total_is_exact"} <= set(page["properties"])
    assert set(page["required"]) >= {"items", "total", "total_is_exact"}
    patch = document["paths"]["/companies/{company_id}"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    contact = document["components"]["schemas"]["ContactRead"]
    assert "public" in contact["properties"]


def test_a_company_route_takes_only_a_uuid_so_literal_paths_never_reach_it() -> None:
    """``/companies/export`` and ``/companies/import`` worked only because the bulk router
    was registered first; typed ids make the order meaningless."""
    from fastapi.routing import APIRoute
    from registry.company.router import router

    routes = [r for r in router.routes if isinstance(r, APIRoute)]
    for path in ("/companies/export", "/companies/import"):
        assert not [r.path for r in routes if r.path_regex.match(path)], path
    assert any(r.path_regex.match(f"/companies/{uuid.uuid4()}") for r in routes)
