"""The co-financing split: the handbook's examples to the cent, and (hypothesis, 10,000
cases) every split of every amount by every whole rule adds up exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from finance.rules.split import (
    Basis,
    Party,
    RuleError,
    Step,
    fractions,
    percent_of,
    split,
    split_with_discount,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.money import MINOR_UNITS, Money

TECHNICAL = [
    Step(Party.VENDOR, Decimal(75), Basis.LIST_PRICE),
    Step(Party.PROGRAMME, Decimal(90), Basis.REMAINDER),
    Step(Party.LOCAL_COMPANY, Decimal(100), Basis.REMAINDER),
]
SHORT_INTERNSHIP = [
    Step(Party.INTERNATIONAL_COMPANY, Decimal(20), Basis.LIST_PRICE),
    Step(Party.PROGRAMME, Decimal(90), Basis.REMAINDER),
    Step(Party.LOCAL_COMPANY, Decimal(100), Basis.REMAINDER),
]


def amounts(parts: list[tuple[Party, Money]]) -> dict[str, str]:
    return {party.value: f"{money.amount}" for party, money in parts}


class TestTheHandbooksExamples:
    def test_a_technical_course_at_1200_usd_is_900_in_kind_270_and_30(self) -> None:
        parts = split(Money.of("1200.00", "USD"), TECHNICAL)
        assert amounts(parts) == {
            "vendor": "900.00",
            "programme": "270.00",
            "local_company": "30.00",
        }

    def test_a_short_internship_is_20_then_90_10_of_the_rest(self) -> None:
        parts = split(Money.of("1000000", "KZT"), SHORT_INTERNSHIP)
        assert amounts(parts) == {
            "international_company": "200000.00",
            "programme": "720000.00",
            "local_company": "80000.00",
        }

    def test_a_cent_that_cannot_be_shared_goes_to_the_largest_remainder(self) -> None:
        # 0.01 USD: vendor 0.0075, programme 0.00225, company 0.00025 -> the vendor's cent
        assert amounts(split(Money.of("0.01", "USD"), TECHNICAL)) == {
            "vendor": "0.01",
            "programme": "0.00",
            "local_company": "0.00",
        }
        # 33.33 USD: 24.9975 / 7.49925 / 0.83325 -> 24.99 + 7.49 + 0.83 = 33.31, two cents
        # left, to the two largest remainders (vendor .75, programme .925)
        assert amounts(split(Money.of("33.33", "USD"), TECHNICAL)) == {
            "vendor": "25.00",
            "programme": "7.50",
            "local_company": "0.83",
        }

    def test_the_enrolments_own_discount_replaces_the_rules_75_percent(self) -> None:
        parts = split_with_discount(Money.of("1000.00", "USD"), TECHNICAL, Decimal(60))
        assert amounts(parts) == {
            "vendor": "600.00",
            "programme": "360.00",
            "local_company": "40.00",
        }
        parts = split_with_discount(Money.of("1200.00", "USD"), TECHNICAL, Decimal(75))
        assert amounts(parts) == amounts(split(Money.of("1200.00", "USD"), TECHNICAL))

    def test_a_discount_on_a_rule_without_a_vendor_comes_off_first(self) -> None:
        business = [
            Step(Party.PROGRAMME, Decimal(90), Basis.LIST_PRICE),
            Step(Party.LOCAL_COMPANY, Decimal(100), Basis.REMAINDER),
        ]
        parts = split_with_discount(Money.of("500.00", "USD"), business, Decimal(50))
        assert amounts(parts) == {
            "vendor": "250.00",
            "programme": "225.00",
            "local_company": "25.00",
        }
        parts = split_with_discount(Money.of("500.00", "USD"), business, Decimal(0))
        assert amounts(parts) == {"programme": "450.00", "local_company": "50.00"}

    def test_the_programmes_share_in_percent(self) -> None:
        parts = dict(split(Money.of("1200.00", "USD"), TECHNICAL))  # one step per party
        assert percent_of(parts[Party.PROGRAMME], Money.of("1200.00", "USD")) == Decimal("22.50")
        assert percent_of(parts[Party.PROGRAMME], Money.of("0", "USD")) is None


class TestRulesThatAreNotWhole:
    def test_steps_that_leave_something_over_are_refused(self) -> None:
        with pytest.raises(RuleError, match="leave 10 %"):
            fractions([Step(Party.PROGRAMME, Decimal(90), Basis.LIST_PRICE)])

    def test_a_step_that_takes_more_than_is_left_is_refused(self) -> None:
        with pytest.raises(RuleError, match="step 2"):
            fractions(
                [
                    Step(Party.VENDOR, Decimal(75), Basis.LIST_PRICE),
                    Step(Party.PROGRAMME, Decimal(30), Basis.LIST_PRICE),
                ]
            )


PARTIES = list(Party)


@st.composite
def whole_rules(draw: st.DrawFn) -> list[Step]:
    """A rule of 1-5 steps, each party once, the last taking 100 % of the remainder."""
    parties = draw(st.permutations(PARTIES))[: draw(st.integers(1, 5))]
    steps = []
    left = Fraction(1)
    for party in parties[:-1]:
        if draw(st.booleans()):
            hundredths = draw(st.integers(0, 10_000))
            steps.append(Step(party, Decimal(hundredths) / 100, Basis.REMAINDER))
            left -= left * Fraction(hundredths, 10_000)
        else:
            most = int(left * 10_000)  # hundredths of a percent of list still available
            hundredths = draw(st.integers(0, most))
            steps.append(Step(party, Decimal(hundredths) / 100, Basis.LIST_PRICE))
            left -= Fraction(hundredths, 10_000)
    steps.append(Step(parties[-1], Decimal(100), Basis.REMAINDER))
    return steps


@st.composite
def money(draw: st.DrawFn) -> Money:
    currency = draw(st.sampled_from(sorted(MINOR_UNITS)))
    minor = draw(
        st.one_of(st.integers(0, 10_000), st.integers(0, 10 ** (15 + MINOR_UNITS[currency]) - 1))
    )
    return Money.from_minor(minor, currency)


class TestEverySplitAddsUp:
    @settings(max_examples=10_000, deadline=None, database=None)  # no .hypothesis/ left behind
    @given(
        amount=money(),
        steps=whole_rules(),
        discount=st.integers(0, 10_000).map(lambda n: Decimal(n) / 100),
    )
    def test_the_parts_add_up_to_the_amount_exactly_and_are_fair(
        self, amount: Money, steps: list[Step], discount: Decimal
    ) -> None:
        parts = split(amount, steps)
        assert [party for party, _ in parts] == [step.party for step in steps]
        assert all(part.currency == amount.currency for _, part in parts)
        assert sum(part.minor for _, part in parts) == amount.minor
        discounted = split_with_discount(amount, steps, discount)
        assert sum(part.minor for _, part in discounted) == amount.minor
        assert all(part.minor >= 0 for _, part in discounted)
        # each part is its exact share rounded down or up, never further off
        shares = fractions(steps)
        for (_, part), share in zip(parts, shares, strict=True):
            exact = Fraction(amount.minor) * Fraction(share)
            assert part.minor >= 0 and abs(part.minor - exact) < 1
