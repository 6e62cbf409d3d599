"""Migrations that change stored data, run over data (the schema-only round trip of every
migration is in tests/test_contract.py). Both engines when BLP_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from registry.company.models import CompanySearch
from registry.company.search import TextMatch
from registry.transliteration import skeleton
from sqlalchemy.ext.asyncio import create_async_engine

from shared.migrations import downgrade, upgrade


async def _run(url: str, *statements: tuple[str, dict[str, object]]) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            for sql, params in statements:
                await connection.execute(sa.text(sql), params)
    finally:
        await engine.dispose()


def test_0004_fills_the_names_of_stored_companies_and_searches_them(
    database: Callable[[str], str],
) -> None:
    url = database("registry")
    downgrade("registry", url, "registry_0003")
    company_id = uuid.uuid4()
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    uid = company_id.hex if dialect == "sqlite" else str(company_id)
    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO company (id, kind, country, display_name, name_ru, name_key, "
                "oked_codes, tags, in_scope, status, publication, created_at, updated_at, "
                "version) VALUES (:id, 'local', 'KZ', 'Дала Клауд 🚀', 'Дала Облако', 'dala', "
                "'[]', '[]', true, 'active', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                {"id": uid},
            ),
            (
                "INSERT INTO company_search (company_id, document) VALUES (:id, :document)",
                {"id": uid, "document": skeleton("Дала Клауд 🚀 Дала Облако хостинг")},
            ),
        )
    )
    upgrade("registry", url)
    names_match = TextMatch.of("облако", "names").condition(dialect)
    rest_match = TextMatch.of("хостинг", "rest").condition(dialect)
    query = sa.select(CompanySearch.company_id, CompanySearch.names)

    async def found() -> tuple[list[sa.Row], list[sa.Row]]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                by_names = (await connection.execute(query.where(names_match))).all()
                by_rest = (await connection.execute(query.where(rest_match))).all()
                return by_names, by_rest
        finally:
            await engine.dispose()

    by_names, by_rest = asyncio.run(found())
    assert [row.names for row in by_names] == [skeleton("Дала Клауд 🚀 Дала Облако")]
    assert len(by_rest) == 1  # in the document, not in the names
    downgrade("registry", url, "registry_0003")  # and back, with the data in place
    upgrade("registry", url)


def test_0009_files_stored_companies_under_their_codes(database: Callable[[str], str]) -> None:
    """The codes come from each company's own rows; on PostgreSQL a search finds the company
    by its words and codes together."""
    url = database("registry")
    downgrade("registry", url, "registry_0008")
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    filed, bare = uuid.uuid4(), uuid.uuid4()
    uid = {c: c.hex if dialect == "sqlite" else str(c) for c in (filed, bare)}
    company = (
        "INSERT INTO company (id, kind, country, display_name, name_key, oked_codes, tags, "
        "in_scope, region, status, publication, created_at, updated_at, version) VALUES (:id, "
        "'local', 'KZ', :name, :name, '[]', '[]', true, :region, 'active', 'published', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
    )
    search = "INSERT INTO company_search (company_id, names, document) VALUES (:id, :name, :name)"
    asyncio.run(
        _run(
            url,
            (company, {"id": uid[filed], "name": "dala", "region": "astana"}),
            (company, {"id": uid[bare], "name": "dala bare", "region": None}),
            (search, {"id": uid[filed], "name": "dala"}),
            (search, {"id": uid[bare], "name": "dala bare"}),
            *(
                (
                    f"INSERT INTO company_{kind} (company_id, {kind}) VALUES (:id, :code)",
                    {"id": uid[filed], "code": code},
                )
                for kind, code in [
                    ("segment", "telecom"),
                    ("segment", "it_outsourcing"),
                    ("capability", "cybersecurity"),
                ]
            ),
            *(
                (
                    "INSERT INTO company_product (id, company_id, ordinal, name, category) "
                    "VALUES (:pid, :id, :n, :name, 'fintech')",
                    {"pid": uuid.uuid4().hex, "id": uid[filed], "n": n, "name": f"Pay {n} 💸"},
                )
                for n in range(2)
            ),
        )
    )
    upgrade("registry", url)
    coded = TextMatch.of("dala", codes=(("capability=cybersecurity",), ("region=astana",)))

    async def read() -> tuple[dict[str, str], list[uuid.UUID]]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                codes = await connection.execute(
                    sa.select(CompanySearch.company_id, CompanySearch.codes)
                )
                found = await connection.execute(
                    sa.select(CompanySearch.company_id).where(coded.condition(dialect))
                )
                return {str(i): c for i, c in codes.all()}, list(found.scalars())
        finally:
            await engine.dispose()

    codes, found = asyncio.run(read())
    assert sorted(codes[str(filed)].split()) == [
        "capability=cybersecurity",
        "product_category=fintech",
        "region=astana",
        "segment=it_outsourcing",
        "segment=telecom",
    ]
    assert codes[str(bare)] == ""
    # SQLite's text match leaves the codes to the caller's filters
    assert found == ([filed] if dialect == "postgresql" else [filed, bare])
    downgrade("registry", url, "registry_0008")  # and back, with the data in place
    upgrade("registry", url)


async def _listed_and_read(url: str, company_id: uuid.UUID) -> tuple[Any, Any]:
    """A company's details as its stored listing holds them, and as the tables give them."""
    from registry.company.models import CompanyListing
    from registry.company.queries import details, details_of

    from shared.db import create_engine, session_factory

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            kept = (
                await session.execute(
                    sa.select(CompanyListing.lists).where(CompanyListing.company_id == company_id)
                )
            ).scalar_one()
            read = await details(session=session, ids=[company_id])
        return details_of(kept, engine.dialect.name), read[company_id]
    finally:
        await engine.dispose()


