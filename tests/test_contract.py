"""Contracts between services: the event catalogue, the handlers, the migrations."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from blp.services import DOMAIN_SERVICES
from shared.events import CATALOGUE, CloudEvent
from shared.events.asyncapi import document
from shared.events.base import EVENT_TYPE, Event
from shared.events.examples import EXAMPLES
from shared.migrations import downgrade, include_object, upgrade
from tests.backbone.harness import ProbeRecorded

EXAMPLES_BY_TYPE = {e.event_type: e for e in [*EXAMPLES, ProbeRecorded(probe_id=uuid.uuid4(), n=1)]}


class TestEventCatalogue:
    def test_catalogue_holds_the_test_event_and_names_follow_the_convention(self) -> None:
        assert CATALOGUE["blp.testkit.probe.recorded"] is ProbeRecorded
        for event_type, model in CATALOGUE.items():
            assert EVENT_TYPE.match(event_type), event_type
            assert model.subject_field in model.model_fields

    def test_a_misnamed_event_is_refused_at_declaration(self) -> None:
        with pytest.raises(ValueError, match=r"blp\.<producer>"):
            type(
                "Bad",
                (Event,),
                {
                    "event_type": "registry.company.made",
                    "subject_field": "x",
                    "__annotations__": {"x": str},
                },
            )

    @pytest.mark.parametrize("event_type", sorted(CATALOGUE))
    def test_every_event_round_trips_through_its_cloudevent_envelope(self, event_type: str) -> None:
        assert event_type in EXAMPLES_BY_TYPE, f"add an example of {event_type} to examples.py"
        event = EXAMPLES_BY_TYPE[event_type]
        envelope = CloudEvent.wrap(event)
        parsed = CloudEvent.model_validate_json(envelope.model_dump_json())
        assert parsed.type == event_type and parsed.subject == event.subject
        assert parsed.payload() == event

    def test_every_handler_handles_a_declared_event_of_another_service(self) -> None:
        for service in DOMAIN_SERVICES:
            handlers = importlib.import_module(f"{service}.handlers").EVENT_HANDLERS
            for event_class, functions in handlers.items():
                assert CATALOGUE.get(event_class.event_type) is event_class
                assert event_class.producer() != service
                assert functions, f"{service} maps {event_class.event_type} to no handler"

    def test_asyncapi_document_lists_every_event(self) -> None:
        spec = document()
        assert spec["asyncapi"] == "3.0.0"
        assert {c["address"] for c in spec["channels"].values()} == set(CATALOGUE)


class TestMigrations:
    @pytest.mark.parametrize("service", DOMAIN_SERVICES)
    def test_migrations_match_the_models_and_go_down_and_up_again(
        self, service: str, database: Callable[[str], str]
    ) -> None:
        url = database(service)
        metadata = importlib.import_module(f"{service}.models").metadata
        downgrade(service, url, "base")
        upgrade(service, url)

        diff, tables = asyncio.run(_schema_drift(url, metadata))
        assert diff == [], f"{service}: models and migrations differ: {diff}"
        assert {"outbox_message", "inbox_message"} <= tables


async def _schema_drift(url: str, metadata: sa.MetaData) -> tuple[list[object], set[str]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"include_object": include_object(metadata)}
                    ),
                    metadata,
                )
            )
            tables = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    return diff, tables
