"""Search: any script, filters, facets, sorting and pages, with the same results on SQLite and
PostgreSQL (every test here runs on both when BLP_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shared.auth import Principal, Role


@pytest.fixture
async def catalogue(registry: Any) -> dict[str, dict[str, Any]]:
    """A handful of published companies that tell the filters apart."""
    specs = {
        "qazaq": dict(
            display_name="Қазақ Телеком Софт",
            name_ru="Казах Телеком Софт",
            name_en=None,
            region="almaty_city",
            city="almaty_city",
            employees=120,
            capabilities=["network_engineering", "web_development"],
            founded_on="2001-05-01",
        ),
        "almaty": dict(
            display_name="Almaty Digital",
            name_kk=None,
            name_ru=None,
            name_en=None,
            region="astana",
            city="astana",
            employees=8,
            founded_on="2025-06-01",
            capabilities=["mobile_development"],
            description="Мобильные приложения",
            products=[{"name": "Tulpar Pay", "category": "fintech"}],
            certifications=[],
        ),
        "astana": dict(
            display_name="Астана Системс",
            name_kk="Астана Системс",
            name_ru=None,
            name_en="Astana Systems",
            region="astana",
            city="astana",
            employees=3,
            capabilities=["cybersecurity"],
            founded_on="2010-01-01",
            segments=["it_consulting_integration"],
            certifications=[
                {
                    "kind": "staff_certification",
                    "vendor": "Cisco",
                    "name": "CCNP Enterprise",
                    "staff_count": 4,
                }
            ],
        ),
        "telecom": dict(
            display_name="Dala Telecom",
            name_kk=None,
            name_ru=None,
            name_en=None,
            segments=["telecom"],
            capabilities=["network_engineering"],
            employees=300,
            region="shymkent",
            city="shymkent",
            founded_on="1999-01-01",
            certifications=[],
        ),
    }
    made = {}
    for name, spec in specs.items():
        made[name] = await registry.publish(await registry.create(**spec))
    made["draft"] = await registry.create(display_name="Қазақ Черновик")
    return made


async def names(registry: Any, headers: dict[str, str] | None = None, **params: Any) -> list[str]:
    response = await registry.http.get("/companies", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return [c["display_name"] for c in response.json()["items"]]


class TestFullText:
    async def test_latin_query_finds_cyrillic_names_and_the_reverse(
        self, registry: Any, catalogue: Any
    ) -> None:
        assert await names(registry, q="kazakh") == ["Қазақ Телеком Софт"]
        assert await names(registry, q="Алматы") == ["Almaty Digital"]
        assert await names(registry, q="ASTANA sys") == ["Астана Системс"]

    async def test_every_word_must_match_as_a_prefix(self, registry: Any, catalogue: Any) -> None:
        assert await names(registry, q="казах софт") == ["Қазақ Телеком Софт"]
        assert await names(registry, q="казах nothinglikethis") == []

    async def test_description_capabilities_and_products_are_searched(
        self, registry: Any, catalogue: Any
    ) -> None:
        assert await names(registry, q="мобильные") == ["Almaty Digital"]
        assert await names(registry, q="tulpar") == ["Almaty Digital"]
        assert "Астана Системс" in await names(registry, q="кибербезопасность")

    async def test_staff_also_find_drafts_the_public_does_not(
        self, registry: Any, catalogue: Any
    ) -> None:
        public = await names(registry, q="қазақ")
        staff = await names(registry, registry.staff, q="қазақ")
        assert public == ["Қазақ Телеком Софт"]
        assert sorted(staff) == ["Қазақ Телеком Софт", "Қазақ Черновик"]

    async def test_a_query_without_letters_is_a_422_naming_q(
        self, registry: Any, catalogue: Any
    ) -> None:
        response = await registry.http.get("/companies", params={"q": "🚀 !!"})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "q"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("employees_min", "много"),
            ("employees_max", "-1"),
            ("min_years_in_business", "201"),
            ("kind", "galactic"),
            ("cohort_id", "not-a-uuid"),
            ("verified_only", "maybe"),
            ("bin", "12345"),
            ("q", "x" * 201),
            # issue 15: SQLite's integers stop at 2**63 - 1; refused at the edge, not a 500
            ("employees_min", str(2**63)),
            ("employees_max", "9" * 40),
        ],
    )
    async def test_a_bad_filter_is_a_422_naming_it(
        self, registry: Any, field: str, value: str
    ) -> None:
        response = await registry.http.get("/companies", params={field: value})
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == [field]


class TestUnknownCodes:
    """Issue 12, defect 5: an unknown code is a 422, not an empty page."""

    @pytest.mark.parametrize(
        ("field", "value", "kind"),
        [
            ("region", "narnia", "regions"),
            ("city", "atlantis", "cities"),
            ("segment", "bakery", "segments"),
            ("capability", "telepathy", "capabilities"),
            ("product_category", "potions", "product-categories"),
        ],
    )
    async def test_an_unknown_code_is_a_422_naming_the_parameter_and_its_reference(
        self, registry: Any, field: str, value: str, kind: str
    ) -> None:
        for path in ("/companies", "/companies/export"):
            response = await registry.http.get(path, params={field: value})
            assert response.status_code == 422, response.text
            (error,) = response.json()["errors"]
            assert error["field"] == field and error["in"] == "query"
            assert f"/v1/registry/reference/{kind}" in error["message"]
            assert value in error["message"]

    async def test_a_known_code_with_no_companies_is_an_empty_page(self, registry: Any) -> None:
        response = await registry.http.get("/companies", params={"region": "abai"})
        assert response.status_code == 200 and response.json()["items"] == []
        assert response.json()["total"] == 0


class TestFilters:
    async def test_region_size_years_scope_and_certifications(
        self, registry: Any, catalogue: Any
    ) -> None:
        assert sorted(await names(registry, region="astana")) == [
            "Almaty Digital",
            "Астана Системс",
        ]
        assert await names(registry, employees_min=100, employees_max=200) == ["Қазақ Телеком Софт"]
        assert "Almaty Digital" not in await names(registry, min_years_in_business=2)
        assert await names(registry, in_scope="false") == ["Dala Telecom"]
        assert await names(registry, registry.staff, in_scope="false") == ["Dala Telecom"]
        assert await names(registry, certification_vendor="cisco", certification_name="ccnp") == [
            "Астана Системс"
        ]
        assert await names(registry, certification_vendor="Cisco", verified_only="true") == []

    async def test_verified_only_alone_keeps_companies_with_a_verified_certification(
        self, registry: Any, catalogue: Any
    ) -> None:
        """Issue 12, defect 3: it was ignored without a vendor or a name."""
        assert await names(registry, verified_only="true") == []
        await registry.add_verified(catalogue["almaty"]["id"], "AWS", "Cloud Practitioner")
        assert await names(registry, verified_only="true") == ["Almaty Digital"]
        assert await names(registry, verified_only="true", certification_vendor="aws") == [
            "Almaty Digital"
        ]
        assert await names(registry, verified_only="true", certification_vendor="Cisco") == []

    async def test_capabilities_must_all_be_held(self, registry: Any, catalogue: Any) -> None:
        both = await names(registry, capability=["network_engineering", "web_development"])
        assert both == ["Қазақ Телеком Софт"]
        assert sorted(
            await names(registry, registry.staff, capability=["network_engineering"])
        ) == ["Dala Telecom", "Қазақ Телеком Софт"]

    async def test_filters_follow_a_company_that_changes_what_it_is_filed_under(
        self, registry: Any, catalogue: Any
    ) -> None:
        """Words and filters together: PostgreSQL answers the filters from the search table's
        codes, which every change rewrites (SQLite reads the companies' own rows)."""
        before = {"q": "dala", "region": "shymkent", "capability": "network_engineering"}
        assert await names(registry, **before) == ["Dala Telecom"]
        telecom = catalogue["telecom"]
        response = await registry.http.patch(
            f"/companies/{telecom['id']}",
            json={
                "region": "astana",
                "city": "astana",
                "capabilities": ["cybersecurity", "cloud_hosting"],
                "segments": ["telecom", "it_outsourcing"],
                "products": [{"name": "Dala Guard", "category": "fintech"}],
            },
            headers={**registry.staff, "If-Match": f'"{telecom["version"]}"'},
        )
        assert response.status_code == 200, response.text
        assert await names(registry, **before) == []
        after = {
            "q": "dala",
            "region": "astana",
            "capability": ["cloud_hosting", "cybersecurity"],
            "segment": ["software_development", "it_outsourcing"],
            "product_category": "fintech",
        }
        assert await names(registry, **after) == ["Dala Telecom"]
        assert await names(registry, **after, sort="name") == ["Dala Telecom"]

    async def test_facets_count_the_matching_companies(self, registry: Any, catalogue: Any) -> None:
        response = await registry.http.get(
            "/companies", headers=registry.staff, params={"facets": ["region", "segment"]}
        )
        facets = response.json()["facets"]
        # the page skips response validation (shared.responses): still its documented shape
        from registry.company.schemas import CompanyPage

        assert CompanyPage.model_validate(response.json()).model_dump(mode="json")["facets"] == (
            facets
        )
        regions = {f["value"]: f["count"] for f in facets["region"]}
        assert regions["astana"] == 2 and regions["almaty_city"] == 2  # the draft is there too
        assert {f["value"] for f in facets["segment"]} >= {"software_development", "telecom"}

    async def test_cohort_filter_is_for_staff_only(self, registry: Any, catalogue: Any) -> None:
        company = registry.as_(Role.INTERNATIONAL_COMPANY, "00000000-0000-4000-8000-000000000001")
        response = await registry.http.get(
            "/companies",
            params={"cohort_id": "00000000-0000-4000-8000-000000000002"},
            headers=company,
        )
        assert response.status_code == 403


class TestTotals:
    """Issue 12, defect 6: every page says how many companies match, and whether exactly."""

    async def test_every_page_carries_the_exact_total(self, registry: Any, catalogue: Any) -> None:
        for params, headers, total in (
            ({}, registry.staff, 5),
            ({}, {}, 4),
            ({"region": "astana"}, {}, 2),
            ({"q": "телеком"}, {}, 2),
            ({"q": "kazakh", "sort": "relevance"}, {}, 1),
        ):
            cursor, pages = None, 0
            while True:
                page_params = {**params, "limit": 1, **({"cursor": cursor} if cursor else {})}
                page = (
                    await registry.http.get("/companies", params=page_params, headers=headers)
                ).json()
                assert (page["total"], page["total_is_exact"]) == (total, True), params
                pages += 1
                cursor = page["next_cursor"]
                if not cursor:
                    break
            assert pages == total

    async def test_above_the_counting_limit_the_total_is_an_estimate(
        self, registry: Any, catalogue: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from registry.company import search

        monkeypatch.setattr(search, "COUNT_EXACTLY_UP_TO", 2)
        search.forget_estimates()
        page = (await registry.http.get("/companies", params={"limit": 1})).json()
        assert page["total_is_exact"] is False and page["total"] >= 3
        second = (
            await registry.http.get(
                "/companies", params={"limit": 1, "cursor": page["next_cursor"]}
            )
        ).json()
        assert (second["total"], second["total_is_exact"]) == (page["total"], False)
        again = (await registry.http.get("/companies", params={"limit": 1})).json()
        assert (again["total"], again["total_is_exact"]) == (page["total"], False)  # remembered
        few = await registry.http.get("/companies", params={"limit": 1, "region": "astana"})
        assert (few.json()["total"], few.json()["total_is_exact"]) == (2, True)

    async def test_broad_words_make_the_total_an_estimate(
        self, registry: Any, catalogue: Any, backend: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Words matching more than WORDS_COUNTED_UP_TO companies are not counted to the end:
        SQLite counts the first that many matches and scales the share up, PostgreSQL asks its
        planner; either way the total says it is an estimate, and is never below the page."""
        from registry.company import search

        # PostgreSQL's planner never estimates fewer than one row: none are counted
        monkeypatch.setattr(search, "WORDS_COUNTED_UP_TO", 0)
        monkeypatch.setattr(search, "ESTIMATE_SAMPLE", 1)
        search.forget_estimates()
        page = (await registry.http.get("/companies", params={"q": "телеком", "limit": 1})).json()
        assert len(page["items"]) == 1 and page["next_cursor"]
        assert page["total_is_exact"] is False and page["total"] >= 2
        if backend == "sqlite":  # both matches found: the first of two, scaled by two
            assert page["total"] == 2
        monkeypatch.setattr(search, "WORDS_COUNTED_UP_TO", 2000)
        search.forget_estimates()
        page = (await registry.http.get("/companies", params={"q": "телеком", "limit": 1})).json()
        assert (page["total"], page["total_is_exact"]) == (2, True)

    async def test_a_total_is_counted_once_until_a_write_changes_what_searches_find(
        self, registry: Any, catalogue: Any
    ) -> None:
        """A first page's exact total is remembered (``registry.company.totals``), and every
        kind of write that can change it makes the next search count again: a new company, a
        changed profile, a publication, and a programme row an event leaves."""
        from sqlalchemy import event

        counts: list[str] = []
        event.listen(
            registry.app.state.runtime.engine.sync_engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: (
                counts.append(statement)
                if "count(" in statement and "company" in statement
                else None
            ),
        )

        async def total(**params: Any) -> tuple[int, bool]:
            page = (
                await registry.http.get(
                    "/companies", params={"limit": 1, **params}, headers=registry.staff
                )
            ).json()
            return page["total"], page["total_is_exact"]

        astana = {"region": "astana"}
        assert await total(**astana) == (2, True)
        assert len(counts) == 1
        assert await total(**astana) == (2, True)
        assert len(counts) == 1, "the same search again is answered from memory"
        assert await total(region="almaty_city") == (2, True)  # another search is counted
        assert len(counts) == 2

        draft = await registry.create(region="astana", city="astana")  # a new company
        assert await total(**astana) == (3, True)
        public = (
            await registry.http.get("/companies", params={"limit": 1, **astana})
        ).json()  # anonymous: drafts are not theirs to see
        assert (public["total"], public["total_is_exact"]) == (2, True)
        await registry.publish(draft)  # a publication
        public = (await registry.http.get("/companies", params={"limit": 1, **astana})).json()
        assert public["total"] == 3
        company = catalogue["almaty"]
        current = (await registry.http.get(f"/companies/{company['id']}")).json()
        moved = await registry.http.patch(  # a changed profile
            f"/companies/{company['id']}",
            json={"region": "shymkent", "city": "shymkent"},
            headers={**registry.staff, "If-Match": f'"{current["version"]}"'},
        )
        assert moved.status_code == 200, moved.text
        assert await total(**astana) == (2, True)
        verified = {"certification_vendor": "Oracle", "verified_only": "true"}
        assert await total(**verified) == (0, True)
        for name in ("astana", "telecom"):  # a programme row, as training's event leaves it
            await registry.add_verified(catalogue[name]["id"], "Oracle", "OCP Java")
        assert await total(**verified) == (2, True)


class TestSortingAndPages:
    async def test_name_order_spans_scripts_and_pages_do_not_overlap(
        self, registry: Any, catalogue: Any
    ) -> None:
        everything = await names(registry, registry.staff, sort="name", limit=50)
        seen: list[str] = []
        cursor = None
        while True:
            params = {"sort": "name", "limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (
                await registry.http.get("/companies", params=params, headers=registry.staff)
            ).json()
            seen += [c["display_name"] for c in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == everything and len(seen) == 5
        assert everything.index("Almaty Digital") < everything.index("Астана Системс")

    async def test_size_sort_puts_the_largest_first(self, registry: Any, catalogue: Any) -> None:
        assert (await names(registry, registry.staff, sort="size"))[:2] == [
            "Dala Telecom",
            "Қазақ Телеком Софт",
        ]

    async def test_a_foreign_or_forged_cursor_is_a_422(self, registry: Any, catalogue: Any) -> None:
        page = (await registry.http.get("/companies", params={"sort": "name", "limit": 1})).json()
        for cursor in ("garbage!", page["next_cursor"]):
            response = await registry.http.get(
                "/companies", params={"sort": "size", "cursor": cursor}
            )
            assert response.status_code == 422
            assert response.json()["errors"][0]["field"] == "cursor"


async def every_page(
    registry: Any, headers: dict[str, str], limit: int, **params: Any
) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        page_params = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await registry.http.get("/companies", params=page_params, headers=headers)
        assert response.status_code == 200, response.text
        seen += [c["display_name"] for c in response.json()["items"]]
        cursor = response.json()["next_cursor"]
        if not cursor:
            return seen


class TestRelevance:
    @pytest.fixture
    async def clouds(self, registry: Any) -> None:
        for spec in (
            dict(display_name="Zeta Cloud", name_ru="Зета Клауд"),
            dict(display_name="Omega", products=[{"name": "Cloud backup", "category": "fintech"}]),
            dict(display_name="Alpha Cloud Systems"),
            dict(display_name="Beta Systems", description="Облачный хостинг, cloud-native 🚀"),
            dict(display_name="Gamma", description="nothing about it"),
        ):
            plain = {"name_kk": None, "name_ru": None, "name_en": None, "products": [], "tags": []}
            await registry.publish(await registry.create(**{**plain, **spec}))

    async def test_name_matches_come_first_then_the_rest_each_in_registration_order(
        self, registry: Any, clouds: None
    ) -> None:
        # registered in the order Zeta, Omega, Alpha, Beta
        expected = ["Zeta Cloud", "Alpha Cloud Systems", "Omega", "Beta Systems"]
        assert await names(registry, q="cloud") == expected
        assert await names(registry, q="CLOUD", sort="relevance") == expected
        assert await names(registry, q="клауд") == ["Zeta Cloud"]
        # one page at a time, across the boundary between the tiers: no gap, no repeat
        for limit in (1, 2, 3):
            assert await every_page(registry, registry.staff, limit, q="cloud") == expected
        assert await names(registry, q="cloud systems") == ["Alpha Cloud Systems", "Beta Systems"]

    async def test_both_plans_return_the_same_pages(
        self, registry: Any, catalogue: Any, clouds: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Either engine reads the text matches or walks the search table in page order, by
        how many match; whichever it picks, the pages are the same. On PostgreSQL the filing
        codes give the same pages as the probes of the tables."""
        from registry.company import search

        queries: list[dict[str, Any]] = [
            {"q": "s"},
            {"q": "s", "sort": "name"},
            {"q": "s", "sort": "updated"},
            {"q": "s", "sort": "size"},
            {"q": "systems", "region": "astana"},
            {"q": "a", "employees_min": 5},
            # filters on child rows, probed by the search table's company id on these pages
            {"q": "telecom", "capability": "network_engineering"},
            {"q": "telecom", "capability": ["network_engineering", "web_development"]},
            {"q": "astana", "certification_vendor": "cisco"},
            {"q": "astana", "certification_vendor": "cisco", "verified_only": "true"},
            {"q": "tulpar", "product_category": "fintech"},
            {"q": "dala", "segment": "telecom"},
            {"q": "s", "segment": ["telecom", "it_consulting_integration"], "sort": "name"},
            {"q": "a", "region": "astana", "capability": "cybersecurity"},
        ]
        results = []
        # never an ordered scan, then always one; then without the filing codes
        for walk, codes in ((False, True), (True, True), (False, False), (True, False)):
            monkeypatch.setattr(search, "ORDERED_SCAN_FROM", -1 if walk else 10**9)
            costs = dict.fromkeys((*search.TIERS, "all"), 0 if walk else 10**9)
            monkeypatch.setattr(search, "WALK_STEP_COST", costs)
            if not codes:
                monkeypatch.setattr(search, "filter_codes", lambda *_: None)
            results.append(
                [await every_page(registry, registry.staff, 2, **query) for query in queries]
            )
        assert results[0] == results[1] == results[2] == results[3]
        assert len(results[0][0]) >= 5 and results[0][4] == ["Астана Системс"]
        assert results[0][6:] == [
            ["Қазақ Телеком Софт", "Dala Telecom"],
            ["Қазақ Телеком Софт"],
            ["Астана Системс"],
            [],
            ["Almaty Digital"],
            ["Dala Telecom"],
            ["Астана Системс", "Dala Telecom"],
            ["Астана Системс"],
        ]

    async def test_a_forged_relevance_cursor_is_a_422(self, registry: Any, clouds: None) -> None:
        from shared.pagination import encode_cursor

        forged = [
            {"s": "relevance", "t": 7, "r": 1},
            {"s": "relevance", "t": 0, "r": "1"},
            {"s": "relevance", "t": 0, "r": -1},
            {"s": "relevance", "t": [0], "r": 1},
            {"s": "relevance", "o": 20},  # the offset cursors of earlier releases
        ]
        for position in forged:
            response = await registry.http.get(
                "/companies", params={"q": "cloud", "cursor": encode_cursor(position)}
            )
            assert response.status_code == 422, position
            assert response.json()["errors"][0]["field"] == "cursor"


def test_search_document_is_the_skeleton_of_all_searchable_text() -> None:
    """``search_document`` skeletonises its parts one by one (and the reference names once);
    that must give exactly the skeleton of the whole text joined together."""
    from registry import reference
    from registry.company.document import search_document
    from registry.company.queries import Details
    from registry.demo import iter_companies
    from registry.transliteration import skeleton

    odd = {"display_name": "x'", "description": "\u0301ye c", "tags": ["", "ch", "ß"]}
    odd |= {"region": None, "segments": ["telecom"]}
    for data in [*iter_companies(1500, 60, seed=11), *(odd | {"tags": [t]} for t in odd["tags"])]:
        data = {"name_kk": None, "name_ru": None, "name_en": None, "capabilities": [], **data}
        data.setdefault("products", [{"name": "'Ye", "category": "fintech", "description": "x"}])
        company = data
        detail = Details(data["segments"], data["capabilities"], data["products"], [], [], [], [])
        parts = [
            data["display_name"],
            data["name_kk"],
            data["name_ru"],
            data["name_en"],
            data.get("description"),
            *data["tags"],
        ]
        for code in data["capabilities"]:
            parts.extend(reference.CAPABILITIES[code].names())
        for product in data["products"]:
            parts.extend([product["name"], product.get("description")])
            parts.extend(reference.PRODUCT_CATEGORIES[product["category"]].names())
        codes = [f"segment={s}" for s in data["segments"]]
        codes += [f"capability={c}" for c in data["capabilities"]]
        codes += [f"product_category={p['category']}" for p in data["products"]]
        codes += [f"region={data['region']}"] if data["region"] else []
        expected = {
            "names": skeleton(" ".join(p for p in parts[:4] if p)),
            "document": skeleton(" ".join(p for p in parts if p)),
            "codes": " ".join(sorted(set(codes))),
        }
        assert search_document(company, detail) == expected


async def test_postgres_match_estimates_are_remembered_until_an_import_forgets_them(
    database: Any, backend: str
) -> None:
    """Each relevance tier asks PostgreSQL's planner how many rows match, and how many the
    table holds (an EXPLAIN round trip each); the answers only change with the statistics,
    so each is asked once a minute, and again at once after a bulk import refreshed them."""
    if backend != "postgres":
        pytest.skip("SQLite counts FTS5 matches instead of asking a planner")
    from registry.bulk.service import _refresh_statistics
    from registry.company.search import TextMatch, forget_estimates
    from sqlalchemy import event

    from shared.db import create_engine, session_factory

    engine = create_engine(database("registry"))
    explains: list[str] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: (
            explains.append(statement) if statement.startswith("EXPLAIN") else None
        ),
    )
    sessions = session_factory(engine)
    try:
        forget_estimates()
        async with sessions() as session:
            assert await TextMatch.of("облако", "names").walk_pays(session, 21) is False
            assert await TextMatch.of("облако", "names").walk_pays(session, 21) is False
            assert len(explains) == 2
            # rest = all minus names; the Latin spelling has the same skeleton, so only
            # "all" is new
            await TextMatch.of("oblako", "rest").walk_pays(session, 21)
            assert len(explains) == 3
            # with codes: the words and codes together are new, the words alone are known
            await TextMatch.of("облако", "names", (("region=astana",),)).walk_pays(session, 21)
            assert len(explains) == 4
        await _refresh_statistics(sessions)
        async with sessions() as session:
            await TextMatch.of("облако", "names").walk_pays(session, 21)
        assert len(explains) == 6
    finally:
        await engine.dispose()


def test_a_page_statement_is_built_once_per_query_viewer_scope_and_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A repeated or paged search reuses its statement (the cursor's position and the page
    length are bound at execution); anything its filters are built from makes another."""
    from registry.company import search

    monkeypatch.setattr(search, "_STATEMENTS", {})  # the process's own are left alone

    query = search.SearchQuery(q="cloud", capability=["cloud_hosting"], min_years_in_business=3)
    same = search.SearchQuery(q="cloud", capability=["cloud_hosting"], min_years_in_business=3)
    shape = search._shape(query, None, staff=False)
    assert shape == search._shape(same, None, staff=False)
    # what the viewer may see: the public, staff, a company user (its own drafts too)
    staff = Principal("pm", Role.PROGRAMME_MANAGER)
    company = Principal("co", Role.LOCAL_COMPANY, uuid.uuid4())
    scopes = {search._shape(query, v, staff=v is staff) for v in (None, staff, company)}
    assert len(scopes) == 3
    other = search.SearchQuery(q="cloud", capability=["cloud_hosting", "cybersecurity"])
    assert shape != search._shape(other, None, staff=False)
    # "stale" compares with the moment of the request: built anew each time
    assert search._shape(search.SearchQuery(q="cloud", stale=True), None, staff=True) is None

    built: list[int] = []

    def build() -> Any:
        built.append(1)
        return object()

    first = search._memoized(("test", shape), build)
    assert search._memoized(("test", shape), build) is first and len(built) == 1
    search._memoized(None, build)
    search._memoized(None, build)
    assert len(built) == 3


async def test_a_sqlite_count_with_words_starts_from_their_matches(
    database: Any, backend: str
) -> None:
    """With words, an exact count reads only the words' matches (at most
    WORDS_COUNTED_UP_TO), each probing its child rows; and an estimate's sample reads only the
    first of them. Counted from a common capability's side instead, SQLite probed the search
    table once per listed company and matching row: 10 s a search at 100,000 companies."""
    if backend != "sqlite":
        pytest.skip("the plan is SQLite's; PostgreSQL plans its own")
    from registry.company.search import SearchQuery, _words_count

    from shared.db import create_engine

    engine = create_engine(database("registry"))
    try:
        async with engine.connect() as connection:

            async def plan(query: SearchQuery, first: int | None = None) -> list[str]:
                counted = _words_count(query, None, False, first)
                sql = counted.compile(
                    connection.sync_connection, compile_kwargs={"literal_binds": True}
                )
                rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
                return [str(row[-1]) for row in rows]

            for first in (None, 2000):
                query = SearchQuery(q="облако", capability=["custom_software"], region="astana")
                steps = await plan(query, first)
                # the matches first, then each one's search row and company by primary key
                reads = [s for s in steps if s.startswith(("SCAN", "SEARCH"))]
                assert reads[0].startswith("SCAN company_fts"), steps
                scans = [s for s in reads if s.startswith("SCAN")]
                assert all(s.startswith(("SCAN company_fts", "SCAN text_match")) for s in scans)
                assert not any(s.startswith("SCAN company ") for s in steps), steps
                assert not any("ix_company_region" in s for s in steps), steps
    finally:
        await engine.dispose()


async def test_a_postgres_count_carries_its_values_as_literals(database: Any, backend: str) -> None:
    """PostgreSQL plans a prepared statement once for all values after five runs; a count
    with parameters then read a narrow search as a broad one (13 ms became 100 ms at 100,000
    companies). The capped count is sent with every value written in."""
    if backend != "postgres":
        pytest.skip("SQLite plans each statement anew")
    from registry.company.search import SearchQuery, count
    from sqlalchemy import event

    from shared.db import create_engine, session_factory

    engine = create_engine(database("registry"))
    counts: list[tuple[str, Any]] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, parameters, *_: (
            counts.append((statement, parameters)) if "count(" in statement else None
        ),
    )
    try:
        async with session_factory(engine)() as session:
            query = SearchQuery(q="облако", region="astana", employees_min=10)
            assert await count(session=session, query=query, viewer=None, staff=False) == (0, True)
        assert len(counts) == 1
        statement, parameters = counts[0]
        assert not parameters and "$" not in statement
        assert "'published'" in statement and ">= 10" in statement
    finally:
        await engine.dispose()
