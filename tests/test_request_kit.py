"""The request kit every service shares: the audit trail, keyset pages, strict input and
UTC-only timestamps. Database-facing parts run on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError

from shared import audit
from shared.auth import EDITOR_ROLES, STAFF_ROLES, Principal, Role
from shared.db import UtcDateTime, create_engine, session_factory, session_scope
from shared.errors import Problem
from shared.inputs import Input, IsoDate, IsoDateTime, Name
from shared.pagination import decode_cursor, encode_cursor
from shared.persistence import where_given
from shared.skills import SKILLS_AREAS

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """What the trail needs of a record: its id, and its version when it has one."""

    id: uuid.UUID
    version: int | None = None


class TestAuditTrail:
    async def test_entries_page_oldest_first_with_who_and_what_changed(
        self, database: Callable[[str], str]
    ) -> None:
        engine = create_engine(database("finance"))
        sessions = session_factory(engine)
        record_id, other_id = uuid.uuid4(), uuid.uuid4()
        manager = Principal("pm-1", Role.PROGRAMME_MANAGER)
        try:
            async for session in session_scope(sessions):
                for i in range(5):
                    await audit.record(
                        session,
                        principal=manager if i else None,
                        resource="budget",
                        record=Row(record_id, version=i + 1),
                        action="created" if i == 0 else "changed",
                        now=T0 + timedelta(minutes=i),
                        before=None if i == 0 else {"title": f"Бюджет {i - 1} 🚀", "year": 2027},
                        after={"title": f"Бюджет {i} 🚀", "year": 2027},
                    )
                await audit.record(
                    session,
                    principal=manager,
                    resource="budget",
                    record=Row(other_id),
                    action="created",
                    now=T0,
                    after={"title": "other"},
                )
            async with sessions() as session:
                first = await audit.history(
                    session, resource="budget", resource_id=record_id, limit=3, cursor=None
                )
                rest = await audit.history(
                    session,
                    resource="budget",
                    resource_id=record_id,
                    limit=3,
                    cursor=first.next_cursor,
                )
        finally:
            await engine.dispose()
        entries = [*first.items, *rest.items]
        assert rest.next_cursor is None
        assert [e.version for e in entries] == [1, 2, 3, 4, 5]
        assert entries[0].actor == audit.SYSTEM_ACTOR and entries[0].actor_role is None
        assert entries[0].before is None
        assert entries[0].after == {"title": "Бюджет 0 🚀", "year": 2027}
        # later entries keep only what changed, on both sides
        assert entries[2].before == {"title": "Бюджет 1 🚀"}
        assert entries[2].after == {"title": "Бюджет 2 🚀"}
        assert entries[2].actor == "pm-1" and entries[2].actor_role == "programme_manager"
        assert entries[4].at == T0 + timedelta(minutes=4)

    async def test_an_entry_rolls_back_with_its_change(
        self, database: Callable[[str], str]
    ) -> None:
        engine = create_engine(database("finance"))
        sessions = session_factory(engine)
        record_id = uuid.uuid4()
        try:
            with pytest.raises(RuntimeError):
                async for session in session_scope(sessions):
                    await audit.record(
                        session,
                        principal=None,
                        resource="budget",
                        record=Row(record_id),
                        action="created",
                        now=T0,
                        after={"title": "x"},
                    )
                    raise RuntimeError("the change failed")
            async with sessions() as session:
                page = await audit.history(
                    session, resource="budget", resource_id=record_id, limit=10, cursor=None
                )
        finally:
            await engine.dispose()
        assert page.items == []


class TestInputs:
    class Body(Input):
        name: Name
        tags: list[str] = []
        labels: dict[str, str] = {}

    def test_unknown_fields_are_refused(self) -> None:
        with pytest.raises(ValidationError) as caught:
            self.Body.model_validate({"name": "x", "nmae": "y"})
        assert caught.value.errors()[0]["loc"] == ("nmae",)

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"name": "a\x00b"}, "name"),
            ({"name": "ok", "tags": ["fine", "b\x00d"]}, "tags"),
            ({"name": "ok", "labels": {"ru": "\x00"}}, "labels"),
        ],
    )
    def test_nul_anywhere_is_refused_naming_the_field(
        self, body: dict[str, object], field: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            self.Body.model_validate(body)
        assert caught.value.errors()[0]["loc"][0] == field

    def test_cyrillic_kazakh_and_emoji_round_trip(self) -> None:
        body = self.Body.model_validate({"name": "  Қазақ Софт 🚀 ", "tags": ["Алматы"]})
        assert body.name == "Қазақ Софт 🚀" and body.tags == ["Алматы"]

    @pytest.mark.parametrize("written", ["0", "1700000000", "20270101", "1.5"])
    def test_a_query_date_is_iso_8601_never_a_unix_time(self, written: str) -> None:
        """Pydantic alone reads "0" as 1970-01-01; the OpenAPI document promises ISO 8601."""
        for kind in (IsoDate, IsoDateTime):
            with pytest.raises(ValidationError):
                TypeAdapter(kind).validate_python(written)
        assert str(TypeAdapter(IsoDate).validate_python("2027-01-01")) == "2027-01-01"
        at = TypeAdapter(IsoDateTime).validate_python("2027-03-31T23:59:59+05:00")
        assert at.utcoffset() == timedelta(hours=5)


class TestTimestamps:
    def test_a_naive_datetime_is_refused_not_guessed(self) -> None:
        column_type = UtcDateTime()
        with pytest.raises(ValueError, match="naive"):
            column_type.process_bind_param(
                datetime(2027, 1, 1, 12, 0), sa.create_engine("sqlite://").dialect
            )

    def test_an_aware_one_is_stored_as_utc(self) -> None:
        almaty = datetime(2027, 1, 1, 22, 0, tzinfo=timezone(timedelta(hours=5)))
        dialect = sa.create_engine("sqlite://").dialect
        stored = UtcDateTime().process_bind_param(almaty, dialect)
        assert stored == datetime(2027, 1, 1, 17, 0)


class TestCursors:
    def test_a_cursor_round_trips_and_a_forged_one_is_a_422(self) -> None:
        cursor = encode_cursor({"created_at": T0.isoformat(), "id": str(uuid.UUID(int=1))})
        assert decode_cursor(cursor, expect={"created_at", "id"}) == {
            "created_at": T0.isoformat(),
            "id": str(uuid.UUID(int=1)),
        }
        with pytest.raises(Problem):
            decode_cursor(cursor + "x!", expect={"created_at", "id"})
        with pytest.raises(Problem):
            decode_cursor(cursor, expect={"score", "id"})


class TestOptionalFilters:
    def test_a_given_value_filters_even_when_falsy_and_none_leaves_the_column_open(
        self,
    ) -> None:
        metadata = sa.MetaData()
        table = sa.Table(
            "item", metadata, sa.Column("flag", sa.Boolean), sa.Column("n", sa.Integer)
        )
        engine = sa.create_engine("sqlite://")
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(
                table.insert(),
                [{"flag": f, "n": n} for f in (True, False) for n in (0, 1)],
            )

            def found(*filters: tuple[object, object]) -> list[tuple[bool, int]]:
                statement = where_given(sa.select(table.c.flag, table.c.n), *filters)
                return sorted(tuple(row) for row in connection.execute(statement))

            assert found((table.c.flag, None), (table.c.n, None)) == [
                (False, 0),
                (False, 1),
                (True, 0),
                (True, 1),
            ]
            assert found((table.c.flag, False), (table.c.n, None)) == [(False, 0), (False, 1)]
            assert found((table.c.flag, False), (table.c.n, 0)) == [(False, 0)]
        engine.dispose()


class TestDeclaredOnce:
    def test_role_sets_nest_as_the_design_says(self) -> None:
        assert EDITOR_ROLES < STAFF_ROLES
        assert Role.MINISTRY in STAFF_ROLES and Role.MINISTRY not in EDITOR_ROLES

    def test_every_skills_area_has_three_labels_and_the_handbooks_targets(self) -> None:
        assert len(SKILLS_AREAS) == 9
        for area in SKILLS_AREAS.values():
            assert all(area.names())
            assert area.name("kk") == area.name_kk and area.name("de") == area.name_en
            expected = (3, 10) if area.kind == "technical" else (2, 5)
            assert (area.min_courses, area.max_courses) == expected