def test_0011_keeps_stored_contacts_private_and_lists_them_with_the_flag(
    database: Callable[[str], str],
) -> None:
    """Contacts stored before the flag existed stay with staff and the company; the listings
    are rebuilt so a search page reads them as a profile does."""
    url = database("registry")
    downgrade("registry", url, "registry_0010")
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    company_id = uuid.uuid4()
    uid = company_id.hex if dialect == "sqlite" else str(company_id)
    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO company (id, kind, country, display_name, name_key, oked_codes, "
                "tags, in_scope, status, publication, created_at, updated_at, version) VALUES "
                "(:id, 'local', 'KZ', 'Дала', 'dala', '[]', '[]', true, 'active', 'published', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                {"id": uid},
            ),
            (
                "INSERT INTO company_contact (id, company_id, ordinal, name, email) "
                "VALUES (:cid, :id, 0, 'Айгерим', 'a@example.kz')",
                {"cid": uuid.uuid4().hex if dialect == "sqlite" else str(uuid.uuid4()), "id": uid},
            ),
            (
                "INSERT INTO company_listing (company_id, lists) VALUES "
                '(:id, \'[[], [], [], [], [["Айгерим", null, "a@example.kz", null]], [], []]\')',
                {"id": uid},
            ),
        )
    )
    upgrade("registry", url)

    listed, tables = asyncio.run(_listed_and_read(url, company_id))
    expected = [
        {
            "name": "Айгерим",
            "position": None,
            "email": "a@example.kz",
            "phone": None,
            "public": False,
        }
    ]
    assert listed.contacts == tables.contacts == expected
    downgrade("registry", url, "registry_0010")  # and back, with the data in place
    upgrade("registry", url)


def test_0014_leaves_the_band_of_stored_participations_empty_and_relists_them(
    database: Callable[[str], str],
) -> None:
    """A participation stored before the band existed gets none (not one guessed with the
    registry's old cut-offs); the listing written before is rebuilt with the band's place."""
    url = database("registry")
    downgrade("registry", url, "registry_0013")
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    company_id, cohort_id = uuid.uuid4(), uuid.uuid4()

    def uid(value: uuid.UUID) -> str:
        return value.hex if dialect == "sqlite" else str(value)

    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO company (id, kind, country, display_name, name_key, oked_codes, "
                "tags, in_scope, status, publication, created_at, updated_at, version) VALUES "
                "(:id, 'local', 'KZ', 'Дала', 'dala', '[]', '[]', true, 'active', 'published', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                {"id": uid(company_id)},
            ),
            (
                "INSERT INTO programme_participation (company_id, cohort_id, cohort_name, "
                "efqm_total) VALUES (:id, :cohort, 'Когорта', 612.5)",
                {"id": uid(company_id), "cohort": uid(cohort_id)},
            ),
            (
                "INSERT INTO company_listing (company_id, lists) VALUES (:id, :lists)",
                {
                    "id": uid(company_id),
                    "lists": f'[[], [], [], [], [], [], [["{cohort_id}", "Когорта", null, '
                    '"612.50"]]]',
                },
            ),
        )
    )
    upgrade("registry", url)

    listed, tables = asyncio.run(_listed_and_read(url, company_id))
    assert [(p.cohort_id, p.assessment_band) for p in listed.participation] == [(cohort_id, None)]
    assert listed.participation == tables.participation
    downgrade("registry", url, "registry_0012")  # and back, with the data in place
    upgrade("registry", url)


def test_0015_relists_verified_certifications_with_their_trainee(
    database: Callable[[str], str],
) -> None:
    """A listing written before carries a verified certification without whose it is; rebuilt,
    a search page counts its staff as a profile does."""
    url = database("registry")
    downgrade("registry", url, "registry_0014")
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    company_id, trainee_id = uuid.uuid4(), uuid.uuid4()

    def uid(value: uuid.UUID) -> str:
        return value.hex if dialect == "sqlite" else str(value)

    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO company (id, kind, country, display_name, name_key, oked_codes, "
                "tags, in_scope, status, publication, created_at, updated_at, version) VALUES "
                "(:id, 'local', 'KZ', 'Дала', 'dala', '[]', '[]', true, 'active', 'published', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                {"id": uid(company_id)},
            ),
            *(
                (
                    "INSERT INTO verified_certification (certification_id, company_id, "
                    "trainee_id, skills_area, vendor, vendor_key, certification, "
                    "certification_key, level, expires_on) VALUES (:cid, :id, :trainee, "
                    "'networks', 'Cisco', 'cisco', 'CCNA', 'ccna', NULL, :expires)",
                    {
                        "cid": uid(uuid.uuid4()),
                        "id": uid(company_id),
                        "trainee": uid(trainee_id),
                        "expires": expires,
                    },
                )
                # a certificate and its renewal
                for expires in (datetime.date(2030, 1, 31), datetime.date(2033, 1, 31))
            ),
            (
                "INSERT INTO company_listing (company_id, lists) VALUES (:id, :lists)",
                {
                    "id": uid(company_id),
                    "lists": '[[], [], [], [], [], [["Cisco", "CCNA", null, "2030-01-31"], '
                    '["Cisco", "CCNA", null, "2033-01-31"]], []]',
                },
            ),
        )
    )
    upgrade("registry", url)

    listed, tables = asyncio.run(_listed_and_read(url, company_id))
    assert [v.trainee_id for v in listed.verified] == [trainee_id, trainee_id]
    assert listed.verified == tables.verified
    downgrade("registry", url, "registry_0014")  # and back, with the data in place
    upgrade("registry", url)
