"""Reference data: completeness, consistency and the helpers the API validates with."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING

import pytest
from registry import reference as ref
from registry.reference import (
    CAPABILITIES,
    CAPABILITY_GROUPS,
    CITIES,
    OKED,
    PRODUCT_CATEGORIES,
    REFERENCE_KINDS,
    REGIONS,
    SEGMENTS,
    SKILLS_AREAS,
    city_in_region,
    is_in_scope,
    is_valid_oked,
    normalize_oked,
    reference_payload,
)

if TYPE_CHECKING:
    from conftest import RegistryHarness


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ALL_TABLES = {
    "segments": SEGMENTS,
    "regions": REGIONS,
    "cities": CITIES,
    "capability-groups": CAPABILITY_GROUPS,
    "capabilities": CAPABILITIES,
    "product-categories": PRODUCT_CATEGORIES,
    "oked": OKED,
    "skills-areas": SKILLS_AREAS,
}


def _all_named() -> list[ref.Segment | ref.City | ref.Region | ref.Capability]:
    return [item for table in _ALL_TABLES.values() for item in table.values()]


# ------------------------------------------------------------------------- segments


def test_segments_match_the_handbook_scope() -> None:
    in_scope = {code for code, s in SEGMENTS.items() if s.in_scope}
    assert in_scope == {
        "hardware_manufacturing",
        "software_development",
        "distribution",
        "installation_support",
        "it_consulting_integration",
        "it_outsourcing",
    }
    assert {code for code, s in SEGMENTS.items() if not s.in_scope} == {
        "telecom",
        "non_it_services",
    }


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        (["software_development"], True),
        (["telecom"], False),
        (["non_it_services"], False),
        (["telecom", "non_it_services"], False),
        (["telecom", "it_consulting_integration"], True),  # any in-scope segment suffices
        ([], False),
        ((s for s in ["distribution"]), True),  # any iterable
    ],
)
def test_is_in_scope(segments: list[str], expected: bool) -> None:
    assert is_in_scope(segments) is expected


def test_is_in_scope_rejects_unknown_codes() -> None:
    with pytest.raises(ValueError, match="bakery"):
        is_in_scope(["software_development", "bakery"])


# -------------------------------------------------------------------------- regions


def test_seventeen_regions_and_three_cities() -> None:
    kinds = [r.kind for r in REGIONS.values()]
    assert kinds.count("region") == 17
    assert {c for c, r in REGIONS.items() if r.kind == "city"} == {
        "astana",
        "almaty_city",
        "shymkent",
    }
    assert {
        "abai",
        "akmola",
        "aktobe",
        "almaty_region",
        "atyrau",
        "east_kazakhstan",
        "jambyl",
        "jetisu",
        "karaganda",
        "kostanay",
        "kyzylorda",
        "mangystau",
        "north_kazakhstan",
        "pavlodar",
        "turkistan",
        "ulytau",
        "west_kazakhstan",
    } == {c for c, r in REGIONS.items() if r.kind == "region"}


def test_cities_of_republican_significance_contain_themselves() -> None:
    for code in ("astana", "almaty_city", "shymkent"):
        item = REGIONS[code]
        assert [c.code for c in item.cities] == [code]
        assert item.centre == code
        assert city_in_region(code, code)


def test_every_region_has_its_centre_first_and_owns_its_cities() -> None:
    for item in REGIONS.values():
        assert item.cities, item.code
        assert item.cities[0].code == item.centre
        for c in item.cities:
            assert c.region == item.code
            assert CITIES[c.code] is c
    assert len(CITIES) == sum(len(r.cities) for r in REGIONS.values())


@pytest.mark.parametrize(
    ("region_code", "city_code", "expected"),
    [
        ("karaganda", "karaganda", True),
        ("karaganda", "temirtau", True),
        ("karaganda", "balkhash", True),
        ("karaganda", "zhezkazgan", False),  # Ulytau's since 2022
        ("ulytau", "zhezkazgan", True),
        ("east_kazakhstan", "oskemen", True),
        ("east_kazakhstan", "semey", False),  # Abai's since 2022
        ("abai", "semey", True),
        ("jetisu", "taldykorgan", True),
        ("almaty_region", "taldykorgan", False),
        ("almaty_region", "konaev", True),
        ("almaty_region", "almaty_city", False),
        ("mangystau", "zhanaozen", True),
        ("west_kazakhstan", "oral", True),
        ("north_kazakhstan", "petropavl", True),
        ("pavlodar", "ekibastuz", True),
        ("kostanay", "rudny", True),
        ("jambyl", "taraz", True),
        ("astana", "almaty_city", False),
        ("atlantis", "astana", False),
        ("astana", "atlantis", False),
    ],
)
def test_city_in_region(region_code: str, city_code: str, expected: bool) -> None:
    assert city_in_region(region_code, city_code) is expected


def test_centres() -> None:
    centres = {code: r.centre for code, r in REGIONS.items()}
    assert centres["abai"] == "semey"
    assert centres["akmola"] == "kokshetau"
    assert centres["almaty_region"] == "konaev"
    assert centres["east_kazakhstan"] == "oskemen"
    assert centres["jetisu"] == "taldykorgan"
    assert centres["ulytau"] == "zhezkazgan"
    assert centres["west_kazakhstan"] == "oral"
    assert centres["north_kazakhstan"] == "petropavl"
    assert centres["mangystau"] == "aktau"


def test_lookups() -> None:
    assert ref.region("astana") is REGIONS["astana"]
    assert ref.region("nowhere") is None
    assert ref.segment("telecom") is SEGMENTS["telecom"]
    assert ref.segment("Telecom") is None
    assert ref.city("oskemen") is CITIES["oskemen"]
    assert ref.capability("onec_development") is CAPABILITIES["onec_development"]
    assert ref.capability("1c_development") is None
    assert ref.product_category("erp") is PRODUCT_CATEGORIES["erp"]
    assert ref.skills_area("business_english") is SKILLS_AREAS["business_english"]


# ---------------------------------------------------------------------- vocabularies


def test_capabilities() -> None:
    assert 35 <= len(CAPABILITIES) <= 55
    for item in CAPABILITIES.values():
        assert item.group in CAPABILITY_GROUPS
    groups = {c.group for c in CAPABILITIES.values()}
    assert groups == set(CAPABILITY_GROUPS)
    for code in (
        "web_development",
        "mobile_development",
        "erp_implementation",
        "onec_development",
        "crm_implementation",
        "data_engineering",
        "machine_learning",
        "qa_testing",
        "network_engineering",
        "cloud_migration",
        "data_center",
        "system_administration",
        "cybersecurity",
        "it_project_management",
        "helpdesk_support",
        "it_training",
        "hardware_assembly",
        "pos_equipment",
        "e_government",
        "fintech",
        "edtech",
        "healthtech",
        "agritech",
        "oil_gas_it",
        "mining_it",
        "logistics_it",
    ):
        assert code in CAPABILITIES, code


def test_product_categories() -> None:
    assert set(PRODUCT_CATEGORIES) == {
        "erp",
        "crm",
        "accounting",
        "e_government",
        "fintech",
        "security",
        "edtech",
        "healthtech",
        "logistics",
        "retail_pos",
        "hardware",
        "networking",
        "cloud_service",
        "mobile_app",
        "other",
    }


def test_skills_areas() -> None:
    technical = {c for c, s in SKILLS_AREAS.items() if s.kind == "technical"}
    business = {c for c, s in SKILLS_AREAS.items() if s.kind == "business"}
    assert technical == {
        "it_project_manager",
        "application_developer",
        "database_developer",
        "system_administrator",
        "network_engineer",
        "technical_support_engineer",
    }
    assert business == {"sales_marketing", "quality_management", "business_english"}
    for s in SKILLS_AREAS.values():
        expected = (3, 10) if s.kind == "technical" else (2, 5)
        assert (s.min_courses, s.max_courses) == expected


# ------------------------------------------------------------------------------ OKED


def test_oked_scope() -> None:
    in_scope = {c for c, o in OKED.items() if o.in_scope}
    out = {c for c, o in OKED.items() if not o.in_scope}
    assert {"26.20", "46.51", "58.29", "62.01", "62.02", "62.03", "62.09", "63.11"} <= in_scope
    assert {"95.11", "85.59", "33.12", "33.13", "47.41", "58.21", "63.12"} <= in_scope
    assert out == {"61.10", "61.20", "61.30", "61.90", "70.22", "73.11"}
    for item in OKED.values():
        assert re.fullmatch(r"\d{2}\.\d{2}", item.code)
        assert item.segments and all(s in SEGMENTS for s in item.segments)
        # an in-scope activity maps to in-scope segments and vice versa
        assert is_in_scope(item.segments) is item.in_scope


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("62.01", "62.01"),
        ("62.01.0", "62.01"),
        (" 62.01.9 ", "62.01"),
        ("6201", "62.01"),
        ("62010", "62.01"),
        ("47.19", "47.19"),
    ],
)
def test_normalize_oked(raw: str, expected: str) -> None:
    assert normalize_oked(raw) == expected


@pytest.mark.parametrize("raw", ["", "62", "62.1", "62.001", "6x.01", "62-01", "620100", None])
def test_normalize_oked_rejects(raw: str) -> None:
    with pytest.raises(ValueError, match="OKED"):
        normalize_oked(raw)


def test_is_valid_oked() -> None:
    assert is_valid_oked("62.01")
    assert is_valid_oked("62.01.0")
    assert is_valid_oked("61.10")  # listed (out of scope, but valid)
    assert not is_valid_oked("47.19")  # well formed, not an IT-relevant class
    assert not is_valid_oked("62.1")
    assert ref.oked("62.02.0") is OKED["62.02"]
    assert ref.oked("nonsense") is None


# ------------------------------------------------------------------------ languages


def test_codes_are_snake_case_ascii_and_unique() -> None:
    for name, table in _ALL_TABLES.items():
        for code, item in table.items():
            assert item.code == code
            if name != "oked":
                assert _CODE.match(code), (name, code)


def test_every_name_exists_in_three_languages() -> None:
    for item in _all_named():
        for lang in ref.LANGUAGES:
            text = item.name(lang)
            assert text and text == text.strip(), (item.code, lang)


def test_no_word_mixes_latin_and_cyrillic_letters() -> None:
    """Ruff's confusable-character check is off in these files, so guard here against a
    Latin 'a' or 'o' typed inside a Cyrillic word (it would break search and sorting)."""
    for item in _all_named():
        for text in (*item.names(), *getattr(item, "aliases", ())):
            for word in re.findall(r"\w+", text):
                assert not (_CYRILLIC.search(word) and _LATIN.search(word)), (item.code, word)


def test_kazakh_names_use_kazakh_letters() -> None:
    assert REGIONS["karaganda"].name_kk == "Қарағанды облысы"
    assert REGIONS["east_kazakhstan"].name_kk == "Шығыс Қазақстан облысы"
    assert REGIONS["north_kazakhstan"].name_kk == "Солтүстік Қазақстан облысы"
    assert REGIONS["west_kazakhstan"].name_kk == "Батыс Қазақстан облысы"
    assert CITIES["oskemen"].name_kk == "Өскемен"
    assert CITIES["zhezkazgan"].name_kk == "Жезқазған"
    assert CITIES["zhanaozen"].name_kk == "Жаңаөзен"
    assert CITIES["ekibastuz"].name_kk == "Екібастұз"
    assert CITIES["turkistan"].name_kk == "Түркістан"
    assert SEGMENTS["software_development"].name_kk == "Бағдарламалық қамтамасыз етуді әзірлеу"
    kazakh_letters_used = set("".join(i.name_kk for i in _all_named())) & _KAZAKH_ONLY
    assert set("әғқңөұүі") <= kazakh_letters_used


def test_russian_names_use_russian_letters() -> None:
    # Official Russian names of the two regions named after Kazakh words keep them as is.
    allowed = {"jetisu", "ulytau"}
    for item in _all_named():
        if item.code in allowed:
            continue
        assert not set(item.name_ru) & _KAZAKH_ONLY, (item.code, item.name_ru)


def test_name_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        SEGMENTS["telecom"].name("de")  # type: ignore[arg-type]


def test_reference_data_is_immutable() -> None:
    with pytest.raises(TypeError):
        SEGMENTS["telecom"] = SEGMENTS["software_development"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEGMENTS["telecom"].in_scope = True  # type: ignore[misc]


# -------------------------------------------------------------------------- payload


@pytest.mark.parametrize("kind", REFERENCE_KINDS)
def test_payload_is_json_ready_and_complete(kind: str) -> None:
    items = reference_payload(kind)
    assert json.loads(json.dumps(items, ensure_ascii=False)) == items
    assert [i["code"] for i in items] == list(_ALL_TABLES[kind])
    for i in items:
        assert {"code", "name_en", "name_ru", "name_kk"} <= set(i)


def test_payload_shapes() -> None:
    astana = reference_payload("regions")[0]
    assert astana["code"] == "astana" and astana["kind"] == "city"
    assert astana["cities"][0]["code"] == "astana"
    karaganda = next(r for r in reference_payload("regions") if r["code"] == "karaganda")
    assert [c["code"] for c in karaganda["cities"]][:2] == ["karaganda", "temirtau"]
    cap = next(c for c in reference_payload("capabilities") if c["code"] == "fintech")
    assert cap["group"] == "industry"
    oked = next(o for o in reference_payload("oked") if o["code"] == "61.10")
    assert oked == {**oked, "in_scope": False, "segments": ["telecom"]}


def test_payload_filters_and_aliases() -> None:
    assert reference_payload("skills_areas") == reference_payload("skills-areas")
    in_scope = reference_payload("segments", in_scope_only=True)
    assert len(in_scope) == 6 and all(s["in_scope"] for s in in_scope)
    oked = reference_payload("oked", in_scope_only=True)
    assert oked and all(o["in_scope"] for o in oked)
    assert len(reference_payload("capabilities", in_scope_only=True)) == len(CAPABILITIES)


def test_payload_returns_fresh_objects() -> None:
    first = reference_payload("regions")
    first[0]["cities"].clear()
    assert reference_payload("regions")[0]["cities"]


def test_payload_unknown_kind() -> None:
    with pytest.raises(KeyError, match="unknown reference kind"):
        reference_payload("planets")


async def test_every_kind_over_http_is_its_payload_and_its_typed_schema(
    registry: RegistryHarness,
) -> None:
    """The route declares a typed response: it must leave every kind's fields as they are."""
    for kind in REFERENCE_KINDS:
        response = await registry.http.get(f"/reference/{kind}")
        assert response.status_code == 200
        assert response.json() == ref.reference_payload(kind), kind
    document = (await registry.http.get("/openapi.json")).json()
    schema = document["paths"]["/reference/{kind}"]["get"]["responses"]["200"]["content"]
    assert schema["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/ReferenceItemRead"
    }


