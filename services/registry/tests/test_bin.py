"""BIN/IIN check-digit tests with hand-computed vectors.

Weights: W1 = 1..11; W2 = 3,4,5,6,7,8,9,10,11,1,2 (used only when W1 gives 10).
"""

from __future__ import annotations

import random
import re

import pytest
from registry.bin import WEIGHTS_1, WEIGHTS_2, check_digit, is_valid_bin, make_bin, normalize_bin

# 94084000001 -> W1: 9*1 + 4*2 + 0*3 + 8*4 + 4*5 + 0*6 + 0*7 + 0*8 + 0*9 + 0*10 + 1*11
#              = 9 + 8 + 0 + 32 + 20 + 0 + 0 + 0 + 0 + 0 + 11 = 80; 80 mod 11 = 3 -> check digit 3.
SIMPLE = "940840000013"

# 19052340001 -> W1: 1*1 + 9*2 + 0*3 + 5*4 + 2*5 + 3*6 + 4*7 + 0*8 + 0*9 + 0*10 + 1*11
#              = 1 + 18 + 0 + 20 + 10 + 18 + 28 + 0 + 0 + 0 + 11 = 106; 106 mod 11 = 7.
SIMPLE_2 = "190523400017"

# 24034000181 -> W1: 2*1 + 4*2 + 0*3 + 3*4 + 4*5 + 0 + 0 + 0 + 1*9 + 8*10 + 1*11
#              = 2 + 8 + 0 + 12 + 20 + 9 + 80 + 11 = 142; 142 mod 11 = 10 -> second sequence.
#              W2: 2*3 + 4*4 + 0*5 + 3*6 + 4*7 + 0*8 + 0*9 + 0*10 + 1*11 + 8*1 + 1*2
#              = 6 + 16 + 0 + 18 + 28 + 0 + 0 + 0 + 11 + 8 + 2 = 89; 89 mod 11 = 1 -> check 1.
NEEDS_SECOND = "240340001811"

# 25034000017 -> W1: 2 + 10 + 0 + 12 + 20 + 0 + 0 + 0 + 0 + 1*10 + 7*11 = 131; 131 mod 11 = 10.
#              W2: 2*3 + 5*4 + 0 + 3*6 + 4*7 + 0 + 0 + 0 + 0 + 1*1 + 7*2
#              = 6 + 20 + 0 + 18 + 28 + 1 + 14 = 87; 87 mod 11 = 10 -> no check digit exists.
INVALID_PREFIX = "25034000017"
# 24034000180 -> W1 = 131 (mod 11 = 10), W2 = 6+16+18+28+11+8+0 = 87 (mod 11 = 10): none.
INVALID_PREFIX_2 = "24034000180"


def _reference_check_digit(prefix: str) -> int | None:
    """Independent, deliberately naive re-statement of the rule, for the property test."""
    s = 0
    for i, ch in enumerate(prefix):
        s += int(ch) * (i + 1)
    s %= 11
    if s == 10:
        s = 0
        for i, ch in enumerate(prefix):
            s += int(ch) * ((i + 2) % 11 + 1)
        s %= 11
        if s == 10:
            return None
    return s


