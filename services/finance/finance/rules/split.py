"""Applying a co-financing rule to an amount: pure arithmetic, no database.

A rule is an ordered list of steps. Each step gives one party a percentage either of the
list price or of what the earlier steps left over ("the remainder"). The steps are first
turned into exact fractions of the list price (Decimal with an ``Inexact`` trap, so a rule
can never be approximated), then the amount is apportioned by those fractions with
``shared.money``'s largest-remainder split: the parts are whole minor units and add up to
the amount exactly, whatever the amount and however odd the percentages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from enum import StrEnum

from finance.messages import MESSAGES
from shared.i18n import Text, message
from shared.money import Money


class Party(StrEnum):
    """Who pays a share. A vendor pays in kind: its share is the discount it grants."""

    VENDOR = "vendor"
    INTERNATIONAL_COMPANY = "international_company"
    HOST_COMPANY = "host_company"
    PROGRAMME = "programme"
    LOCAL_COMPANY = "local_company"


IN_KIND_PARTIES = frozenset({Party.VENDOR})
"""Parties whose share is an in-kind contribution (a discount), not a payment."""


class Basis(StrEnum):
    LIST_PRICE = "list_price"
    REMAINDER = "remainder"


@dataclass(frozen=True, slots=True)
class Step:
    party: Party
    percent: Decimal
    of: Basis


class RuleError(ValueError):
    """The steps do not describe a whole split (they leave some over, or take too much)."""

    def __init__(self, index: int | None, text: Text) -> None:
        super().__init__(str(text))
        self.index = index
        self.text = text
        """Why, in every language (a 422 naming ``steps`` says it)."""


ONE_HUNDRED = Decimal(100)


def fractions(steps: Sequence[Step]) -> list[Decimal]:
    """Each step's exact share of the list price; the shares add up to exactly 1.

    Raises ``RuleError`` naming the step that takes more than is left, or when something is
    left over after the last step (the rule would not say who pays it).
    """
    if not steps:
        raise RuleError(None, message(MESSAGES["rule_has_steps"]))
    with localcontext() as context:
        context.prec = 400  # percentages have at most 2 places and rules at most 10 steps
        context.traps[Inexact] = True
        remaining = Decimal(1)
        shares: list[Decimal] = []
        for index, step in enumerate(steps):
            base = Decimal(1) if step.of is Basis.LIST_PRICE else remaining
            share = base * step.percent / ONE_HUNDRED
            if share > remaining:
                raise RuleError(
                    index,
                    message(
                        MESSAGES["step_takes_too_much"],
                        step=index + 1,
                        party=step.party,
                        share=_percent(share),
                        left=_percent(remaining),
                    ),
                )
            remaining -= share
            shares.append(share)
        if remaining != 0:
            raise RuleError(None, message(MESSAGES["steps_leave_over"], left=_percent(remaining)))
    return shares


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * ONE_HUNDRED).normalize():f}"


def split(amount: Money, steps: Sequence[Step]) -> list[tuple[Party, Money]]:
    """``amount`` shared out by the steps, in their order; the parts add up exactly."""
    shares = fractions(steps)
    return list(zip((s.party for s in steps), amount.split(shares), strict=True))


def split_with_discount(
    amount: Money, steps: Sequence[Step], discount_percent: Decimal
) -> list[tuple[Party, Money]]:
    """``amount`` (a list price) shared out when its vendor grants ``discount_percent`` off.

    The rule's vendor step is the handbook's working hypothesis (75 %); an enrolment
    carries the discount the vendor actually grants, which is what the vendor contributes
    in kind. So the discount comes off the list price first, and the net price is shared
    among the rule's other parties in the proportions the rule gives them (technical
    training: 90 / 10). A rule without a vendor step shares the net price as it would have
    shared the list price. Both stages are largest-remainder splits: the parts still add up
    to ``amount`` exactly. (Were the vendor the rule's only party, the programme would pay
    the net price: someone must.)
    """
    shares = fractions(steps)
    others = [
        (s.party, f) for s, f in zip(steps, shares, strict=True) if s.party is not Party.VENDOR
    ]
    if not others or sum(f for _, f in others) == 0:
        others = [(Party.PROGRAMME, Decimal(1))]
    discount = discount_percent / ONE_HUNDRED
    in_kind, net = amount.split([discount, 1 - discount])
    parts = net.split([f for _, f in others])
    has_vendor = len(others) < len(steps) or discount_percent != 0
    vendor = [(Party.VENDOR, in_kind)] if has_vendor else []
    return [*vendor, *zip((p for p, _ in others), parts, strict=True)]


def percent_of(part: Money, whole: Money) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to two places (None when ``whole`` is zero)."""
    if whole.minor == 0:
        return None
    return (Decimal(part.minor) * ONE_HUNDRED / Decimal(whole.minor)).quantize(Decimal("0.01"))