async def test_labels_follow_accept_language_beside_all_three_names(
    registry: RegistryHarness,
) -> None:
    for header, language in (("kk-KZ, ru;q=0.5", "kk"), ("ru", "ru"), ("de", "en"), (None, "en")):
        headers = {"Accept-Language": header} if header else {}
        for kind in REFERENCE_KINDS:
            response = await registry.http.get(f"/reference/{kind}", headers=headers)
            assert response.status_code == 200
            assert response.headers["content-language"] == language
            assert "Accept-Language" in response.headers["vary"]
            assert response.json() == ref.reference_payload(kind, language=language), kind
    regions = await registry.http.get("/reference/regions", headers={"Accept-Language": "kk"})
    abai = next(r for r in regions.json() if r["code"] == "abai")
    assert abai["label"] == "Абай облысы" and abai["name_ru"] == "Абайская область"
    assert abai["cities"][2]["label"] == "Аягөз"  # ө: Kazakh, not the Russian "Аягоз"
    segments = await registry.http.get("/reference/segments", headers={"Accept-Language": "ru"})
    labels = {s["code"]: s["label"] for s in segments.json()}
    assert labels["software_development"] == "Разработка программного обеспечения"


async def test_statuses_in_kazakh_beside_the_other_kinds(registry: RegistryHarness) -> None:
    """``/reference/statuses`` (the kernel's) is matched before ``/reference/{kind}``, which
    still answers every kind; the labels follow Accept-Language, the codes never do."""
    from registry.statuses import STATUSES

    from shared.statuses import payload

    response = await registry.http.get("/reference/statuses", headers={"Accept-Language": "kk"})
    assert response.status_code == 200, response.text
    assert response.headers["content-language"] == "kk"
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.json() == payload(STATUSES, "kk")
    linkage = next(
        r for r in response.json() if (r["resource"], r["field"]) == ("linkage", "stage")
    )
    signed = next(v for v in linkage["values"] if v["code"] == "contract_signed")
    assert signed["label"] == signed["name_kk"] == "келісімшартқа қол қойылды"
    assert signed["name_ru"] == "контракт подписан" and signed["name_en"] == "contract signed"
    assert (await registry.http.get("/reference/segments")).status_code == 200
