"""The demo generator: deterministic, valid against the reference data, realistic enough."""

# Russian and Kazakh words are the subject of several assertions.

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from registry.bin import is_valid_bin
from registry.demo import COMPANY_KEYS, DEMO_AS_OF, generate_companies, iter_companies
from registry.reference import (
    CAPABILITIES,
    OKED,
    PRODUCT_CATEGORIES,
    REGIONS,
    SEGMENTS,
    city_in_region,
    is_in_scope,
)
from registry.transliteration import skeleton

_INTL_COUNTRIES = {"DE", "US", "KR", "TR", "CN", "GB", "FR", "JP", "NL", "FI", "AE", "IN", "SG"}
_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LOCAL_PHONE = re.compile(r"^\+7 7\d{2} \d{3} \d{2} \d{2}$")
_EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$")
_WEBSITE = re.compile(r"^https://[a-z0-9-]+\.(kz|com)$")


@pytest.fixture(scope="module")
def demo() -> list[dict[str, Any]]:
    return generate_companies()


@pytest.fixture(scope="module")
def local(demo: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in demo if c["kind"] == "local"]


@pytest.fixture(scope="module")
def international(demo: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in demo if c["kind"] == "international"]


def _digest(companies: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(companies, ensure_ascii=False).encode()).hexdigest()


# ----------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_output(demo: list[dict[str, Any]]) -> None:
    assert _digest(generate_companies()) == _digest(demo)
    assert generate_companies(50, 5, seed=7) == generate_companies(50, 5, seed=7)


def test_different_seed_gives_different_output() -> None:
    a, b = generate_companies(50, 5, seed=1), generate_companies(50, 5, seed=2)
    assert a != b
    assert sum(x["display_name"] == y["display_name"] for x, y in zip(a, b, strict=True)) < 10


def test_output_does_not_depend_on_hash_randomisation() -> None:
    """Set iteration order changes with PYTHONHASHSEED; the generator must not use it."""
    code = (
        "import hashlib, json; from registry.demo import generate_companies; "
        "print(hashlib.sha256(json.dumps(generate_companies(300, 10, seed=5),"
        " ensure_ascii=False).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
        )
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert digests == {_digest(generate_companies(300, 10, seed=5))}


def test_small_sets_are_prefixes_of_large_ones(demo: list[dict[str, Any]]) -> None:
    """The 2,000-company demo is the start of the 100,000 benchmark stream, and the number
    of international companies does not disturb the local ones."""
    assert generate_companies(300, 0) == demo[:300]
    assert generate_companies(2000, 3)[:2000] == demo[:2000]
    assert generate_companies(0, 30) == demo[2000:]


def test_as_of_moves_the_calendar() -> None:
    later = date(2030, 6, 30)
    companies = generate_companies(200, 0, as_of=later)
    founded = [date.fromisoformat(c["founded_on"]) for c in companies]
    assert max(founded) <= later
    assert any(f > later - timedelta(days=730) for f in founded)
    assert min(f.year for f in founded) >= later.year - 30


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_companies(-1, 0)


def test_streaming_is_lazy() -> None:
    stream = iter_companies(10**9, 0)  # would never fit in memory if materialised
    first = next(stream)
    assert first == generate_companies(1, 0)[0]


# ---------------------------------------------------------------------- the contract


def test_counts_and_order(demo: list[dict[str, Any]]) -> None:
    assert len(demo) == 2030
    assert [c["kind"] for c in demo] == ["local"] * 2000 + ["international"] * 30


def test_exact_keys_and_json_ready(demo: list[dict[str, Any]]) -> None:
    for company in demo:
        assert tuple(company) == COMPANY_KEYS
    assert json.loads(json.dumps(demo, ensure_ascii=False)) == demo


