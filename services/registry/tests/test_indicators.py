"""GET /indicators: the registry's linkage figures of a cohort, as of now and as of a past
time, from the linkages' own dates; staff and the ministry only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from registry.linkage.models import Linkage

from shared.auth import Role
from shared.db import create_engine, session_factory, session_scope

T0 = datetime(2026, 1, 10, 9, tzinfo=UTC)


async def _linkages(registry: Any, rows: list[dict[str, Any]]) -> None:
    engine = create_engine(registry.database_url)
    try:
        async for session in session_scope(session_factory(engine)):
            for row in rows:
                session.add(
                    Linkage(
                        linkage_type="subcontracting",
                        stage="contracted",
                        created_by="pm-1",
                        updated_at=row["created_at"],
                        **row,
                    )
                )
    finally:
        await engine.dispose()


def _by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for i in body["indicators"]}


class TestLinkageIndicators:
    async def test_signed_linkages_value_per_currency_and_jobs_as_of_a_time(
        self, registry: Any, partners: dict[str, Any]
    ) -> None:
        cohort = uuid.uuid4()
        local, foreign = uuid.UUID(partners["strong"]["id"]), uuid.UUID(partners["foreign"]["id"])
        weak = uuid.UUID(partners["weak"]["id"])
        await _linkages(
            registry,
            [
                dict(
                    local_company_id=local,
                    international_company_id=foreign,
                    cohort_id=cohort,
                    signed_on=date(2026, 1, 5),
                    contract_value_minor=1_000_050,
                    contract_currency="USD",
                    jobs_created=3,
                    created_at=T0,
                ),
                dict(
                    local_company_id=weak,
                    international_company_id=foreign,
                    cohort_id=cohort,
                    signed_on=date(2026, 3, 1),
                    contract_value_minor=50_000_000,
                    contract_currency="KZT",
                    jobs_created=2,
                    created_at=datetime(2026, 3, 2, tzinfo=UTC),
                ),
                # not signed, and another cohort's: neither counts
                dict(
                    local_company_id=local,
                    international_company_id=foreign,
                    cohort_id=cohort,
                    need_id=None,
                    separate_contract=True,
                    signed_on=None,
                    jobs_created=9,
                    created_at=T0,
                ),
                dict(
                    local_company_id=weak,
                    international_company_id=foreign,
                    cohort_id=uuid.uuid4(),
                    separate_contract=True,
                    signed_on=date(2026, 1, 2),
                    jobs_created=7,
                    contract_value_minor=1,
                    contract_currency="USD",
                    created_at=T0,
                ),
            ],
        )
        now = _by_code(
            (
                await registry.http.get(
                    f"/indicators?cohort_id={cohort}", headers=registry.as_(Role.MINISTRY)
                )
            ).json()
        )
        assert now["linkages_signed"]["value"] == "2"
        assert [(b["dimensions"], b["value"]) for b in now["linkages_signed"]["breakdown"]] == [
            ({"month": "2026-01"}, "1"),
            ({"month": "2026-03"}, "1"),
        ]
        assert now["linkage_jobs_created"]["value"] == "5"
        value = now["linkage_contract_value"]
        assert value["value"] is None  # two currencies: no single figure
        assert [(b["dimensions"]["currency"], b["value"]) for b in value["breakdown"]] == [
            ("KZT", "500000.00"),
            ("USD", "10000.50"),
        ]

        response = await registry.http.get(
            "/indicators",
            params={"cohort_id": str(cohort), "as_of": "2026-02-01T00:00:00Z"},
            headers=registry.staff,
        )
        past = _by_code(response.json())
        assert past["linkages_signed"]["value"] == "1"
        assert [b["dimensions"]["month"] for b in past["linkages_signed"]["breakdown"]] == [
            "2026-01"
        ]
        assert past["linkage_contract_value"]["value"] == "10000.50"
        assert past["linkage_jobs_created"]["value"] == "3"
        assert past["linkages_signed"]["as_of"] == "2026-02-01T00:00:00Z"

    async def test_companies_may_not_read_indicators(self, registry: Any) -> None:
        response = await registry.http.get(
            f"/indicators?cohort_id={uuid.uuid4()}",
            headers=registry.as_(Role.LOCAL_COMPANY, uuid.uuid4()),
        )
        assert response.status_code == 403

    async def test_a_naive_or_future_as_of_is_a_422_naming_it(self, registry: Any) -> None:
        for as_of in ("2027-01-01T00:00:00", "2999-01-01T00:00:00Z"):
            response = await registry.http.get(
                "/indicators",
                params={"cohort_id": str(uuid.uuid4()), "as_of": as_of},
                headers=registry.staff,
            )
            assert response.status_code == 422, response.text
            assert response.json()["errors"][0]["field"] == "as_of"
