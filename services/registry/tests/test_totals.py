"""The memory of search totals (``registry.company.totals``): when a total may be kept and
when it must be forgotten; pure logic, the clock and the sessions are stand-ins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from registry.company import totals
from sqlalchemy.orm import Session


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    totals.forget()
    yield
    totals.forget()


def test_a_total_counted_before_a_write_committed_is_not_kept() -> None:
    begun = totals.generation()
    writer = Session()
    totals.changed(writer)
    writer.commit()  # no statements: the session's own commit still runs its events
    totals.put("q", 7, begun)
    assert totals.get("q") is None
    totals.put("q", 8, totals.generation())
    assert totals.get("q") == 8


def test_a_rolled_back_change_forgets_nothing() -> None:
    totals.put("q", 7, totals.generation())
    writer = Session(sa.create_engine("sqlite://"))
    writer.execute(sa.text("SELECT 1"))  # a transaction the database rolls back
    totals.changed(writer)
    writer.rollback()
    writer.commit()  # a later commit of the same session wrote nothing that searches read
    assert totals.get("q") == 7


def test_a_commit_without_changes_keeps_the_totals() -> None:
    totals.put("q", 7, totals.generation())
    Session().commit()
    assert totals.get("q") == 7


def test_a_total_is_kept_at_most_total_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(totals.time, "monotonic", lambda: now[0])
    totals.put("q", 7, totals.generation())
    now[0] += totals.TOTAL_SECONDS - 0.1
    assert totals.get("q") == 7
    now[0] += 0.2  # another replica's writes are not seen here: the clock bounds the lag
    assert totals.get("q") is None


def test_the_oldest_total_makes_room(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(totals, "TOTALS_KEPT", 2)
    for key in ("a", "b", "c"):
        totals.put(key, 1, totals.generation())
    assert [totals.get(k) for k in ("a", "b", "c")] == [None, 1, 1]
