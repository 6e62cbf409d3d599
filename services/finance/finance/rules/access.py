"""Who may read and change co-financing rules.

Rules are the programme's published terms: anyone signed in may read them (a company
negotiating its share should see the rule). Only the programme manager adds versions.
"""

from __future__ import annotations

from typing import Annotated

from shared.auth import MANAGER_ROLES, CurrentPrincipal, Principal, require_roles

RuleReader = CurrentPrincipal
RuleEditor = Annotated[Principal, require_roles(MANAGER_ROLES)]
