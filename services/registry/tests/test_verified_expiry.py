"""An expired programme-verified certification stops counting (issue 13): from the day after
its ``expires_on`` it is no longer on the profile's "N verified" line, in a result page's
copy of the profile, in the ``verified_only`` search, its total or its facet counts; a renewal
(a new verified certification) counts again. Days are passed in, nothing sleeps; both
engines (the ``database`` fixture)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from registry.company import search
from registry.company.present import company_read
from registry.company.queries import get_with_details
from registry.company.search import SearchQuery

from shared.db import create_engine, session_factory


def verified_lines(body: dict[str, Any]) -> list[tuple[str, int, str | None]]:
    return [
        (c["name"], c["staff_count"], str(c["expires_on"]))
        for c in body["certifications"]
        if c["source"] == "programme_verified"
    ]


async def as_of(registry: Any, company_id: str, day: date) -> dict[str, Any]:
    """What the registry answers on ``day``: the profile, whether ``verified_only`` finds the
    company (page, total and region facet), through the service functions the routes call."""
    engine = create_engine(registry.database_url)
    try:
        async with session_factory(engine)() as session:
            query = SearchQuery(verified_only=True, certification_vendor="cisco", today=day)
            found = await search.search(
                session=session, query=query, viewer=None, staff=True, limit=20, cursor=None
            )
            total = await search.count(session=session, query=query, viewer=None, staff=True)
            facets = await search.facets(
                session=session, query=query, viewer=None, staff=True, names=["region"]
            )
            company, detail = await get_with_details(
                session=session, company_id=uuid.UUID(company_id)
            )
            now = datetime.combine(day, time(12), tzinfo=UTC)
            profile = company_read(company, detail, view="full", now=now)
            listed = [company_read(c, d, view="full", now=now) for c, d in found.items]
    finally:
        await engine.dispose()
    return {
        "found": [str(c["id"]) for c in listed],
        "listed": listed,
        "total": total,
        "facets": facets["region"],
        "profile": verified_lines(profile),
    }


class TestExpiredCertifications:
    async def test_one_expiring_tomorrow_counts_until_it_expires_and_a_renewal_again(
        self, registry: Any
    ) -> None:
        company = await registry.publish(await registry.create(certifications=[]))
        today = datetime.now(UTC).date()
        tomorrow = today + timedelta(days=1)
        await registry.add_verified(company["id"], "Cisco", "CCNA", expires_on=tomorrow)

        for day in (today, tomorrow):  # valid up to and including its expires_on
            seen = await as_of(registry, company["id"], day)
            assert seen["found"] == [company["id"]], day
            assert seen["total"] == (1, True)
            assert seen["facets"] == [{"value": "almaty_city", "count": 1}]
            assert seen["profile"] == [("CCNA", 1, tomorrow.isoformat())]
            assert verified_lines(seen["listed"][0]) == seen["profile"]

        after = await as_of(registry, company["id"], tomorrow + timedelta(days=1))
        assert after["found"] == [] and after["total"] == (0, True) and after["facets"] == []
        assert after["profile"] == []

        # the renewal: a new verified certification of the same, valid for three more years
        renewed_until = tomorrow + timedelta(days=3 * 365)
        await registry.add_verified(company["id"], "Cisco", "CCNA", expires_on=renewed_until)
        renewed = await as_of(registry, company["id"], tomorrow + timedelta(days=1))
        assert renewed["found"] == [company["id"]] and renewed["total"] == (1, True)
        assert renewed["profile"] == [("CCNA", 1, renewed_until.isoformat())]
        # while both were valid, both counted, the earliest expiry shown
        both = await as_of(registry, company["id"], today)
        assert both["profile"] == [("CCNA", 2, tomorrow.isoformat())]

    async def test_a_trainee_holding_a_certificate_and_its_renewal_is_one_staff_member(
        self, registry: Any
    ) -> None:
        """Counted rows before: a renewal verified before the old one expired made one
        engineer two, on the profile and on a search page's copy (the listing) alike."""
        company = await registry.publish(await registry.create(certifications=[]))
        today = datetime.now(UTC).date()
        trainee, other = uuid.uuid4(), uuid.uuid4()
        soon, later = today + timedelta(days=30), today + timedelta(days=1000)
        await registry.add_verified(
            company["id"], "Cisco", "CCNA", trainee_id=trainee, expires_on=soon
        )
        await registry.add_verified(
            company["id"], "Cisco", "CCNA", trainee_id=trainee, expires_on=later
        )
        await registry.add_verified(
            company["id"], "Cisco", "CCNA", trainee_id=other, expires_on=later
        )

        seen = await as_of(registry, company["id"], today)
        assert seen["profile"] == [("CCNA", 2, soon.isoformat())]
        assert verified_lines(seen["listed"][0]) == seen["profile"]
        # once the first expires, its holder still holds the renewal
        after = await as_of(registry, company["id"], soon + timedelta(days=1))
        assert after["profile"] == [("CCNA", 2, later.isoformat())]
        profile = (
            await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        ).json()
        assert verified_lines(profile) == [("CCNA", 2, soon.isoformat())]

    async def test_through_http_an_expired_one_is_neither_counted_nor_found(
        self, registry: Any
    ) -> None:
        company = await registry.publish(await registry.create(certifications=[]))
        today = datetime.now(UTC).date()
        await registry.add_verified(
            company["id"], "Cisco", "CCNA", expires_on=today - timedelta(days=1)
        )
        await registry.add_verified(company["id"], "Cisco", "CCNP", expires_on=today)
        profile = (
            await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        ).json()
        assert verified_lines(profile) == [("CCNP", 1, today.isoformat())]

        async def found(name: str) -> list[str]:
            response = await registry.http.get(
                "/companies",
                headers=registry.staff,
                params={
                    "verified_only": "true",
                    "certification_name": name,
                    "bin": company["bin"],
                    "facets": ["region"],
                },
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["total"] == len(body["items"])
            assert sum(f["count"] for f in body["facets"]["region"]) == len(body["items"])
            return [c["id"] for c in body["items"]]

        assert await found("ccna") == []
        assert await found("ccnp") == [company["id"]]
        # an update may send back what it read; the expired line is simply gone from it
        update = await registry.http.patch(
            f"/companies/{company['id']}",
            json={"certifications": profile["certifications"]},
            headers={**registry.staff, "If-Match": f'"{profile["version"]}"'},
        )
        assert update.status_code == 200, update.text
        assert verified_lines(update.json()) == [("CCNP", 1, today.isoformat())]