def test_every_code_is_valid_against_the_reference(demo: list[dict[str, Any]]) -> None:
    for c in demo:
        assert 1 <= len(c["segments"]) <= 3 and len(set(c["segments"])) == len(c["segments"])
        assert all(s in SEGMENTS for s in c["segments"])
        for code in c["oked_codes"]:
            assert code in OKED
            assert set(OKED[code].segments) & set(c["segments"]), (code, c["segments"])
        assert 2 <= len(c["capabilities"]) <= 6
        assert len(set(c["capabilities"])) == len(c["capabilities"])
        assert all(x in CAPABILITIES for x in c["capabilities"])
        if c["region"] is not None:
            assert c["region"] in REGIONS
            assert city_in_region(c["region"], c["city"])
        assert 0 <= len(c["products"]) <= 3
        for p in c["products"]:
            assert set(p) == {"name", "category", "description"}
            assert p["category"] in PRODUCT_CATEGORIES and p["name"] and p["description"]
        assert 0 <= len(c["certifications"]) <= 4
        for cert in c["certifications"]:
            assert set(cert) == {"kind", "vendor", "name", "level", "staff_count", "expires_on"}
            if cert["kind"] == "staff_certification":
                assert isinstance(cert["staff_count"], int)
                assert 1 <= cert["staff_count"] <= c["employees"]
            else:
                assert cert["kind"] == "company_accreditation" and cert["staff_count"] is None
            if cert["expires_on"] is not None:
                date.fromisoformat(cert["expires_on"])
        assert 1 <= len(c["contacts"]) <= 2
        for contact in c["contacts"]:
            assert set(contact) == {"name", "position", "email", "phone"}
            assert _EMAIL.match(contact["email"]), contact["email"]
        assert 0 <= len(c["tags"]) <= 3
        assert isinstance(c["private_sector_share"], int) and 0 <= c["private_sector_share"] <= 100
        assert isinstance(c["employees"], int) and c["employees"] >= 3
        assert c["status"] in {"active", "inactive", "out_of_business"}
        assert c["website"] is None or _WEBSITE.match(c["website"]), c["website"]
        assert c["display_name"] and c["description"] and c["address"]


def test_local_companies(local: list[dict[str, Any]]) -> None:
    for c in local:
        assert c["country"] == "KZ" and c["foreign_registration_number"] is None
        assert is_valid_bin(c["bin"])
        founded = date.fromisoformat(c["founded_on"])
        assert 1995 <= founded.year <= 2025 and founded <= DEMO_AS_OF
        # BIN = YYMM of registration + "40" (resident legal entity, head office) + serial
        assert c["bin"][:6] == f"{founded.year % 100:02d}{founded.month:02d}40"
        assert c["name_kk"] and c["name_ru"] and c["region"] and c["city"]
        assert c["oked_codes"]
        for contact in c["contacts"]:
            assert _LOCAL_PHONE.match(contact["phone"]), contact["phone"]
    assert len({c["bin"] for c in local}) == len(local)
    assert len({c["display_name"] for c in local}) == len(local)


def test_international_companies(international: list[dict[str, Any]]) -> None:
    for c in international:
        assert c["bin"] is None and c["foreign_registration_number"]
        assert c["country"] in _INTL_COUNTRIES
        assert c["name_en"] and c["name_kk"] is None and c["name_ru"] is None
        assert c["name_en"].startswith(c["display_name"])
        assert (c["region"] is None) == (c["city"] is None)
    assert len({c["foreign_registration_number"] for c in international}) == len(international)
    assert len({c["display_name"] for c in international}) == len(international)
    assert len({c["country"] for c in international}) >= 6
    assert any(c["region"] for c in international)  # some have an office in Kazakhstan
    assert any(c["region"] is None for c in international)


def test_many_international_companies_stay_unique() -> None:
    companies = generate_companies(0, 800)
    assert len({c["foreign_registration_number"] for c in companies}) == 800
    assert len({c["display_name"] for c in companies}) == 800


# ------------------------------------------------------------------------ realism


def test_regional_weighting(local: list[dict[str, Any]]) -> None:
    counts = collections.Counter(c["region"] for c in local)
    share = {code: n / len(local) for code, n in counts.items()}
    assert 0.35 <= share["almaty_city"] <= 0.45
    assert 0.20 <= share["astana"] <= 0.30
    assert 0.04 <= share["shymkent"] <= 0.10
    assert len(counts) >= 18  # the rest spread over the regions
    assert max(n for code, n in counts.items() if REGIONS[code].kind == "region") < 0.06 * 2000


