"""The language a training need is wanted in, as far as its development plan says: the
language the plan item is written in.

A plan names a staff member or a function and a recommendation, not a language of study; the
assessors write each item in the language they work with the company in, which is what its
staff will most likely study in. So: a Cyrillic text with a letter only Kazakh uses is ``kk``,
other Cyrillic ``ru``; a text in Latin letters alone says nothing (certification names, "Cisco
CCNA", are Latin whatever the company speaks) and gives None, reported as ``unspecified``.
"""

from __future__ import annotations

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def plan_language(*texts: str | None) -> str | None:
    """``kk``, ``ru`` or None for the plan item's words (function, staff member,
    recommendation), taken together."""
    letters = "".join(t for t in texts if t)
    if any(c in KAZAKH_ONLY for c in letters):
        return "kk"
    if any("\u0400" <= c <= "\u04ff" for c in letters):
        return "ru"
    return None
