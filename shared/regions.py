"""Kazakhstan's regions and their main cities, named in English, Russian and Kazakh.

The registry validates profiles against them and serves them as reference data; the
assessment's report and the other services' documents print a region's name in the reader's
language. A new region is a government decree: the list changes by a reviewed commit.
"""

# Cyrillic here is data, not a homoglyph trick: silence the confusable-character checks.

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from shared.i18n import LANGUAGES, Language


@dataclass(frozen=True, slots=True)
class Named:
    """A code with its name in English, Russian and Kazakh."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str

    def name(self, lang: Language = "en") -> str:
        """The name in ``lang`` ("en", "ru" or "kk"); a UI picks by Accept-Language."""
        if lang == "ru":
            return self.name_ru
        if lang == "kk":
            return self.name_kk
        if lang == "en":
            return self.name_en
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")

    def names(self) -> tuple[str, str, str]:
        """All three names, e.g. to feed a search index."""
        return (self.name_en, self.name_ru, self.name_kk)


@dataclass(frozen=True, slots=True)
class City(Named):
    """A city inside a region. ``aliases`` are other spellings and former names, so that
    search finds "Ust-Kamenogorsk" or "Nur-Sultan" too."""

    region: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region(Named):
    """An oblys (``kind="region"``) or a city of republican significance (``kind="city"``).

    ``centre`` is the administrative centre's city code; ``cities`` the main cities, the
    centre first. A city of republican significance contains exactly one city: itself,
    with the same code, so ``region=astana&city=astana`` is a valid filter.
    """

    kind: Literal["region", "city"]
    centre: str
    cities: tuple[City, ...]
    aliases: tuple[str, ...] = ()


def index(items: Iterable[Any]) -> Mapping[str, Any]:
    """Items by code, read-only; a duplicate code is a bug in the data."""
    table: dict[str, Any] = {}
    for item in items:
        if item.code in table:
            raise ValueError(f"duplicate reference code {item.code!r}")
        table[item.code] = item
    return MappingProxyType(table)


_CityRow = tuple[str, str, str, str, tuple[str, ...]]


def _region(
    code: str,
    kind: Literal["region", "city"],
    names: tuple[str, str, str],
    cities: list[_CityRow],
    aliases: tuple[str, ...] = (),
) -> Region:
    built = tuple(City(c, en, ru, kk, code, al) for c, en, ru, kk, al in cities)
    return Region(code, *names, kind=kind, centre=built[0].code, cities=built, aliases=aliases)


def _city_region(code: str, en: str, ru: str, kk: str, aliases: tuple[str, ...]) -> Region:
    """A city of republican significance: a region whose only city is itself."""
    return _region(code, "city", (en, ru, kk), [(code, en, ru, kk, aliases)], aliases)


# The 17 oblystar after the 2022 reform (Abai, Jetisu and Ulytau created) and the three
# cities of republican significance. Each region's centre is listed first.
REGIONS: Mapping[str, Region] = index(
    [
        _city_region("astana", "Astana", "Астана", "Астана", ("Nur-Sultan", "Нур-Султан")),
        _city_region("almaty_city", "Almaty", "Алматы", "Алматы", ("Alma-Ata", "Алма-Ата")),
        _city_region("shymkent", "Shymkent", "Шымкент", "Шымкент", ("Chimkent", "Чимкент")),
        _region(
            "abai",
            "region",
            ("Abai Region", "Абайская область", "Абай облысы"),
            [
                ("semey", "Semey", "Семей", "Семей", ("Semipalatinsk", "Семипалатинск")),
                ("kurchatov", "Kurchatov", "Курчатов", "Курчатов", ()),
                ("ayagoz", "Ayagoz", "Аягоз", "Аягөз", ()),
            ],
        ),
        _region(
            "akmola",
            "region",
            ("Akmola Region", "Акмолинская область", "Ақмола облысы"),
            [
                ("kokshetau", "Kokshetau", "Кокшетау", "Көкшетау", ()),
                ("stepnogorsk", "Stepnogorsk", "Степногорск", "Степногор", ()),
                ("shchuchinsk", "Shchuchinsk", "Щучинск", "Щучинск", ()),
            ],
        ),
        _region(
            "aktobe",
            "region",
            ("Aktobe Region", "Актюбинская область", "Ақтөбе облысы"),
            [
                ("aktobe", "Aktobe", "Актобе", "Ақтөбе", ("Aktyubinsk", "Актюбинск")),
                ("khromtau", "Khromtau", "Хромтау", "Хромтау", ()),
            ],
        ),
        _region(
            "almaty_region",
            "region",
            ("Almaty Region", "Алматинская область", "Алматы облысы"),
            [
                ("konaev", "Konaev", "Конаев", "Қонаев", ("Kapchagay", "Капчагай")),
                ("talgar", "Talgar", "Талгар", "Талғар", ()),
                ("kaskelen", "Kaskelen", "Каскелен", "Қаскелең", ()),
                ("esik", "Esik", "Есик", "Есік", ("Issyk", "Иссык")),
            ],
        ),
        _region(
            "atyrau",
            "region",
            ("Atyrau Region", "Атырауская область", "Атырау облысы"),
            [
                ("atyrau", "Atyrau", "Атырау", "Атырау", ("Guryev", "Гурьев")),
                ("kulsary", "Kulsary", "Кульсары", "Құлсары", ()),
            ],
        ),
        _region(
            "east_kazakhstan",
            "region",
            (
                "East Kazakhstan Region",
                "Восточно-Казахстанская область",
                "Шығыс Қазақстан облысы",
            ),
            [
                ("oskemen", "Oskemen", "Усть-Каменогорск", "Өскемен", ("Ust-Kamenogorsk",)),
                ("ridder", "Ridder", "Риддер", "Риддер", ()),
            ],
        ),
        _region(
            "jambyl",
            "region",
            ("Jambyl Region", "Жамбылская область", "Жамбыл облысы"),
            [
                ("taraz", "Taraz", "Тараз", "Тараз", ("Zhambyl", "Джамбул")),
                ("shu", "Shu", "Шу", "Шу", ()),
            ],
        ),
        _region(
            "jetisu",
            "region",
            ("Jetisu Region", "область Жетісу", "Жетісу облысы"),
            [
                ("taldykorgan", "Taldykorgan", "Талдыкорган", "Талдықорған", ()),
                ("zharkent", "Zharkent", "Жаркент", "Жаркент", ()),
                ("tekeli", "Tekeli", "Текели", "Текелі", ()),
            ],
            ("Zhetysu", "Жетысуская область"),
        ),
        _region(
            "karaganda",
            "region",
            ("Karaganda Region", "Карагандинская область", "Қарағанды облысы"),
            [
                ("karaganda", "Karaganda", "Караганда", "Қарағанды", ("Karagandy", "Qaragandy")),
                ("temirtau", "Temirtau", "Темиртау", "Теміртау", ()),
                ("balkhash", "Balkhash", "Балхаш", "Балқаш", ()),
                ("shakhtinsk", "Shakhtinsk", "Шахтинск", "Шахтинск", ()),
            ],
        ),
        _region(
            "kostanay",
            "region",
            ("Kostanay Region", "Костанайская область", "Қостанай облысы"),
            [
                ("kostanay", "Kostanay", "Костанай", "Қостанай", ()),
                ("rudny", "Rudny", "Рудный", "Рудный", ()),
                ("lisakovsk", "Lisakovsk", "Лисаковск", "Лисаковск", ()),
            ],
        ),
        _region(
            "kyzylorda",
            "region",
            ("Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"),
            [
                ("kyzylorda", "Kyzylorda", "Кызылорда", "Қызылорда", ()),
                ("aral", "Aral", "Аральск", "Арал", ()),
            ],
        ),
        _region(
            "mangystau",
            "region",
            ("Mangystau Region", "Мангистауская область", "Маңғыстау облысы"),
            [
                ("aktau", "Aktau", "Актау", "Ақтау", ()),
                ("zhanaozen", "Zhanaozen", "Жанаозен", "Жаңаөзен", ()),
            ],
        ),
        _region(
            "north_kazakhstan",
            "region",
            (
                "North Kazakhstan Region",
                "Северо-Казахстанская область",
                "Солтүстік Қазақстан облысы",
            ),
            [("petropavl", "Petropavl", "Петропавловск", "Петропавл", ("Petropavlovsk",))],
        ),
        _region(
            "pavlodar",
            "region",
            ("Pavlodar Region", "Павлодарская область", "Павлодар облысы"),
            [
                ("pavlodar", "Pavlodar", "Павлодар", "Павлодар", ()),
                ("ekibastuz", "Ekibastuz", "Экибастуз", "Екібастұз", ()),
                ("aksu", "Aksu", "Аксу", "Ақсу", ()),
            ],
        ),
        _region(
            "turkistan",
            "region",
            ("Turkistan Region", "Туркестанская область", "Түркістан облысы"),
            [
                ("turkistan", "Turkistan", "Туркестан", "Түркістан", ("Turkestan",)),
                ("kentau", "Kentau", "Кентау", "Кентау", ()),
            ],
        ),
        _region(
            "ulytau",
            "region",
            ("Ulytau Region", "область Ұлытау", "Ұлытау облысы"),
            [
                ("zhezkazgan", "Zhezkazgan", "Жезказган", "Жезқазған", ("Jezkazgan",)),
                ("satpayev", "Satpayev", "Сатпаев", "Сәтбаев", ()),
            ],
            ("Улытауская область",),
        ),
        _region(
            "west_kazakhstan",
            "region",
            (
                "West Kazakhstan Region",
                "Западно-Казахстанская область",
                "Батыс Қазақстан облысы",
            ),
            [
                ("oral", "Oral", "Уральск", "Орал", ("Uralsk",)),
                ("aksai", "Aksai", "Аксай", "Ақсай", ()),
            ],
        ),
    ]
)

# Every city by its own code (city codes are unique across regions).
CITIES: Mapping[str, City] = index(c for r in REGIONS.values() for c in r.cities)


def region_name(code: str | None, language: str) -> str | None:
    """A region's name in ``language`` (English for any other); the code itself if unknown."""
    if code is None:
        return None
    region = REGIONS.get(code)
    if region is None:
        return code
    return region.name(language if language in LANGUAGES else "en")  # type: ignore[arg-type]
