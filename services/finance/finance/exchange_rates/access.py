"""Who may enter and read exchange rates: finance staff enter them (the programme manager
and analysts), programme staff read them."""

from __future__ import annotations

from typing import Annotated

from shared.auth import STAFF_ROLES, Principal, Role, require_roles

RateEditor = Annotated[Principal, require_roles(Role.PROGRAMME_MANAGER, Role.ANALYST)]
RateReader = Annotated[Principal, require_roles(STAFF_ROLES)]
