"""The search document of a company: what ``q`` matches and the codes filters check.

Written to ``company_search`` by every command that changes what it is made of (one row per
company), read by ``search.py``. Pure functions of the company's values and lists.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from registry import reference
from registry.company.queries import Details
from registry.transliteration import skeleton


def search_document(company: Mapping[str, Any], detail: Details) -> dict[str, str]:
    """The ``company_search`` row's text columns: what ``q`` matches, folded to the
    transliteration skeleton, as ``names`` (every language; a search ranks their matches
    first) and ``document`` (names, description, tags, capabilities by their names in three
    languages, and products); and the ``codes`` PostgreSQL checks filters on."""
    # The skeleton is word by word, so the skeleton of the whole text is the skeletons of its
    # parts joined by spaces; the reference names' (most of the text) are computed once.
    names = _skeleton_of(
        [company["display_name"], company["name_kk"], company["name_ru"], company["name_en"]]
    )
    parts = [names, _skeleton_of([company["description"], *company["tags"]])]
    parts.extend(_reference_skeleton(reference.CAPABILITIES[c]) for c in detail.capabilities)
    for product in detail.products:
        parts.append(_skeleton_of([product["name"], product.get("description")]))
        parts.append(_reference_skeleton(reference.PRODUCT_CATEGORIES[product["category"]]))
    return {
        "names": names,
        "document": " ".join(p for p in parts if p),
        "codes": " ".join(sorted(filing_codes(company, detail))),
    }


def filing_codes(company: Mapping[str, Any], detail: Details) -> set[str]:
    """The ``company_search.codes`` of a company: the reference codes a search filters on."""
    codes = {code("segment", s) for s in detail.segments}
    codes.update(code("capability", c) for c in detail.capabilities)
    codes.update(code("product_category", p["category"]) for p in detail.products)
    if company["region"] is not None:
        codes.add(code("region", company["region"]))
    return codes


def code(field: str, value: str) -> str:
    """One filing code. Reference codes are ``[a-z0-9_]`` (tests/test_reference.py), so a
    code is one lexeme of a tsvector and of a tsquery, with nothing to quote."""
    return f"{field}={value}"


def _skeleton_of(texts: list[str | None]) -> str:
    return skeleton(" ".join(t for t in texts if t))


@functools.cache
def _reference_skeleton(item: reference.Capability | reference.ProductCategory) -> str:
    return _skeleton_of(list(item.names()))