def test_ineligible_and_out_of_scope_companies_exist(local: list[dict[str, Any]]) -> None:
    small = [c for c in local if c["employees"] < 5]
    young = [
        c for c in local if date.fromisoformat(c["founded_on"]) > DEMO_AS_OF - timedelta(days=730)
    ]
    out_of_scope = [c for c in local if not is_in_scope(c["segments"])]
    mixed = [c for c in local if "telecom" in c["segments"] and is_in_scope(c["segments"])]
    assert 0.03 * 2000 <= len(small) <= 0.12 * 2000
    assert 0.04 * 2000 <= len(young) <= 0.12 * 2000
    assert 0.015 * 2000 <= len(out_of_scope) <= 0.06 * 2000
    assert mixed  # an IT firm with a telecom licence stays in scope
    assert any(c["private_sector_share"] < 30 for c in local)


def test_size_and_status_spread(local: list[dict[str, Any]]) -> None:
    sizes = collections.Counter(
        "micro" if e < 5 else "small" if e <= 50 else "medium" if e <= 500 else "large"
        for e in (c["employees"] for c in local)
    )
    assert sizes["small"] > sizes["medium"] > sizes["micro"] > 0 and sizes["large"] > 0
    statuses = collections.Counter(c["status"] for c in local)
    assert statuses["active"] > 0.85 * 2000
    assert statuses["inactive"] > 0 and statuses["out_of_business"] > 0


def test_cyrillic_and_languages(local: list[dict[str, Any]]) -> None:
    assert all(
        _KAZAKH_LETTERS.search(c["name_kk"]) or _CYRILLIC.search(c["name_kk"]) for c in local
    )
    assert sum(bool(_KAZAKH_LETTERS.search(c["name_kk"])) for c in local) > 0.3 * 2000
    assert all(c["name_ru"].startswith(("ТОО «", "АО «")) for c in local)
    assert any(c["name_en"] is None for c in local) and any(c["name_en"] for c in local)
    assert any(_CYRILLIC.search(c["display_name"]) for c in local)
    assert any(c["display_name"].isascii() for c in local)
    assert any(_CYRILLIC.search(t) for c in local for t in c["tags"])
    assert any("кеңсе" in c["address"] for c in local)  # Kazakh addresses
    assert any("офис" in c["address"] for c in local)  # Russian addresses
    assert any("ИТ-компания" in c["description"] for c in local)
    assert any("IT company" in c["description"] for c in local)
    assert any("АТ-компания" in c["description"] for c in local)


def test_certifications_are_plausible(demo: list[dict[str, Any]]) -> None:
    held = collections.Counter(
        (cert["vendor"], cert["name"]) for c in demo for cert in c["certifications"]
    )
    for pair in [("Cisco", "CCNA"), ("PMI", "Project Management Professional (PMP)")]:
        assert held[pair] > 0, pair
    assert held[("ISO", "ISO 9001:2015")] > 0
    assert any(vendor == "1С" for vendor, _ in held)
    kinds = {cert["kind"] for c in demo for cert in c["certifications"]}
    assert kinds == {"staff_certification", "company_accreditation"}


def test_script_insensitive_search_has_material(local: list[dict[str, Any]]) -> None:
    """A Latin query "kazakh" must have Kazakh-script names to find (the search contract)."""
    hits = [c for c in local if "kazak" in skeleton(c["name_kk"]).split()]
    assert any("Қазақ" in c["name_kk"] for c in hits)
    assert any(c["display_name"].startswith("Kazakh") for c in hits) or len(hits) > 5


# ---------------------------------------------------------------------- benchmark size


def test_100k_local_companies_stream_with_unique_valid_bins() -> None:
    """The benchmark's 100,000 companies: every BIN valid and none twice. How fast they stream
    is the benchmark's to measure (bench/registry.py), not a test's to assert."""
    bins: set[str] = set()
    count = 0
    for company in iter_companies(100_000, 0, seed=2027):
        value = company["bin"]
        assert is_valid_bin(value)
        bins.add(value)
        count += 1
    assert count == 100_000
    assert len(bins) == 100_000
