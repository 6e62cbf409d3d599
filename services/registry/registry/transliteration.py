"""Script-insensitive search keys for Kazakh, Russian and English company data.

Company names in Kazakhstan are written in Kazakh Cyrillic («Қазақ Софт»), Russian
Cyrillic («Казах Софт»), the 2021 Kazakh Latin alphabet ("Qazaq Soft") and ad-hoc English
transliterations ("Kazakh Soft"). A partner manager types whichever they know. Instead of
teaching each database engine about scripts, the registry indexes a *phonetic skeleton*:
both the stored text and the query go through :func:`skeleton`, so spellings of the same
name meet on the same ``[a-z0-9]`` tokens. SQLite FTS5 (``unicode61``) and PostgreSQL
``to_tsvector('simple', ...)`` then only ever see plain ASCII words, which makes the two
engines agree token for token.

Pipeline (each step is a pure function of the previous one's output):

1. NFKC + casefold: compatibility forms (full-width letters, ligatures, superscripts)
   become ordinary letters and case disappears; ``ß`` becomes ``ss``.
2. Cyrillic -> Latin (:data:`CYRILLIC_TO_LATIN`), one table for Russian and Kazakh, close
   to the transliteration people actually use for Kazakh names (``ж``->``zh``,
   ``х``->``kh``, ``ы``->``y``, ``қ``->``k`` ...). ``ё`` is written as ``е`` by most Russian
   text, so it maps to ``e`` too; ``ъ``/``ь`` carry no sound of their own and vanish.
3. Latin diacritics are removed (Kazakh Latin ``ä ö ü ū ñ ğ ı``, Turkish ``ş ç``), with
   ``ş``->``sh`` and ``ç``->``ch`` so they meet the Cyrillic ``ш``/``ч``.
4. Every character that is not ``a-z``/``0-9`` becomes a space, except apostrophes, which
   join (``O'Reilly``, ``Ust'``). Non-ASCII digits become ASCII digits. Emoji and other
   scripts disappear.
5. Phonetic folding, per word (:data:`FOLDING_RULES`, applied in order; why each one is
   needed is written next to it).
6. Runs of the same letter collapse (``ss``->``s``, ``ii``->``i``): doubling is spelled
   inconsistently across scripts (``Экспресс``/``Ekspres``, ``Дмитрий``/``Dmitriy``).

What is deliberately *not* folded, to keep unrelated words apart: vowels other than
``y``/``i`` (``a``/``o``, ``e``/``i``, ``o``/``u`` stay distinct: Орал vs Ural), ``ts``
vs ``s``, ``h`` on its own, voiced vs voiceless consonants, silent final ``e``.
"""

# Cyrillic here is data, not a homoglyph trick: silence the confusable-character checks.

from __future__ import annotations

import functools
import operator
import re
import unicodedata

__all__ = [
    "CYRILLIC_TO_LATIN",
    "FOLDING_RULES",
    "skeleton",
    "terms",
    "transliterate",
]

# Step 2: one character in, zero or more ASCII letters out. Russian first, then the nine
# Kazakh-specific letters and the Ukrainian/Belarusian look-alikes people paste by mistake.
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",  # Russian text routinely writes е for ё; folding both keeps them findable.
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Ukrainian / Belarusian letters that show up through copy-paste
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}

# Step 3: Latin letters whose decomposition alone would lose a sound that Cyrillic keeps.
_LATIN_SPECIAL: dict[str, str] = {
    "ş": "sh",  # Turkish / 1940s Kazakh Latin ş = ш
    "ș": "sh",
    "ç": "ch",  # Turkish ç = ч
    "ı": "i",  # dotless i (Turkish, Kazakh Latin 2017-2018)
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ł": "l",
    "þ": "th",
    "ß": "ss",
}

_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"

_TRANSLATE = str.maketrans(
    {**CYRILLIC_TO_LATIN, **_LATIN_SPECIAL, **dict.fromkeys(_APOSTROPHES, "")}
)

