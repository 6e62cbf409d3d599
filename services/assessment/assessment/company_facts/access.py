"""Which companies a caller may know of: the registry's own rule, applied to the read model.

The registry shows programme staff every profile, a company user its own, and anyone else
published profiles only. A write that names a company (a nomination) must answer a company
the caller may not see exactly as it answers an id that exists nowhere: otherwise the
answer itself would tell the caller that an unpublished draft exists.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from assessment.messages import MESSAGES
from shared.auth import Principal
from shared.errors import InvalidInput
from shared.i18n import message


class Publishable(Protocol):
    @property
    def company_id(self) -> uuid.UUID: ...

    @property
    def publication(self) -> str: ...


def visible(principal: Principal, company: Publishable) -> bool:
    return (
        principal.is_staff
        or company.publication == "published"
        or principal.acts_for(company.company_id)
    )


def unknown(field: str) -> InvalidInput:
    """The one answer for a company that does not exist and for one the caller may not see."""
    return InvalidInput(field, message(MESSAGES["no_such_company"]))
