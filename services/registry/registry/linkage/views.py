"""How a linkage reads over the API (its money as a decimal string with its currency)."""

from __future__ import annotations

from registry.linkage.models import Linkage
from registry.linkage.schemas import LinkageRead
from shared.money import Money


def money(linkage: Linkage) -> Money | None:
    if linkage.contract_value_minor is None or linkage.contract_currency is None:
        return None
    return Money.from_minor(linkage.contract_value_minor, linkage.contract_currency)


def linkage_read(linkage: Linkage) -> LinkageRead:
    return LinkageRead.model_validate(
        {
            **linkage.model_dump(
                exclude={"contract_value_minor", "contract_currency", "created_by"}
            ),
            "contract_value": money(linkage),
        }
    )