# Step 5: (pattern, replacement, reason). Applied to the whole string in this order; words
# are already separated by single spaces and contain only [a-z0-9].
FOLDING_RULES: tuple[tuple[str, str, str], ...] = (
    (
        r"shch",
        "sh",
        "щ is spelled shch or sh: fold into ш (Щучинск/Shchuchinsk/Shuchinsk)",
    ),
    (
        r"(?<![b-df-hj-np-tv-z])ye",
        "e",
        "е at a word start or after a vowel is often spelled ye (Ерлан/Yerlan, "
        "Сатпаев/Satpayev, Алиев/Aliyev); й+е (Майер) takes the same path on both sides",
    ),
    (
        r"zh",
        "j",
        "ж is zh in Russian-style and j in Kazakh Latin (Жезқазған: Zhezkazgan/Jezkazgan)",
    ),
    (r"dj", "j", "дж: Джезказган/Dzhezkazgan/Djezkazgan meet Jezkazgan (after zh -> j)"),
    (r"q", "k", "Kazakh Latin q = қ (Qazaq, Qyzylorda)"),
    (r"gh", "g", "ғ is sometimes gh (Qaraghandy/Karagandy)"),
    (r"x", "ks", "English x = кс (Express/Экспресс)"),
    (r"ph", "f", "Photo/Фото, Graphics/Графикс"),
    (r"w", "v", "English w is written в in Cyrillic (Web/Веб, Network/Нетворк)"),
    (
        r"ch(?![aeiouy])",
        "k",
        "ch before a consonant or at a word end sounds k in English IT words "
        "(Tech/Тех, Fintech/Финтех); applied to ч too, so both sides agree",
    ),
    (
        r"kh",
        "k",
        "х is kh, қ is k or q: Kazakh/Казах/Қазақ/Qazaq all meet on kazak (after the ch "
        "rule, so a k it produces before h folds too)",
    ),
    (r"\b1c\b", "1s", "the 1С brand is typed with a Latin or a Cyrillic С (1C/1С)"),
    (r"c(?=[eiy])", "s", "soft c is s (Cisco/Сиско, Mercedes/Мерседес)"),
    (r"c(?!h)", "k", "hard c is k (Contact/Контакт, Click/Клик)"),
    (r"y", "i", "ы/й/и and y/i alternate freely: Системс/Systems, Кайрат/Kairat, Almaty"),
)
# A rule without regex syntax is a plain substring replacement: str.replace does the same,
# several times faster (skeletons are computed for every company an import writes).
_COMPILED_RULES: tuple[tuple[re.Pattern[str] | str, str], ...] = tuple(
    (pattern if re.escape(pattern) == pattern else re.compile(pattern), replacement)
    for pattern, replacement, _ in FOLDING_RULES
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")
_FIRST_GROUP = operator.methodcaller("group", 1)  # what r"\1" says, without a template per match
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _strip_marks(text: str) -> str:
    """Decompose and drop combining marks, mapping non-ASCII digits to ASCII ones."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return _NON_ASCII.sub(_strip_non_ascii, decomposed)  # ASCII passes through as it is


def _strip_non_ascii(run: re.Match[str]) -> str:
    out: list[str] = []
    for ch in run.group():
        category = unicodedata.category(ch)
        if category == "Mn":
            continue
        if category == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(" ")
    return "".join(out)


def transliterate(text: str) -> str:
    """Readable Latin form of Kazakh/Russian text, case preserved where it is simple.

    Not a search key (no phonetic folding): this is what the demo generator uses to make
    e-mail addresses and web slugs, and what a UI could show next to a Cyrillic name.
    Characters with no Latin rendering are dropped; spaces and punctuation are kept.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        low = ch.lower()
        mapped = CYRILLIC_TO_LATIN.get(low, _LATIN_SPECIAL.get(low))
        if mapped is None:
            out.append(ch)
        elif ch != low and mapped:
            out.append(mapped[0].upper() + mapped[1:])
        else:
            out.append(mapped)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(ch for ch in decomposed if ch.isascii())


def skeleton(text: str) -> str:
    """The phonetic search key of ``text``: ``[a-z0-9]`` words separated by single spaces.

    Index ``skeleton(name)`` and query with ``skeleton(q)``; equal skeleton words mean
    "spelled differently, same word". Empty string when nothing searchable remains.
    """
    if not text:
        return ""
    # Every rule works inside a word, so the key of a text is the keys of its words; words
    # repeat across companies (an import computes keys for millions of them), so they are
    # cached. tests/test_transliteration.py checks this equals the whole-text computation.
    return " ".join(filter(None, map(_word_skeleton, text.split())))


@functools.lru_cache(maxsize=200_000)
def _word_skeleton(word: str) -> str:
    return _skeleton(word)


def _skeleton(text: str) -> str:
    """The key of ``text`` computed in one pass over all of it."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _strip_marks(folded.translate(_TRANSLATE))
    folded = " ".join(_NON_ALNUM.sub(" ", folded).split())
    for pattern, replacement in _COMPILED_RULES:
        if isinstance(pattern, str):
            folded = folded.replace(pattern, replacement)
        else:
            folded = pattern.sub(replacement, folded)
    return _REPEATS.sub(_FIRST_GROUP, folded)


def terms(text: str) -> list[str]:
    """The skeleton's words, in order, duplicates kept (FTS ranking counts them)."""
    return skeleton(text).split()
