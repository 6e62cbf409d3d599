"""A company's child lists, read as JSON in one statement, come back as the tables hold them.

The lists travel through each engine's own JSON functions (SQLite's json_group_array,
PostgreSQL's json_agg), so a date, a timestamp, a UUID or a decimal could silently come back
differently from one engine than from the other; this pins every type on both.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from registry.company import fields, listing, queries
from registry.company.models import (
    CompanyCapability,
    CompanyCertification,
    CompanyContact,
    CompanyListing,
    CompanyProduct,
    CompanySegment,
)
from registry.company.schemas import CompanyPage
from registry.participation.models import ProgrammeParticipation, VerifiedCertification
from sqlmodel import col

from shared.db import create_engine, session_factory

if TYPE_CHECKING:
    from conftest import RegistryHarness


COHORTS = [uuid.uuid4() for _ in range(3)]
SELECTED = [
    datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
    datetime(2026, 4, 1, 12, 0, tzinfo=UTC),  # no microseconds: PostgreSQL's JSON omits them
    datetime(2026, 5, 1, 8, 0, 0, 1, tzinfo=UTC),
]


def verified(company_id: uuid.UUID, vendor: str, name: str, **values: Any) -> dict[str, Any]:
    return {
        "certification_id": uuid.uuid4(),
        "company_id": company_id,
        "trainee_id": uuid.uuid4(),
        "skills_area": "networks",
        "vendor": vendor,
        "vendor_key": queries.key(vendor),
        "certification": name,
        "certification_key": queries.key(name),
        "level": None,
        "expires_on": None,
        "verified_at": SELECTED[0],
        "revoked_at": None,
        **values,
    }


async def fill_programme_rows(url: str, company_id: uuid.UUID) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.insert(VerifiedCertification),
                [
                    verified(
                        company_id,
                        "Cisco",
                        "CCNP",
                        level="professional",
                        expires_on=date(2027, 5, 1),
                    ),
                    verified(
                        company_id,
                        "Cisco",
                        "CCNP",
                        level="professional",
                        expires_on=date(2027, 3, 1),
                    ),
                    verified(company_id, "Cisco", "CCIE", revoked_at=SELECTED[1]),
                    verified(company_id, "AWS", "Solutions Architect"),
                ],
            )
            await connection.execute(
                sa.insert(ProgrammeParticipation),
                [
                    {
                        "company_id": company_id,
                        "cohort_id": COHORTS[0],
                        "cohort_name": "Когорта 2026",
                        "selected_at": SELECTED[1],
                        "efqm_total": Decimal("600"),
                        "assessment_band": "excellent",
                    },
                    {
                        "company_id": company_id,
                        "cohort_id": COHORTS[1],
                        "cohort_name": None,
                        "selected_at": SELECTED[0],
                        # the methodology's own band, whatever the registry would have said
                        "assessment_band": "developing",
                        "efqm_total": Decimal("512.5"),
                    },
                    {
                        "company_id": company_id,
                        "cohort_id": COHORTS[2],
                        "cohort_name": "Pilot",
                        "selected_at": SELECTED[2],
                        "efqm_total": Decimal("0.05"),
                        "assessment_band": None,  # an event before bands
                    },
                ],
            )
    finally:
        await engine.dispose()


async def reference_details(session: Any, company_id: uuid.UUID) -> queries.Details:
    """The lists read the plain way, one query per table, typed by SQLAlchemy itself."""

    async def rows(*columns: Any, where: Any, order_by: Any = None) -> list[Any]:
        statement = sa.select(*columns).where(where)
        if order_by is not None:
            statement = statement.order_by(order_by)
        return list((await session.execute(statement)).all())

    def of(table: Any) -> Any:
        return table.company_id == company_id

    def columns(table: Any, fields: tuple[str, ...]) -> list[Any]:
        return [getattr(table, f) for f in fields]

    return queries.Details(
        segments=[
            r[0]
            for r in await rows(
                CompanySegment.segment, where=of(CompanySegment), order_by=CompanySegment.segment
            )
        ],
        capabilities=[
            r[0]
            for r in await rows(
                CompanyCapability.capability,
                where=of(CompanyCapability),
                order_by=CompanyCapability.capability,
            )
        ],
        products=[
            dict(zip(fields.PRODUCT_FIELDS, r, strict=True))
            for r in await rows(
                *columns(CompanyProduct, fields.PRODUCT_FIELDS),
                where=of(CompanyProduct),
                order_by=CompanyProduct.ordinal,
            )
        ],
        certifications=[
            dict(zip(fields.CERTIFICATION_FIELDS, r, strict=True))
            for r in await rows(
                *columns(CompanyCertification, fields.CERTIFICATION_FIELDS),
                where=of(CompanyCertification),
                order_by=CompanyCertification.ordinal,
            )
        ],
        contacts=[
            dict(zip(fields.CONTACT_FIELDS, r, strict=True))
            for r in await rows(
                *columns(CompanyContact, fields.CONTACT_FIELDS),
                where=of(CompanyContact),
                order_by=CompanyContact.ordinal,
            )
        ],
        verified=[
            queries.VerifiedRow(*r)
            for r in await rows(
                VerifiedCertification.vendor,
                VerifiedCertification.certification,
                VerifiedCertification.level,
                VerifiedCertification.expires_on,
                VerifiedCertification.trainee_id,
                where=of(VerifiedCertification) & col(VerifiedCertification.revoked_at).is_(None),
            )
        ],
        participation=[
            queries.ParticipationRow(*r)
            for r in await rows(
                ProgrammeParticipation.cohort_id,
                ProgrammeParticipation.cohort_name,
                ProgrammeParticipation.selected_at,
                ProgrammeParticipation.efqm_total,
                ProgrammeParticipation.assessment_band,
                where=of(ProgrammeParticipation),
                order_by=col(ProgrammeParticipation.selected_at).nulls_last(),
            )
        ],
    )


def typed(detail: queries.Details) -> list[Any]:
    """Every value with its type and zone, so 512.5 and Decimal("512.50") cannot pass as equal."""
    return [(name, _values(item)) for name, items in detail.__dict__.items() for item in items]


def _values(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return [(k, _typed(v)) for k, v in item.items()]
    if isinstance(item, tuple):
        return [_typed(v) for v in item]
    return [_typed(item)]


def _typed(value: Any) -> tuple[str, str, Any]:
    # str() keeps what == hides: a decimal's places, a timestamp's offset
    return type(value).__name__, str(value), getattr(value, "tzinfo", None)


class TestDetailsReadBack:
    async def test_every_list_reads_back_as_the_tables_hold_it(
        self, registry: RegistryHarness
    ) -> None:
        created = await registry.create(
            segments=["software_development", "it_outsourcing"],
            capabilities=["web_development", "mobile_development", "cloud_hosting"],
            products=[
                {"name": "Dala ERP", "category": "erp", "description": "ERP для МСБ"},
                {"name": 'Qazaq "Quote" \\ CRM', "category": "crm", "description": None},
            ],
            certifications=[
                {
                    "kind": "company_accreditation",
                    "vendor": "ISO",
                    "name": "ISO 27001",
                    "expires_on": "2027-12-31",
                },
                {
                    "kind": "staff_certification",
                    "vendor": "Cisco",
                    "name": "CCNA",
                    "staff_count": 2,
                },
            ],
            contacts=[
                {"name": "Айгерим Сапарова", "position": "CEO", "email": "a@example.kz"},
                {"name": "Bob", "phone": "+7 701 000 00 01"},
            ],
        )
        company_id = uuid.UUID(created["id"])
        empty = uuid.UUID((await registry.create(capabilities=[], products=[], contacts=[]))["id"])
        await fill_programme_rows(registry.database_url, company_id)

        engine = create_engine(registry.database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                # written past the event handlers above, so the listing is rebuilt by hand
                await listing.refresh_details(session=session, ids=[company_id])
            async with session_factory(engine)() as session:
                expected = await reference_details(session, company_id)
                read = await queries.details(session=session, ids=[company_id, empty])
                company, single = await queries.get_with_details(
                    session=session, company_id=company_id
                )
                expected_empty = await reference_details(session, empty)
                listed_lists = dict(
                    (
                        await session.execute(
                            sa.select(CompanyListing.company_id, CompanyListing.lists)
                        )
                    ).all()  # type: ignore[call-overload]
                )
        finally:
            await engine.dispose()

        dialect = engine.dialect.name
        kept = {i: queries.details_of(lists, dialect) for i, lists in listed_lists.items()}
        assert company.id == company_id
        assert (
            typed(read[company_id]) == typed(expected) == typed(single) == typed(kept[company_id])
        )
        assert typed(read[empty]) == typed(expected_empty) == typed(kept[empty])
        assert read[empty].products == read[empty].participation == []
        assert [p.efqm_total for p in single.participation] == [
            Decimal("512.50"),
            Decimal("600.00"),
            Decimal("0.05"),
        ]
        assert [p.selected_at for p in single.participation] == sorted(SELECTED)

        body = (await registry.http.get(f"/companies/{company_id}", headers=registry.staff)).json()
        assert body["programme"] == [
            {
                "cohort_id": str(COHORTS[1]),
                "cohort_name": None,
                "selected_at": "2026-03-01T09:30:15.123456Z",
                "efqm_total": "512.50",
                "assessment_band": "developing",
            },
            {
                "cohort_id": str(COHORTS[0]),
                "cohort_name": "Когорта 2026",
                "selected_at": "2026-04-01T12:00:00Z",
                "efqm_total": "600.00",
                "assessment_band": "excellent",
            },
            {
                "cohort_id": str(COHORTS[2]),
                "cohort_name": "Pilot",
                "selected_at": "2026-05-01T08:00:00.000001Z",
                "efqm_total": "0.05",
                "assessment_band": None,
            },
        ]
        assert body["certifications"] == [
            {
                "kind": "company_accreditation",
                "vendor": "ISO",
                "name": "ISO 27001",
                "level": None,
                "staff_count": None,
                "source": "self_declared",
                "expires_on": "2027-12-31",
            },
            {
                "kind": "staff_certification",
                "vendor": "Cisco",
                "name": "CCNA",
                "level": None,
                "staff_count": 2,
                "source": "self_declared",
                "expires_on": None,
            },
            {
                "kind": "staff_certification",
                "vendor": "AWS",
                "name": "Solutions Architect",
                "level": None,
                "staff_count": 1,
                "source": "programme_verified",
                "expires_on": None,
            },
            {
                "kind": "staff_certification",
                "vendor": "Cisco",
                "name": "CCNP",
                "level": "professional",
                "staff_count": 2,
                "source": "programme_verified",
                "expires_on": "2027-03-01",
            },
        ]
        assert body["products"][1]["name"] == 'Qazaq "Quote" \\ CRM'
        assert body["segments"] == ["it_outsourcing", "software_development"]
        assert body["contacts"][1] == {
            "name": "Bob",
            "position": None,
            "email": None,
            "phone": "+7 701 000 00 01",
            "public": False,
        }
        listed = await registry.http.get(
            "/companies", headers=registry.staff, params={"bin": created["bin"]}
        )
        assert listed.json()["items"] == [body]
        # the list skips the response model's re-validation (shared.responses): still its shape
        assert (
            CompanyPage.model_validate(listed.json()).model_dump(mode="json", exclude_unset=True)
            == listed.json()
        )


async def test_a_participation_not_yet_selected_comes_last_on_both_engines(
    registry: RegistryHarness,
) -> None:
    """An assessment can arrive before the selection it belongs to (events have no order
    across aggregates): the participation then has no selected_at yet. SQLite sorts NULL
    first and PostgreSQL last; the profile must read the same on both."""
    company_id = uuid.UUID((await registry.create())["id"])
    engine = create_engine(registry.database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.insert(ProgrammeParticipation),
                [
                    {
                        "company_id": company_id,
                        "cohort_id": COHORTS[2],
                        "cohort_name": None,
                        "selected_at": None,
                        "efqm_total": Decimal("300"),
                    },
                    {
                        "company_id": company_id,
                        "cohort_id": COHORTS[0],
                        "cohort_name": "Когорта 2026",
                        "selected_at": SELECTED[0],
                        "efqm_total": Decimal("600"),
                    },
                ],
            )
    finally:
        await engine.dispose()

    body = (await registry.http.get(f"/companies/{company_id}", headers=registry.staff)).json()
    assert [(p["cohort_id"], p["selected_at"]) for p in body["programme"]] == [
        (str(COHORTS[0]), "2026-03-01T09:30:15.123456Z"),
        (str(COHORTS[2]), None),
    ]


async def test_two_changes_to_one_listing_take_turns(registry: RegistryHarness) -> None:
    """An event handler and an API change rebuilding the same company's listing at once: the
    second waits for the first and then reads what it committed (on PostgreSQL, without the
    lock in refresh_details, its INSERT collided with the first's row)."""
    company_id = uuid.UUID((await registry.create())["id"])
    engine = create_engine(registry.database_url)
    sessions = session_factory(engine)

    async def second() -> None:
        async with sessions() as session, session.begin():
            await session.execute(
                sa.delete(CompanyCapability).where(col(CompanyCapability.company_id) == company_id)
            )
            await listing.refresh_details(session=session, ids=[company_id])

    try:
        async with sessions() as first, first.begin():
            await first.execute(
                sa.insert(VerifiedCertification),
                [verified(company_id, "AWS", "Cloud Practitioner")],
            )
            await listing.refresh_details(session=first, ids=[company_id])
            waiting = asyncio.create_task(second())
            await asyncio.sleep(0.5)
            assert not waiting.done()  # it waits for the first to commit
        await waiting
        async with sessions() as session:
            lists = (
                await session.execute(
                    sa.select(CompanyListing.lists).where(  # type: ignore[call-overload]
                        col(CompanyListing.company_id) == company_id
                    )
                )
            ).scalar_one()
            expected = await reference_details(session, company_id)
        kept = queries.details_of(lists, engine.dialect.name)
        assert typed(kept) == typed(expected)
        assert kept.capabilities == [] and [v.vendor for v in kept.verified] == ["AWS"]
    finally:
        await engine.dispose()


async def test_a_company_without_a_listing_row_lists_as_its_profile_reads(
    registry: RegistryHarness,
) -> None:
    """The safety net in search._with_details: a company whose listing row is missing (none
    should be, since registry_0007) is still listed with its lists, read from the tables."""
    created = await registry.create(
        capabilities=["web_development", "cloud_hosting"],
        products=[{"name": "Дала ERP 🚀", "category": "erp", "description": None}],
    )
    listed_with = await registry.create()
    engine = create_engine(registry.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            await session.execute(
                sa.delete(CompanyListing).where(
                    col(CompanyListing.company_id) == uuid.UUID(created["id"])
                )
            )
    finally:
        await engine.dispose()
    for company in (created, listed_with):
        body = (
            await registry.http.get(f"/companies/{company['id']}", headers=registry.staff)
        ).json()
        found = await registry.http.get(
            "/companies", headers=registry.staff, params={"bin": body["bin"]}
        )
        assert found.json()["items"] == [body]
    both = await registry.http.get(
        "/companies", headers=registry.staff, params={"q": "Дала", "limit": 50}
    )
    by_id = {item["id"]: item for item in both.json()["items"]}
    assert by_id[created["id"]]["products"][0]["name"] == "Дала ERP 🚀"
    assert by_id[created["id"]]["capabilities"] == ["cloud_hosting", "web_development"]
