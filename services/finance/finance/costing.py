"""Cost lines and what they come to: low and high totals, split per party, per line, per
module and in all. Pure arithmetic over rules already looked up; the estimate calculator
and budgets both build on it, so a budget shows exactly what the calculator would.

Every figure is a sum of line splits, and every line split adds up to its line's total
(largest remainder), so module and budget totals add up across parties to the cent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel, Field

from finance.amounts import Quantity
from finance.messages import MESSAGES
from finance.modules import MODULE_ORDER, Module
from finance.rules.split import IN_KIND_PARTIES, Party, Step, percent_of, split
from shared.errors import InvalidInput
from shared.i18n import message
from shared.inputs import Input, Name, Text
from shared.money import Money, NonNegativeMoney

MAX_LINE_TOTAL = Decimal(10) ** 12
"""A line's ceiling, so that a thousand lines still sum within ``shared.money.MAX_AMOUNT``."""


class CostLineIn(Input):
    """A cost line: a unit cost times a quantity estimated low and high, shared by a rule."""

    module: Module
    description: Name
    unit_cost: NonNegativeMoney
    low_quantity: Quantity
    high_quantity: Quantity
    assumptions: Text | None = Field(default=None, description="the estimate's basis, in words")
    rule: str = Field(
        min_length=1, max_length=50, description="the co-financing rule's code, e.g. `assessment`"
    )


def check_line(line: CostLineIn, where: str) -> None:
    """What a well-formed line may still get wrong, as a 422 naming the field under
    ``where`` (``lines.3``): cross-field rules a request schema cannot state."""
    if line.high_quantity < line.low_quantity:
        raise InvalidInput(
            f"{where}.high_quantity",
            message(MESSAGES["high_below_low"], low=line.low_quantity),
        )
    if line.unit_cost.amount * line.high_quantity >= MAX_LINE_TOTAL:
        raise InvalidInput(
            f"{where}.high_quantity",
            message(MESSAGES["line_too_large"], limit=f"{MAX_LINE_TOTAL:,}"),
        )


@dataclass(frozen=True, slots=True)
class RuleUsed:
    id: uuid.UUID
    code: str
    version: int
    steps: Sequence[Step]


class RuleRef(BaseModel):
    """The rule version a figure was computed with."""

    id: uuid.UUID
    code: str
    version: int


class Split(BaseModel):
    """An amount and who pays it: ``shares`` add up to ``total`` exactly."""

    total: Money
    shares: dict[Party, Money]
    in_kind: Money = Field(description="the part of total contributed in kind (vendor discounts)")
    programme_percent: Decimal | None = Field(
        description="the programme's share of total in percent, two places (null for zero)"
    )


class Range(BaseModel):
    low: Split
    high: Split


class LineCost(BaseModel):
    index: int
    module: Module
    description: str
    rule: RuleRef
    low: Split
    high: Split


class ModuleCost(BaseModel):
    module: Module
    low: Split
    high: Split


class Costing(BaseModel):
    currency: str
    lines: list[LineCost]
    modules: list[ModuleCost]
    total: Range


@dataclass
class Tally:
    """A running total per party in one currency (integer minor units), read as a Split."""

    currency: str
    total: int = 0
    shares: dict[Party, int] = field(default_factory=dict)

    def add(self, parts: Sequence[tuple[Party, Money]]) -> None:
        for party, money in parts:
            self.add_minor(party, money.minor)

    def add_minor(self, party: Party, minor: int) -> None:
        self.total += minor
        self.shares[party] = self.shares.get(party, 0) + minor

    def read(self) -> Split:
        total = Money.from_minor(self.total, self.currency)
        shares = {
            party: Money.from_minor(self.shares[party], self.currency)
            for party in Party
            if party in self.shares
        }
        in_kind = sum(m for p, m in self.shares.items() if p in IN_KIND_PARTIES)
        programme = shares.get(Party.PROGRAMME, Money.from_minor(0, self.currency))
        return Split(
            total=total,
            shares=shares,
            in_kind=Money.from_minor(in_kind, self.currency),
            programme_percent=percent_of(programme, total),
        )


def cost(
    *,
    currency: str,
    lines: Sequence[CostLineIn],
    rules: Sequence[RuleUsed],
    all_modules: bool = False,
) -> Costing:
    """What ``lines`` come to, each shared by its rule (``rules[i]`` for ``lines[i]``).

    Every line must be in ``currency`` (checked by the caller). ``all_modules``: list the
    seven modules even when empty (a budget shows all seven; an estimate only its own).
    """
    line_costs: list[LineCost] = []
    modules = {m: (Tally(currency), Tally(currency)) for m in MODULE_ORDER}
    total = (Tally(currency), Tally(currency))
    for index, (line, rule) in enumerate(zip(lines, rules, strict=True)):
        sums = (Tally(currency), Tally(currency))
        for sum_, quantity, module_sum, total_sum in zip(
            sums,
            (line.low_quantity, line.high_quantity),
            modules[line.module],
            total,
            strict=True,
        ):
            parts = split(line.unit_cost.times(quantity), rule.steps)
            for target in (sum_, module_sum, total_sum):
                target.add(parts)
        line_costs.append(
            LineCost(
                index=index,
                module=line.module,
                description=line.description,
                rule=RuleRef(id=rule.id, code=rule.code, version=rule.version),
                low=sums[0].read(),
                high=sums[1].read(),
            )
        )
    used = {line.module for line in lines}
    return Costing(
        currency=currency,
        lines=line_costs,
        modules=[
            ModuleCost(module=m, low=low.read(), high=high.read())
            for m, (low, high) in modules.items()
            if all_modules or m in used
        ],
        total=Range(low=total[0].read(), high=total[1].read()),
    )
