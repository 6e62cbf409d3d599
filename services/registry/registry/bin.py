"""Kazakhstan BIN/IIN validation (business / individual identification number).

Both numbers are 12 digits whose last digit is a check digit computed with the
mod-11 scheme the national registries publish:

1. ``s = sum(d[i] * w[i]) mod 11`` over the first 11 digits with weights ``1..11``;
2. if ``s == 10`` (no single digit can express it), recompute with the second weight
   sequence ``3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2``;
3. if that is 10 again, the 11-digit prefix has *no* valid check digit: no number
   starting with it is ever issued, so every such 12-digit value is invalid;
4. otherwise the check digit is ``s`` and must equal the 12th digit.

The API, the CSV importer and the demo generator share this one definition of "a valid
BIN"; why a value is not one is said in the caller's language (``MESSAGES`` in
``registry/messages.py``).

A legal entity's BIN is laid out as ``YYMM`` (registration) + entity type digit
(``4`` resident legal entity, ``5`` non-resident, ``6`` individual entrepreneur working
jointly) + a division digit (``0`` head office, ``1`` branch, ...) + a serial and the
check digit. Only the check digit is enforced here: the structure is advisory and older
numbers do not always follow it.
"""

from __future__ import annotations

from registry.messages import MESSAGES
from shared.errors import InvalidValue
from shared.i18n import Text, message

__all__ = [
    "BIN_LENGTH",
    "WEIGHTS_1",
    "WEIGHTS_2",
    "check_digit",
    "is_valid_bin",
    "make_bin",
    "normalize_bin",
]

BIN_LENGTH = 12
WEIGHTS_1: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Separators people type or paste inside a BIN ("9408 4000 0013", "940840-000013").
# Non-breaking and narrow spaces come from copying out of PDFs and spreadsheets.
_SEPARATORS = str.maketrans("", "", " \t-\u00a0\u2009\u202f\u2010\u2011\u2012\u2013")
_ASCII_DIGITS = frozenset("0123456789")


def _weighted_mod11(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11


def check_digit(first11: str) -> int | None:
    """Return the check digit for an 11-digit prefix, or None if none exists.

    None means the prefix is unusable (both weight sequences give 10): callers that
    generate numbers should skip it, validators should reject any number built on it.
    Raises ValueError if ``first11`` is not exactly 11 ASCII digits, because that is a
    programming error rather than a user input to judge.
    """
    if len(first11) != BIN_LENGTH - 1 or not set(first11) <= _ASCII_DIGITS:
        raise ValueError(f"check_digit needs exactly 11 ASCII digits, got {first11!r}")
    s = _weighted_mod11(first11, WEIGHTS_1)
    if s == 10:
        s = _weighted_mod11(first11, WEIGHTS_2)
        if s == 10:
            return None
    return s


def _problem(value: str) -> Text | None:
    """Explain why an already separator-free value is not a valid BIN (None if it is)."""
    if not value:
        return message(MESSAGES["bin_empty"])
    if not set(value) <= _ASCII_DIGITS:
        bad = next(ch for ch in value if ch not in _ASCII_DIGITS)
        return message(MESSAGES["bin_not_digits"], char=repr(bad))
    if len(value) != BIN_LENGTH:
        return message(MESSAGES["bin_length"], length=len(value))
    expected = check_digit(value[:11])
    if expected is None:
        return message(MESSAGES["bin_no_check_digit"])
    if expected != int(value[11]):
        return message(MESSAGES["bin_check_digit"], expected=expected, last=value[11])
    return None


def is_valid_bin(value: str) -> bool:
    """True when ``value`` is exactly 12 ASCII digits with a correct check digit.

    Strict on purpose (no separator stripping): use :func:`normalize_bin` on user input
    first. Non-strings are simply invalid rather than an error, so the function can be
    used as a filter over untrusted data.
    """
    return isinstance(value, str) and _problem(value) is None


def normalize_bin(value: str) -> str:
    """Return the canonical 12-digit form of a user-entered BIN, or raise InvalidValue.

    Spaces (including non-breaking ones) and hyphens are removed; nothing else is
    forgiven. The message is written for a person, in every language (it ends up in a
    problem+json ``errors`` entry or a CSV import report), e.g. "BIN must be exactly 12
    digits (got 11)".
    """
    if not isinstance(value, str):
        raise InvalidValue(message(MESSAGES["bin_not_string"], kind=type(value).__name__))
    cleaned = value.strip().translate(_SEPARATORS)
    problem = _problem(cleaned)
    if problem is not None:
        raise InvalidValue(problem)
    return cleaned


def make_bin(prefix11: str) -> str | None:
    """Complete an 11-digit prefix with its check digit; None when the prefix is unusable.

    For generators (demo data, tests): about 1 prefix in 11 yields None, so a generator
    should move on to the next serial rather than treat it as an error.
    """
    digit = check_digit(prefix11)
    return None if digit is None else prefix11 + str(digit)
