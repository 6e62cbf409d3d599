"""Search totals remembered between the registry's writes.

A first page's exact total (``search.count``) reads every match of its text and filters: a
narrow search with a broad word (``network`` with ``custom_software`` at 100,000 companies:
748 found among 23,527 text matches) cost 10-70 ms where the page itself cost 2-5 ms, and a
search is asked again and again (a list refreshed, the back button, a dashboard). The count
stays exact as long as nothing a search reads has changed, so it is remembered until then:

- in this process, every transaction that changes a company, its lists or its programme rows
  marks its session (``changed``); when it commits, the generation moves on and every total
  counted before is forgotten. A total counted in a transaction that began before such a
  commit is not kept (its snapshot may predate the change): the generation is read when the
  search begins (``generation``) and the total kept only if it is still the same.
- another replica's writes are not seen here: a total is kept at most ``TOTAL_SECONDS``, so
  with several replicas an exact total can lag another replica's write by that long. A later
  page carries its first page's total in the cursor anyway.
"""

from __future__ import annotations

import time
from collections.abc import Hashable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

TOTAL_SECONDS = 10.0
TOTALS_KEPT = 10_000
_CHANGED = "registry.search_changed"

_generation = 0
_totals: dict[Hashable, tuple[float, int, int]] = {}
"""key -> (when counted, generation it was counted in, total); in order of counting."""


def changed(session: AsyncSession | Session) -> None:
    """This transaction changes what searches find: forget the totals once it commits."""
    session.info[_CHANGED] = True


def generation() -> int:
    """Read before a search's first statement; give it back to ``put``."""
    return _generation


def get(key: Hashable) -> int | None:
    known = _totals.get(key)
    if known is None:
        return None
    counted_at, counted_in, total = known
    if counted_in != _generation or time.monotonic() - counted_at >= TOTAL_SECONDS:
        del _totals[key]
        return None
    return total


def put(key: Hashable, total: int, counted_in: int) -> None:
    """Remember ``total``, unless a write committed since ``counted_in`` was read."""
    if counted_in != _generation:
        return
    _totals.pop(key, None)
    if len(_totals) >= TOTALS_KEPT:
        _totals.pop(next(iter(_totals)))
    _totals[key] = (time.monotonic(), counted_in, total)


def forget() -> None:
    global _generation
    _generation += 1
    _totals.clear()


@sa.event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        forget()


@sa.event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)
