"""The registry under test: real database, real NATS, real HTTP; the ``RegistryHarness`` its
tests call it through.

The generic part (callers in any role, checked reads, If-Match writes, problems, events)
is ``shared.testing.harness.ServiceHarness``; this adds the registry's own factories. Test
modules are imported in importlib mode and cannot import this file at run time; they
annotate their fixture as ``registry: RegistryHarness`` under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from registry.bin import make_bin
from registry.company.listing import refresh_details
from registry.company.queries import key
from registry.config import Settings
from registry.main import create_app
from registry.participation.models import VerifiedCertification

from shared.natsserver import NatsServer
from shared.testing.harness import Headers, Json, ServiceHarness, serve


class RegistryHarness(ServiceHarness):
    """The running registry and its factories: companies (``create``, ``publish``) and the
    rows training's events would have left (``add_verified``)."""

    producer: ClassVar[str] = "registry"

    @property
    def database_url(self) -> str:
        """The service's database, for tests that read or arrange rows directly."""
        return self.app.state.runtime.settings.database_url  # type: ignore[no-any-return]

    @staticmethod
    def payload(**overrides: Any) -> Json:
        return company_payload(**overrides)

    @property
    def staff(self) -> Headers:
        """The programme manager (``pm``), as the registry's tests call it."""
        return self.pm

    async def create(
        self,
        path: str = "/companies",
        body: Json | None = None,
        headers: Headers | None = None,
        *,
        expect: int = 201,
        **overrides: Any,
    ) -> Json:
        """POST ``body`` to ``path``; by default a new company (``company_payload`` with
        ``overrides``) created by the programme manager."""
        if body is None:
            body = company_payload(**overrides)
        return await super().create(path, body, headers, expect=expect)

    async def publish(self, company: Json) -> Json:
        response = await self.http.post(
            f"/companies/{company['id']}/publish",
            headers={**self.staff, "If-Match": f'"{company["version"]}"'},
        )
        assert response.status_code == 200, response.text
        body: Json = response.json()
        return body

    async def add_verified(self, company_id: str, vendor: str, name: str, **values: Any) -> None:
        """A programme-verified certification, as training's event would have left it."""
        async with self.transaction() as session:
            await session.execute(
                sa.insert(VerifiedCertification),
                [
                    {
                        "certification_id": uuid.uuid4(),
                        "company_id": uuid.UUID(company_id),
                        "trainee_id": uuid.uuid4(),
                        "skills_area": "networks",
                        "vendor": vendor,
                        "vendor_key": key(vendor),
                        "certification": name,
                        "certification_key": key(name),
                        "level": None,
                        "expires_on": None,
                        "verified_at": datetime(2026, 3, 1, tzinfo=UTC),
                        "revoked_at": None,
                        **values,
                    }
                ],
            )
            await refresh_details(session=session, ids=[uuid.UUID(company_id)])


_BINS = iter(range(10_000))


def next_bin() -> str:
    """A fresh valid BIN for each test company."""
    while True:
        candidate = make_bin(f"0604400{next(_BINS):04d}")
        if candidate:
            return candidate


def company_payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "local",
        "bin": next_bin(),
        "display_name": "Қазақ Софт",
        "name_kk": "Қазақ Софт",
        "name_ru": "Казах Софт",
        "name_en": "Kazakh Soft",
        "segments": ["software_development"],
        "oked_codes": ["62.01"],
        "region": "almaty_city",
        "city": "almaty_city",
        "employees": 42,
        "founded_on": "2015-03-01",
        "private_sector_share": 70,
        "capabilities": ["web_development", "mobile_development"],
        "tags": ["финтех"],
        "products": [{"name": "Dala ERP", "category": "erp", "description": "ERP для МСБ"}],
        "certifications": [
            {"kind": "staff_certification", "vendor": "Cisco", "name": "CCNA", "staff_count": 2}
        ],
        "contacts": [
            {
                "name": "Айгерим Сапарова",
                "position": "CEO",
                "email": "a@example.kz",
                "phone": "+7 701 000 00 00",
            }
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
async def registry(
    database: Callable[[str], str], nats_server: NatsServer, jwt_keys: tuple[str, str]
) -> AsyncIterator[RegistryHarness]:
    app = create_app(
        Settings(
            database_url=database("registry"),
            nats_url=nats_server.url,
            jwt_public_key=jwt_keys[1],
            outbox_poll_seconds=0.5,
        )
    )
    async with serve(
        RegistryHarness, app, private_key=jwt_keys[0], nats_url=nats_server.url
    ) as harness:
        yield harness


@pytest.fixture
async def partners(registry: RegistryHarness) -> dict[str, Any]:
    """An international company, two published local companies that fit its need (one well,
    one poorly) and a draft local company only staff see."""
    foreign = await registry.publish(
        await registry.create(
            kind="international",
            bin=None,
            country="KR",
            foreign_registration_number="110111-22",
            display_name="Hanbit Networks",
            region=None,
            city=None,
        )
    )
    strong = await registry.publish(
        await registry.create(
            display_name="Сеть Про",
            capabilities=["network_engineering", "cybersecurity"],
            region="astana",
            city="astana",
            employees=80,
            description="Cisco сети и безопасность",
            certifications=[
                {"kind": "staff_certification", "vendor": "Cisco", "name": "CCNA", "staff_count": 5}
            ],
        )
    )
    weak = await registry.publish(
        await registry.create(
            display_name="Web Studio",
            capabilities=["network_engineering", "web_development"],
            region="shymkent",
            city="shymkent",
            employees=6,
            certifications=[],
        )
    )
    hidden = await registry.create(
        display_name="Draft Networks", capabilities=["network_engineering"]
    )
    return {"foreign": foreign, "strong": strong, "weak": weak, "hidden": hidden}


@pytest.fixture
def need_body(partners: dict[str, Any]) -> dict[str, Any]:
    """A partner need of ``partners["foreign"]`` that ``partners["strong"]`` fits best."""
    return {
        "international_company_id": partners["foreign"]["id"],
        "title": "Network integration partner",
        "region": "astana",
        "min_employees": 50,
        "capabilities": ["network_engineering", "cybersecurity"],
        "certifications": [{"vendor": "Cisco", "name": "CCNA"}],
        "text": "безопасность сети",
    }