def test_weight_sequences() -> None:
    assert tuple(range(1, 12)) == WEIGHTS_1
    assert WEIGHTS_2 == (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


@pytest.mark.parametrize(
    ("prefix", "digit"),
    [
        ("94084000001", 3),
        ("19052340001", 7),
        ("24034000181", 1),
        ("00000000001", 0),  # 1*11 = 11 -> 0
        ("00000000000", 0),
        (INVALID_PREFIX, None),
        (INVALID_PREFIX_2, None),
    ],
)
def test_check_digit_vectors(prefix: str, digit: int | None) -> None:
    assert check_digit(prefix) == digit


@pytest.mark.parametrize("value", [SIMPLE, SIMPLE_2, NEEDS_SECOND])
def test_valid_vectors(value: str) -> None:
    assert is_valid_bin(value)
    assert normalize_bin(value) == value


def test_second_sequence_is_really_needed() -> None:
    prefix = NEEDS_SECOND[:11]
    assert sum(int(d) * w for d, w in zip(prefix, WEIGHTS_1, strict=True)) % 11 == 10
    assert check_digit(prefix) == 1
    # The W1 remainder is 10, so a naive "s mod 10" implementation would give 0 instead.
    assert not is_valid_bin(prefix + "0")


@pytest.mark.parametrize("last", list("0123456789"))
def test_prefix_invalid_under_both_sequences(last: str) -> None:
    assert not is_valid_bin(INVALID_PREFIX + last)
    with pytest.raises(ValueError, match="no valid check digit"):
        normalize_bin(INVALID_PREFIX + last)
    assert make_bin(INVALID_PREFIX) is None


@pytest.mark.parametrize("wrong", ["940840000010", "940840000014", "240340001810"])
def test_wrong_check_digit(wrong: str) -> None:
    assert not is_valid_bin(wrong)
    with pytest.raises(ValueError, match="check digit is wrong"):
        normalize_bin(wrong)


def test_single_digit_typo_is_caught_under_first_sequence() -> None:
    """Weights 1..10 are non-zero and distinct mod 11, so a changed digit in positions 1-10
    always changes the W1 remainder: the typo is caught unless the new remainder is 10,
    where the second sequence takes over and may (by chance) give the same check digit."""
    for pos in range(10):
        for d in "0123456789":
            if d == SIMPLE[pos]:
                continue
            typo = SIMPLE[:pos] + d + SIMPLE[pos + 1 :]
            w1 = sum(int(x) * w for x, w in zip(typo[:11], WEIGHTS_1, strict=True)) % 11
            if w1 != 10:
                assert not is_valid_bin(typo), typo


def test_eleventh_digit_is_weak_under_first_sequence() -> None:
    """A property of the official scheme, not a bug: the 11th weight is 11 = 0 mod 11, so
    the 11th digit does not affect the W1 remainder and a typo there goes unnoticed."""
    assert is_valid_bin("940840000003")  # SIMPLE with its 11th digit 1 -> 0
    assert is_valid_bin("940840000093")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9408 4000 0013", SIMPLE),
        ("940840-000013", SIMPLE),
        ("  940840000013\n", SIMPLE),
        ("9408\u00a04000\u00a00013", SIMPLE),
        ("2403-4000-1811", NEEDS_SECOND),
    ],
)
def test_normalize_strips_separators(raw: str, expected: str) -> None:
    assert normalize_bin(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("94084000001", "exactly 12 digits (got 11)"),
        ("9408400000130", "exactly 12 digits (got 13)"),
        ("94084000001O", "digits only"),
        ("9408.4000.0013", "digits only"),
        ("٩٤٠٨٤٠٠٠٠٠١٣", "digits only"),  # Arabic-Indic digits are not accepted
    ],
)
def test_normalize_errors_are_human(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        normalize_bin(raw)


def test_normalize_rejects_non_string() -> None:
    with pytest.raises(ValueError, match="string"):
        normalize_bin(940840000013)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 940840000013, "9408 4000 0013", "94084000001"])
def test_is_valid_bin_is_strict_and_total(value: object) -> None:
    assert is_valid_bin(value) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "1234567890", "123456789012", "1234567890a"])
def test_check_digit_rejects_bad_prefix(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


def test_make_bin() -> None:
    assert make_bin("94084000001") == SIMPLE
    assert make_bin("24034000181") == NEEDS_SECOND
    assert make_bin(INVALID_PREFIX_2) is None


def test_property_against_naive_reference() -> None:
    rng = random.Random(11)
    none_count = 0
    for _ in range(20_000):
        prefix = "".join(rng.choice("0123456789") for _ in range(11))
        expected = _reference_check_digit(prefix)
        assert check_digit(prefix) == expected
        if expected is None:
            none_count += 1
            assert make_bin(prefix) is None
        else:
            full = make_bin(prefix)
            assert full is not None and is_valid_bin(full)
            assert sum(is_valid_bin(prefix + d) for d in "0123456789") == 1
    # Roughly 1 prefix in 121 has no check digit (10 under both sequences).
    assert 40 < none_count < 400
