"""The one way training's aggregates write their audit entries: each names its resource and
what the trail keeps of it once (``Trail(RESOURCE, snapshot)``), and every change calls the
trail with the state it had before, in the change's own transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from shared import audit
from shared.auth import Principal

R = TypeVar("R", bound=audit.Audited)


@dataclass(frozen=True)
class Trail(Generic[R]):
    """An aggregate's audit trail: ``await trail(session, principal, row, action, before,
    now)`` records ``row`` as ``snapshot`` sees it now (``principal`` None: an event)."""

    resource: str
    snapshot: Callable[[R], dict[str, Any]]

    async def __call__(
        self,
        session: AsyncSession,
        principal: Principal | None,
        row: R,
        action: str,
        before: dict[str, Any] | None,
        now: datetime,
    ) -> None:
        await audit.record(
            session,
            principal=principal,
            resource=self.resource,
            record=row,
            action=action,
            before=before,
            after=self.snapshot(row),
            now=now,
        )
