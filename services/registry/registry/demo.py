"""Deterministic generator of realistic demo companies.

``make run`` loads ~2,000 local and 30 international companies from it; the benchmarks
stream 100,000 from it. Every record is a JSON-ready ``CompanyCreate`` payload with
exactly the keys in :data:`COMPANY_KEYS`.

Determinism is the point: the same ``seed`` (and ``as_of``) gives byte-identical output
on every machine and Python run, so a bug report can say "company #1234 of seed 2027".
Hence:

* randomness comes only from private ``random.Random`` instances seeded from strings
  (string seeds are hashed with SHA-512, independent of ``PYTHONHASHSEED``); never the
  global ``random`` module and never the clock;
* nothing iterates a ``set`` (string hashing, and so set order, changes between runs);
* local and international companies use separate streams, so ``n_international`` does
  not change the local companies, and the first k local companies are the same whatever
  ``n_local`` is (the 2,000-company demo is a prefix of the 100,000-company benchmark).

Realism that tests and demos rely on (see ``tests/test_demo.py``): about 40% of local
companies in Almaty, 25% in Astana, 7% in Shymkent, the rest by rough population; ~7%
have fewer than 5 employees and ~8% are younger than two years (ineligible for selection);
~3% are telecom or non-IT only (out of programme scope); OKED codes, capabilities,
products and certifications follow the segments. Names, people and foreign companies are
fictional combinations; any likeness to a real company is accidental.
"""

# Cyrillic names and addresses are data here.

from __future__ import annotations

import bisect
import itertools
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from .bin import make_bin
from .company.fields import CREATE_FIELDS
from .reference import CAPABILITIES, CITIES, REGIONS
from .transliteration import transliterate

__all__ = [
    "COMPANY_KEYS",
    "DEMO_AS_OF",
    "generate_companies",
    "iter_companies",
]

# The CompanyCreate contract: every generated dict has exactly these keys, in this order
# (the field list is written once, in company/fields.py).
COMPANY_KEYS: tuple[str, ...] = CREATE_FIELDS

# The data's "today": founding dates, certificate expiries and "young company" shares are
# computed against it, never against the clock (which would break determinism). Pass
# ``as_of=date.today()`` to keep "younger than two years" true as the calendar moves on,
# at the price of output that changes from day to day.
DEMO_AS_OF = date(2025, 12, 31)

T = TypeVar("T")


class _Weighted:
    """Pre-computed cumulative weights: ``rng.choices`` recomputes them on every call."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self._items = [item for item, _ in pairs]
        self._cum = list(itertools.accumulate(weight for _, weight in pairs))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self._items[bisect.bisect_right(self._cum, rng.random() * self._total)]


# ------------------------------------------------------------------------ geography

# Rough population in thousands (2023-2024); the three big cities get fixed shares below.
# Turkistan region is mostly rural, so only half of it counts towards IT firms.
_REGION_POPULATION: dict[str, float] = {
    "turkistan": 1050,
    "almaty_region": 1520,
    "jambyl": 1220,
    "karaganda": 1130,
    "aktobe": 930,
    "kostanay": 830,
    "kyzylorda": 830,
    "akmola": 790,
    "mangystau": 780,
    "pavlodar": 750,
    "east_kazakhstan": 730,
    "atyrau": 700,
    "jetisu": 700,
    "west_kazakhstan": 690,
    "abai": 610,
    "north_kazakhstan": 530,
    "ulytau": 220,
}
_BIG_CITY_SHARE = {"almaty_city": 0.40, "astana": 0.25, "shymkent": 0.07}
_REST_SHARE = 1.0 - sum(_BIG_CITY_SHARE.values())
_REGION_PICK = _Weighted(
    [
        *_BIG_CITY_SHARE.items(),
        *(
            (code, _REST_SHARE * pop / sum(_REGION_POPULATION.values()))
            for code, pop in _REGION_POPULATION.items()
        ),
    ]
)
# Within a region: the centre takes 70%, the other main cities share the rest.
_CITY_PICK: dict[str, _Weighted] = {
    code: _Weighted(
        [(r.cities[0].code, 0.7 if len(r.cities) > 1 else 1.0)]
        + [(c.code, 0.3 / (len(r.cities) - 1)) for c in r.cities[1:]]
    )
    for code, r in REGIONS.items()
}
# Regions where the local industry shows in capabilities.
_OIL_GAS_REGIONS = ("atyrau", "mangystau", "west_kazakhstan", "aktobe", "kyzylorda")
_MINING_REGIONS = ("karaganda", "ulytau", "pavlodar", "east_kazakhstan", "kostanay", "abai")
# Where a Kazakh-language address is more likely (the south and west).
_KAZAKH_SOUTH_WEST = ("shymkent", "turkistan", "kyzylorda", "jambyl", "atyrau", "mangystau")

# (Russian form, Kazakh form) of streets found in almost every Kazakh city...
_STREETS_COMMON: tuple[tuple[str, str], ...] = (
    ("ул. Абая", "Абай көшесі"),
    ("пр. Абая", "Абай даңғылы"),
    ("ул. Ауэзова", "Әуезов көшесі"),
    ("ул. Байтурсынова", "Байтұрсынов көшесі"),
    ("ул. Жамбыла", "Жамбыл көшесі"),
    ("пр. Абылай хана", "Абылай хан даңғылы"),
    ("ул. Кунаева", "Қонаев көшесі"),
    ("пр. Республики", "Республика даңғылы"),
    ("ул. Желтоксан", "Желтоқсан көшесі"),
    ("ул. Момышулы", "Момышұлы көшесі"),
    ("ул. Сатпаева", "Сәтбаев көшесі"),
    ("ул. Сейфуллина", "Сейфуллин көшесі"),
    ("ул. Толе би", "Төле би көшесі"),
    ("ул. Габдуллина", "Ғабдуллин көшесі"),
)
# ...and the big cities' own business streets.
_STREETS_CITY: dict[str, tuple[tuple[str, str], ...]] = {
    "almaty_city": (
        ("пр. Аль-Фараби", "Әл-Фараби даңғылы"),
        ("пр. Достык", "Достық даңғылы"),
        ("ул. Жандосова", "Жандосов көшесі"),
        ("пр. Райымбека", "Райымбек даңғылы"),
        ("ул. Розыбакиева", "Розыбакиев көшесі"),
        ("ул. Тимирязева", "Тимирязев көшесі"),
        ("ул. Богенбай батыра", "Бөгенбай батыр көшесі"),
        ("ул. Байзакова", "Байзақов көшесі"),
    ),
    "astana": (
        ("пр. Мангилик Ел", "Мәңгілік Ел даңғылы"),
        ("пр. Кабанбай батыра", "Қабанбай батыр даңғылы"),
        ("пр. Туран", "Тұран даңғылы"),
        ("ул. Сыганак", "Сығанақ көшесі"),
        ("ул. Достык", "Достық көшесі"),
        ("ул. Иманова", "Иманов көшесі"),
        ("ул. Бейбитшилик", "Бейбітшілік көшесі"),
    ),
    "shymkent": (
        ("пр. Тауке хана", "Тәуке хан даңғылы"),
        ("ул. Казыбек би", "Қазыбек би көшесі"),
        ("пр. Кунаева", "Қонаев даңғылы"),
        ("ул. Байтурсынова", "Байтұрсынов көшесі"),
    ),
}

# ----------------------------------------------------------------------------- names

# (Kazakh, Russian, English/Latin) forms of name roots and of name suffixes.
_ROOTS: tuple[tuple[str, str, str], ...] = (
    ("Қазақ", "Казах", "Kazakh"),
    ("Алтын", "Алтын", "Altyn"),
    ("Дала", "Дала", "Dala"),
    ("Астана", "Астана", "Astana"),
    ("Алатау", "Алатау", "Alatau"),
    ("Тұлпар", "Тулпар", "Tulpar"),
    ("Сұңқар", "Сункар", "Sunkar"),
    ("Жұлдыз", "Жулдыз", "Zhuldyz"),
    ("Көкжиек", "Кокжиек", "Kokzhiek"),
    ("Шығыс", "Шыгыс", "Shygys"),
    ("Нұр", "Нур", "Nur"),
    ("Ақниет", "Акниет", "Akniet"),
    ("Қыран", "Кыран", "Kyran"),
    ("Ұлы Дала", "Улы Дала", "Uly Dala"),
    ("Аспан", "Аспан", "Aspan"),
    ("Сарыарқа", "Сарыарка", "Saryarka"),
    ("Бірлік", "Бирлик", "Birlik"),
    ("Ертіс", "Иртыш", "Irtysh"),
    ("Жетісу", "Жетысу", "Zhetysu"),
    ("Каспий", "Каспий", "Caspian"),
    ("Арман", "Арман", "Arman"),
    ("Шапағат", "Шапагат", "Shapagat"),
    ("Мерей", "Мерей", "Merey"),
    ("Бастау", "Бастау", "Bastau"),
    ("Самал", "Самал", "Samal"),
    ("Әлем", "Алем", "Alem"),
    ("Жарқын", "Жаркын", "Zharkyn"),
    ("Отырар", "Отырар", "Otyrar"),
    ("Сапа", "Сапа", "Sapa"),
    ("Өркен", "Оркен", "Orken"),
    ("Шұғыла", "Шугыла", "Shugyla"),
    ("Көктем", "Коктем", "Koktem"),
    ("Іргетас", "Иргетас", "Irgetas"),
    ("Дәулет", "Даулет", "Daulet"),
    ("Талап", "Талап", "Talap"),
    ("Ақылды", "Акылды", "Akyldy"),
    ("Білім", "Билим", "Bilim"),
    ("Сенім", "Сеним", "Senim"),
    ("Ұшқын", "Ушкын", "Ushkyn"),
    ("Қарлығаш", "Карлыгаш", "Karlygash"),
    ("Алтай", "Алтай", "Altai"),
    ("Тұран", "Туран", "Turan"),
    ("Номад", "Номад", "Nomad"),
    ("Хан Тәңірі", "Хан Тенгри", "Khan Tengri"),
    ("Еуразия", "Евразия", "Eurasia"),
    ("Байқоңыр", "Байконур", "Baikonur"),
    ("Көкше", "Кокше", "Kokshe"),
    ("Ақбота", "Акбота", "Akbota"),
    ("Іле", "Или", "Ile"),
    ("Бәйге", "Байге", "Baige"),
    ("Шабыт", "Шабыт", "Shabyt"),
    ("Мұнай", "Мунай", "Munai"),
    ("Жайық", "Жайык", "Zhaiyk"),
    ("Сырдария", "Сырдарья", "Syrdarya"),
    ("Тобыл", "Тобол", "Tobyl"),
    ("Кең Дала", "Кен Дала", "Ken Dala"),
)
_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("Софт", "Софт", "Soft"),
    ("Системс", "Системс", "Systems"),
    ("Дата", "Дата", "Data"),
    ("IT", "IT", "IT"),
    ("Тех", "Тех", "Tech"),
    ("Лаб", "Лаб", "Lab"),
    ("Технологиялары", "Технологии", "Technologies"),
    ("Сервис", "Сервис", "Service"),
    ("Консалтинг", "Консалтинг", "Consulting"),
    ("Инжиниринг", "Инжиниринг", "Engineering"),
    ("Желілер", "Сети", "Networks"),
    ("Цифрлық шешімдер", "Цифровые решения", "Digital Solutions"),
    ("Интеграция", "Интеграция", "Integration"),
    ("Инфо", "Инфо", "Info"),
    ("Групп", "Групп", "Group"),
    ("Компьютерс", "Компьютерс", "Computers"),
    ("Клауд", "Клауд", "Cloud"),
    ("Девелопмент", "Девелопмент", "Development"),
    ("Смарт", "Смарт", "Smart"),
    ("Электроника", "Электроника", "Electronics"),
    ("Диджитал", "Диджитал", "Digital"),
    ("Сарапшы", "Аналитика", "Analytics"),
)
_MODIFIERS: tuple[tuple[str, str, str], ...] = (
    ("Pro", "Pro", "Pro"),
    ("Плюс", "Плюс", "Plus"),
    ("KZ", "KZ", "KZ"),
    ("Азия", "Азия", "Asia"),
    ("Орталық Азия", "Центральная Азия", "Central Asia"),
)
# Out-of-scope companies get a suffix that says what they are.
_OUT_SUFFIXES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "telecom": (
        ("Телеком", "Телеком", "Telecom"),
        ("Байланыс", "Связь", "Connect"),
        ("Нет", "Нет", "Net"),
    ),
    "non_it_services": (
        ("Консалт", "Консалт", "Consult"),
        ("Медиа", "Медиа", "Media"),
        ("Маркетинг", "Маркетинг", "Marketing"),
    ),
}
_LEGAL_FORMS = _Weighted([(("ЖШС", "ТОО", "LLP"), 0.9), (("АҚ", "АО", "JSC"), 0.1)])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --------------------------------------------------------------------------- people


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated names: long name lists stay readable, one line per dozen."""
    return tuple(text.split())


_MALE = _words(
    """
    Ерлан Асхат Нұрлан Дәурен Бауыржан Серік Айдос Ержан Мұрат Ардақ Данияр Ернар Талғат
    Руслан Дмитрий Алексей Сергей Андрей Тимур Арман Қайрат Әділ Олжас Санжар
    """
)
_FEMALE = _words(
    """
    Айгерим Гүлнар Динара Жанар Мадина Әсел Салтанат Камила Айжан Ольга Елена Наталья
    Анна Дана Аружан Ләззат Меруерт Сәуле Жұлдыз Татьяна Алия Индира
    """
)
_SURNAMES = _words(
    """
    Ахметов Серікбаев Жұмабаев Нұрланов Омаров Исаев Сейітов Қасымов Мұқанов Есенов
    Сәрсенбаев Әбенов Жақсылықов Бекмұханов Ким Иванов Петров Смағұлов Байжанов
    Түлегенов Ысқақов Кенжебаев Оспанов Ли Цой Садықов Әубәкіров Ибраев Рахимов Тарасов
    Шевченко Мельник
    """
)
_POSITIONS_RU = (
    "Генеральный директор",
    "Директор",
    "Технический директор",
    "Коммерческий директор",
    "Руководитель отдела продаж",
    "Менеджер по развитию бизнеса",
    "Руководитель проектов",
)
_POSITIONS_KK = ("Бас директор", "Директор", "Техникалық директор", "Коммерциялық директор")
_MOBILE_CODES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777")


def _feminine(surname: str) -> str:
    """Russian-style surnames take -а for women (Ахметов -> Ахметова); Ким, Ли do not."""
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def _email_part(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", transliterate(name).lower())


# Transliterations are computed once, not per company.
_PEOPLE_LATIN: dict[str, str] = {
    n: _email_part(n)
    for n in itertools.chain(_MALE, _FEMALE, _SURNAMES, (_feminine(s) for s in _SURNAMES))
}

# ------------------------------------------------------------- segments and activity

_LOCAL_PRIMARY = _Weighted(
    [
        ("software_development", 34),
        ("it_consulting_integration", 17),
        ("installation_support", 16),
        ("distribution", 15),
        ("it_outsourcing", 10),
        ("hardware_manufacturing", 5),
        ("telecom", 1.8),
        ("non_it_services", 1.2),
    ]
)
_SEGMENT_AFFINITY: dict[str, tuple[str, ...]] = {
    "software_development": ("it_consulting_integration", "it_outsourcing", "installation_support"),
    "it_consulting_integration": (
        "software_development",
        "installation_support",
        "distribution",
        "it_outsourcing",
    ),
    "installation_support": ("distribution", "it_consulting_integration", "it_outsourcing"),
    "distribution": ("installation_support", "hardware_manufacturing", "it_consulting_integration"),
    "it_outsourcing": ("software_development", "installation_support", "it_consulting_integration"),
    "hardware_manufacturing": ("distribution", "installation_support"),
    "telecom": ("non_it_services",),
    "non_it_services": ("telecom",),
}
# OKED classes per segment, most typical first (each maps back to the segment in OKED).
_SEGMENT_OKED: dict[str, _Weighted] = {
    "software_development": _Weighted([("62.01", 80), ("58.29", 12), ("63.12", 5), ("58.21", 3)]),
    "it_consulting_integration": _Weighted([("62.02", 70), ("62.09", 30)]),
    "installation_support": _Weighted(
        [("62.09", 45), ("95.11", 25), ("33.13", 10), ("85.59", 10), ("62.03", 7), ("33.12", 3)]
    ),
    "distribution": _Weighted([("46.51", 70), ("46.52", 18), ("47.41", 12)]),
    "it_outsourcing": _Weighted([("62.03", 45), ("63.11", 30), ("62.01", 25)]),
    "hardware_manufacturing": _Weighted(
        [("26.20", 60), ("26.11", 12), ("26.12", 13), ("26.30", 15)]
    ),
    "telecom": _Weighted([("61.10", 40), ("61.20", 35), ("61.90", 20), ("61.30", 5)]),
    "non_it_services": _Weighted([("70.22", 60), ("73.11", 40)]),
}
_SEGMENT_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "software_development": (
        "web_development",
        "mobile_development",
        "custom_software",
        "erp_implementation",
        "onec_development",
        "crm_implementation",
        "data_engineering",
        "business_intelligence",
        "machine_learning",
        "database_development",
        "qa_testing",
        "ui_ux_design",
        "game_development",
        "devops",
        "systems_integration",
        "embedded_software",
    ),
    "it_consulting_integration": (
        "systems_integration",
        "it_consulting",
        "it_audit",
        "erp_implementation",
        "crm_implementation",
        "onec_development",
        "it_project_management",
        "cybersecurity",
        "cloud_migration",
        "network_engineering",
        "business_intelligence",
        "virtualization",
    ),
    "installation_support": (
        "helpdesk_support",
        "system_administration",
        "hardware_repair",
        "structured_cabling",
        "network_engineering",
        "it_training",
        "video_surveillance",
        "backup_recovery",
        "pos_equipment",
    ),
    "distribution": (
        "hardware_distribution",
        "software_licensing",
        "pos_equipment",
        "video_surveillance",
        "iot_devices",
        "network_engineering",
    ),
    "it_outsourcing": (
        "managed_services",
        "helpdesk_support",
        "system_administration",
        "cloud_hosting",
        "data_center",
        "devops",
        "qa_testing",
        "custom_software",
        "backup_recovery",
    ),
    "hardware_manufacturing": (
        "hardware_assembly",
        "electronics_manufacturing",
        "iot_devices",
        "pos_equipment",
        "embedded_software",
    ),
    "telecom": ("network_engineering", "structured_cabling", "data_center", "cloud_hosting"),
    "non_it_services": ("web_development", "ui_ux_design", "business_intelligence", "it_training"),
}
_INDUSTRY = _Weighted(
    [
        ("e_government", 3),
        ("fintech", 3),
        ("edtech", 2),
        ("healthtech", 2),
        ("logistics_it", 2),
        ("ecommerce", 2),
        ("oil_gas_it", 1.5),
        ("mining_it", 1),
        ("agritech", 1),
    ]
)
_SEGMENT_PRODUCTS: dict[str, tuple[str, ...]] = {
    "software_development": (
        "erp",
        "crm",
        "accounting",
        "e_government",
        "fintech",
        "edtech",
        "healthtech",
        "logistics",
        "mobile_app",
        "cloud_service",
        "security",
        "retail_pos",
    ),
    "it_consulting_integration": ("erp", "crm", "security", "cloud_service", "e_government"),
    "installation_support": ("security", "networking", "other"),
    "distribution": ("hardware", "networking", "retail_pos", "security"),
    "it_outsourcing": ("cloud_service", "security", "other"),
    "hardware_manufacturing": ("hardware", "networking", "retail_pos"),
    "telecom": ("networking", "cloud_service"),
    "non_it_services": ("other", "mobile_app"),
}
_PRODUCT_SHARE = {
    "software_development": 0.85,
    "hardware_manufacturing": 0.7,
    "distribution": 0.5,
    "it_consulting_integration": 0.4,
}
_PRODUCT_WORDS: dict[str, tuple[str, ...]] = {
    "erp": ("ERP", "Enterprise", "Manufacture"),
    "crm": ("CRM", "Sales", "Clients"),
    "accounting": ("Есеп", "Бухгалтерия", "Ledger"),
    "e_government": ("GovConnect", "e-Qyzmet", "Akimat"),
    "fintech": ("Pay", "Wallet", "Kassa"),
    "security": ("Shield", "Guard", "SOC"),
    "edtech": ("Bilim", "Academy", "Mektep"),
    "healthtech": ("Med", "Clinic", "Densaulyq"),
    "logistics": ("Cargo", "Track", "Fleet"),
    "retail_pos": ("POS", "Kassa", "Retail"),
    "hardware": ("PC", "Server", "Station"),
    "networking": ("Net", "Switch", "Link"),
    "cloud_service": ("Cloud", "Backup", "Hosting"),
    "mobile_app": ("App", "Mobile", "Go"),
    "other": ("Suite", "Tools", "Platform"),
}
_PRODUCT_TEXT: dict[str, tuple[str, str]] = {
    "erp": (
        "ERP-система для управления производством, складом и финансами.",
        "ERP system for production, warehouse and finance management.",
    ),
    "crm": (
        "CRM для отделов продаж с интеграцией телефонии и мессенджеров.",
        "CRM for sales teams with telephony and messenger integration.",
    ),
    "accounting": (
        "Бухгалтерский учёт и налоговая отчётность по законодательству РК.",
        "Accounting and tax reporting under Kazakhstan's legislation.",
    ),
    "e_government": (
        "Интеграция с порталом электронного правительства и государственными системами.",
        "Integration with the e-government portal and state information systems.",
    ),
    "fintech": (
        "Платёжный шлюз и мобильный кошелёк для малого бизнеса.",
        "Payment gateway and mobile wallet for small businesses.",
    ),
    "security": (
        "Мониторинг событий информационной безопасности и защита рабочих мест.",
        "Security event monitoring and endpoint protection.",
    ),
    "edtech": (
        "Онлайн-платформа обучения для школ и колледжей на казахском и русском языках.",
        "Online learning platform for schools and colleges in Kazakh and Russian.",
    ),
    "healthtech": (
        "Медицинская информационная система для клиник и лабораторий.",
        "Medical information system for clinics and laboratories.",
    ),
    "logistics": (
        "Отслеживание грузов и управление автопарком.",
        "Cargo tracking and fleet management.",
    ),
    "retail_pos": (
        "Кассовые решения и онлайн-ККМ для розничной торговли.",
        "Point-of-sale and online cash register solutions for retail.",
    ),
    "hardware": (
        "Серверы и рабочие станции собственной сборки.",
        "Servers and workstations assembled in Kazakhstan.",
    ),
    "networking": (
        "Коммутаторы, маршрутизаторы и корпоративный Wi-Fi.",
        "Switches, routers and enterprise Wi-Fi.",
    ),
    "cloud_service": (
        "Облачный хостинг и резервное копирование в дата-центрах Казахстана.",
        "Cloud hosting and backup in data centres in Kazakhstan.",
    ),
    "mobile_app": (
        "Мобильное приложение для клиентов на iOS и Android.",
        "Customer mobile app for iOS and Android.",
    ),
    "other": (
        "Отраслевое решение под задачи заказчика.",
        "Industry solution tailored to the customer's processes.",
    ),
}

# ---------------------------------------------------------------------- certificates


@dataclass(frozen=True, slots=True)
class _Cert:
    kind: str
    vendor: str
    name: str
    levels: tuple[str | None, ...]
    valid_years: int | None  # None: does not expire
    for_capabilities: tuple[str, ...]  # empty: any company
    capabilities: frozenset[str] = frozenset()  # the same, for fast intersection

    def __post_init__(self) -> None:
        object.__setattr__(self, "capabilities", frozenset(self.for_capabilities))


_STAFF = "staff_certification"
_ACCR = "company_accreditation"
_NET = ("network_engineering", "structured_cabling", "hardware_distribution")
_CLOUD = ("cloud_migration", "cloud_hosting", "data_center", "devops", "managed_services")
_PM = ("it_project_management", "custom_software", "systems_integration", "it_consulting")
_SEC = ("cybersecurity", "it_audit", "software_licensing")
_SYS = ("system_administration", "devops", "managed_services", "virtualization")
_ONE_C = ("onec_development", "erp_implementation")
_DB = ("database_development", "data_engineering", "business_intelligence")
_SUPPORT = ("helpdesk_support", "managed_services", "hardware_repair")

_CERTS: tuple[_Cert, ...] = (
    _Cert(_STAFF, "Cisco", "CCNA", ("Associate",), 3, _NET),
    _Cert(_STAFF, "Cisco", "CCNP Enterprise", ("Professional",), 3, _NET),
    _Cert(_STAFF, "Microsoft", "Azure Fundamentals (AZ-900)", ("Fundamentals",), None, _CLOUD),
    _Cert(_STAFF, "Microsoft", "Azure Administrator Associate (AZ-104)", ("Associate",), 1, _CLOUD),
    _Cert(
        _STAFF,
        "Amazon Web Services",
        "AWS Certified Solutions Architect - Associate",
        ("Associate",),
        3,
        _CLOUD,
    ),
    _Cert(_STAFF, "Oracle", "Oracle Database SQL Certified Associate", ("Associate",), None, _DB),
    _Cert(_STAFF, "PMI", "Project Management Professional (PMP)", (None,), 3, _PM),
    _Cert(_STAFF, "AXELOS", "ITIL 4 Foundation", ("Foundation",), None, _SUPPORT),
    _Cert(_STAFF, "Red Hat", "Red Hat Certified System Administrator (RHCSA)", (None,), 3, _SYS),
    _Cert(_STAFF, "CompTIA", "Security+", (None,), 3, _SEC),
    _Cert(_STAFF, "Huawei", "HCIA-Datacom", ("Associate",), 3, _NET),
    _Cert(_STAFF, "1С", "1С:Специалист", (None,), None, _ONE_C),
    _Cert(_STAFF, "1С", "1С:Профессионал", (None,), None, _ONE_C),
    _Cert(_STAFF, "Kaspersky", "Kaspersky Endpoint Security Professional", (None,), 2, _SEC),
    _Cert(_STAFF, "IPMA", "IPMA Project Management Associate", ("D", "C"), 5, _PM),
    _Cert(_STAFF, "Scrum.org", "Professional Scrum Master I (PSM I)", ("I",), None, _PM),
    _Cert(_ACCR, "ISO", "ISO 9001:2015", (None,), 3, ()),
    _Cert(_ACCR, "ISO", "ISO/IEC 27001:2022", (None,), 3, (*_SEC, *_CLOUD)),
    _Cert(_ACCR, "Cisco", "Cisco Partner", ("Select", "Premier", "Gold"), 1, _NET),
    _Cert(
        _ACCR, "Microsoft", "Microsoft Solutions Partner", ("Infrastructure (Azure)",), 1, _CLOUD
    ),
    _Cert(_ACCR, "1С", "1С:Франчайзи", (None,), None, _ONE_C),
    _Cert(_ACCR, "Kaspersky", "Kaspersky United Partner", ("Silver", "Gold", "Platinum"), 1, _SEC),
    _Cert(_ACCR, "Huawei", "Huawei Partner", ("Silver", "Gold"), 1, _NET),
)

# -------------------------------------------------------------------- small helpers

_STATUS = _Weighted([("active", 91), ("inactive", 6), ("out_of_business", 3)])
_TAGS = (
    "стартап",
    "резидент Astana Hub",
    "экспорт",
    "госзаказ",
    "B2B",
    "B2G",
    "SaaS",
    "open source",
    "remote-first",
    "Big Data",
    "цифровизация",
    "цифрлық трансформация",
    "AI",
    "ESG",
    "женское лидерство",
    "Industry 4.0",
    "импортозамещение",
    "экспорт услуг",
)


def _lower_first(text: str) -> str:
    """Lower-case a leading capital in running text, but keep acronyms and CamelCase
    ("Web development" -> "web development"; "ERP ...", "DevOps ..." unchanged)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    """Uniform choice; ``random()`` indexing is ~3x faster than ``choice``/``randrange``
    and this runs a dozen times per company (100,000 companies for benchmarks)."""
    return seq[int(rng.random() * len(seq))]


# Capability names as they read inside a sentence, per language (computed once).
_CAP_IN_TEXT: dict[str, dict[str, str]] = {
    lang: {code: _lower_first(c.name(lang)) for code, c in CAPABILITIES.items()}
    for lang in ("en", "ru", "kk")
}


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    """Integer in [low, high], small values more likely (company sizes are skewed)."""
    return min(high, int(math.exp(rng.uniform(math.log(low), math.log(high + 1)))))


def _int(rng: random.Random, low: int, high: int) -> int:
    """Uniform integer in [low, high] (like ``randint``, several times faster)."""
    return low + int(rng.random() * (high - low + 1))


def _sample(rng: random.Random, pool: Sequence[T], k: int) -> list[T]:
    """Up to k distinct items of a pool of distinct items, in draw order.

    Rejection sampling beats ``random.sample`` (which checks its argument's ABC on every
    call) for the small k used here.
    """
    n = len(pool)
    if k >= n:
        k = n
    chosen: list[T] = []
    while len(chosen) < k:
        item = pool[int(rng.random() * n)]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _dedupe(items: list[T]) -> list[T]:
    return list(dict.fromkeys(items))


def _permutation_step(size: int) -> int:
    """A step coprime with ``size``, so ``(i * step + offset) % size`` visits every slot
    once. Starting near size/phi (golden ratio) spreads consecutive indices far apart, so
    neighbouring companies do not share a root or a suffix."""
    step = max(1, round(size * 0.6180339887))
    while math.gcd(step, size) != 1:
        step += 1
    return step


def _address(rng: random.Random, region: str, city: str) -> str:
    """A street address in Russian or (more often in the south and west) Kazakh."""
    streets = _STREETS_CITY.get(city, ()) + _STREETS_COMMON
    ru, kk = _pick(rng, streets)
    house = _int(rng, 1, 300)
    office = _int(rng, 1, 450)
    kazakh_share = 0.45 if region in _KAZAKH_SOUTH_WEST else 0.2
    if rng.random() < kazakh_share:
        return f"{kk}, {house}, {office}-кеңсе"
    if rng.random() < 0.15:
        return f"{ru}, {house}/{_int(rng, 1, 9)}, офис {office}"
    return f"{ru}, {house}, офис {office}"


def _certifications(
    rng: random.Random, caps: list[str], employees: int, as_of: date
) -> list[dict[str, Any]]:
    """0-4 certifications that fit the capabilities; bigger companies hold more."""
    if employees < 10:
        count = _pick(rng, (0, 0, 0, 1))
    elif employees <= 50:
        count = _pick(rng, (0, 0, 1, 1, 2, 3))
    else:
        count = _pick(rng, (1, 2, 2, 3, 3, 4))
    if count == 0:
        return []
    pool = [c for c in _CERTS if not c.for_capabilities or not c.capabilities.isdisjoint(caps)]
    out = []
    for cert in _sample(rng, pool, count):
        staff_count = None
        if cert.kind == _STAFF:
            staff_count = min(employees, _log_uniform(rng, 1, max(1, min(30, employees // 3))))
        expires_on = None
        if cert.valid_years is not None:
            if rng.random() < 0.1:  # lapsed: the registry should show it as expired
                expires = as_of - timedelta(days=_int(rng, 1, 199))
            else:
                expires = as_of + timedelta(days=_int(rng, 1, 365 * cert.valid_years))
            expires_on = expires.isoformat()
        out.append(
            {
                "kind": cert.kind,
                "vendor": cert.vendor,
                "name": cert.name,
                "level": _pick(rng, cert.levels),
                "staff_count": staff_count,
                "expires_on": expires_on,
            }
        )
    return out


# ------------------------------------------------------------------------- locals


class _LocalFactory:
    """Makes the i-th local company; holds the only mutable state (the RNG, BIN serials)."""

    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = random.Random(f"blp-demo/{seed}/local")
        self.as_of = as_of
        self.start = date(as_of.year - 30, 1, 1)
        self.young_from = as_of - timedelta(days=730)
        self.bin_serial: dict[str, int] = {}  # YYMM -> next serial (<= 372 keys)
        self.layer_size = len(_ROOTS) * len(_SUFFIXES)
        self.name_step = _permutation_step(self.layer_size)
        self.name_offset = self.rng.randrange(self.layer_size)

    # -- identity

    def _name_parts(self, i: int) -> tuple[int, int, tuple[str, str, str] | None, int]:
        """Root, suffix, modifier and repeat number of company i: a permutation, so names
        are unique until every root x suffix x modifier combination has been used once.
        Layer 0 is plain "Root Suffix", layers 1..5 add one modifier each, cycling so
        each layer uses every modifier; after that a number ("Алтын Дата 2")."""
        layer, j = divmod(i, self.layer_size)
        p = (j * self.name_step + self.name_offset) % self.layer_size
        root, suffix = divmod(p, len(_SUFFIXES))
        cycle, layer = divmod(layer, len(_MODIFIERS) + 1)
        modifier = None if layer == 0 else _MODIFIERS[(layer - 1 + p) % len(_MODIFIERS)]
        return root, suffix, modifier, cycle + 1

    def _bin(self, founded: date) -> str:
        yymm = f"{founded.year % 100:02d}{founded.month:02d}"
        serial = self.bin_serial.get(yymm)
        if serial is None:
            serial = _int(self.rng, 1, 399)
        while True:
            if serial > 99_999:  # month exhausted (~20,000 companies in one month): the
                # company re-registered a year later, as far as its BIN is concerned
                yymm = f"{(int(yymm[:2]) + 1) % 100:02d}{yymm[2:]}"
                serial = self.bin_serial.get(yymm, 1)
                continue
            value = make_bin(f"{yymm}40{serial:05d}")
            serial += 1
            if value is not None:
                break
        self.bin_serial[yymm] = serial + _int(self.rng, 0, 7)
        return value

    def _founded(self) -> date:
        rng = self.rng
        if rng.random() < 0.08:  # younger than two years: ineligible for selection
            days = (self.as_of - self.young_from).days
            return self.young_from + timedelta(days=_int(rng, 1, days))
        span = (self.young_from - self.start).days
        # x**0.6 leans towards 1: the sector grew, so recent years have more companies.
        return self.start + timedelta(days=int(span * rng.random() ** 0.6))

    def _employees(self) -> int:
        r = self.rng.random()
        if r < 0.07:
            return _int(self.rng, 3, 4)  # below the 5-employee eligibility floor
        if r < 0.72:
            return _log_uniform(self.rng, 5, 50)
        if r < 0.96:
            return _log_uniform(self.rng, 51, 500)
        return _log_uniform(self.rng, 501, 3000)

    def _segments(self) -> list[str]:
        rng = self.rng
        primary = _LOCAL_PRIMARY.pick(rng)
        segments = [primary]
        extra = 0 if rng.random() < 0.45 else (1 if rng.random() < 0.75 else 2)
        segments += _sample(rng, _SEGMENT_AFFINITY[primary], extra)
        if primary not in ("telecom", "non_it_services") and rng.random() < 0.02:
            segments.append("telecom")  # an IT firm with a telecom licence: still in scope
        return _dedupe(segments)[:3]

    def _oked(self, segments: list[str]) -> list[str]:
        rng = self.rng
        codes = [_SEGMENT_OKED[s].pick(rng) for s in segments]
        if rng.random() < 0.3:
            codes.append(_SEGMENT_OKED[segments[0]].pick(rng))
        return _dedupe(codes)[:3]

    def _capabilities(self, segments: list[str], region: str) -> list[str]:
        rng = self.rng
        caps = _sample(rng, _SEGMENT_CAPABILITIES[segments[0]], _int(rng, 2, 4))
        for s in segments[1:]:
            caps += _sample(rng, _SEGMENT_CAPABILITIES[s], _int(rng, 0, 1))
        if region in _OIL_GAS_REGIONS and rng.random() < 0.4:
            caps.append("oil_gas_it")
        elif region in _MINING_REGIONS and rng.random() < 0.3:
            caps.append("mining_it")
        if rng.random() < 0.5:
            caps.append(_INDUSTRY.pick(rng))
        return _dedupe(caps)[:6]

    # -- texts

    def _description(
        self, brand: tuple[str, str, str], city: str, caps: list[str], founded: date
    ) -> tuple[str, str]:
        """(description, language): Russian 55%, English 30%, Kazakh 15%, naming the
        company's first capabilities so that full-text search has something to find."""
        rng = self.rng
        c = CITIES[city]
        r = rng.random()
        lang = "ru" if r < 0.55 else "en" if r < 0.85 else "kk"
        listed = ", ".join(_CAP_IN_TEXT[lang][code] for code in caps[:3])
        since = rng.random() < 0.5
        if lang == "ru":
            text = f"«{brand[1]}» — ИТ-компания из г. {c.name_ru}. Основные направления: {listed}."
            if since:
                text += (
                    f" Работаем с частными и государственными заказчиками с {founded.year} года."
                )
        elif lang == "en":
            text = f"{brand[2]} is an IT company based in {c.name_en}. Core services: {listed}."
            if since:
                text += f" Serving private and public sector clients since {founded.year}."
        else:
            text = (
                f"«{brand[0]}» — {c.name_kk} қаласындағы АТ-компания. Негізгі бағыттары: {listed}."
            )
        return text, lang

    def _products(self, segments: list[str], brand_en: str, lang: str) -> list[dict[str, Any]]:
        """0-3 products (software firms usually have some), named after the brand root."""
        rng = self.rng
        if rng.random() >= _PRODUCT_SHARE.get(segments[0], 0.25):
            return []
        pool = _dedupe([cat for s in segments for cat in _SEGMENT_PRODUCTS[s]])
        products = []
        for category in _sample(rng, pool, _pick(rng, (1, 1, 1, 2, 2, 3))):
            words = _PRODUCT_WORDS[category]
            ru, en = _PRODUCT_TEXT[category]
            products.append(
                {
                    "name": f"{brand_en} {_pick(rng, words)}",
                    "category": category,
                    "description": en if lang == "en" else ru,
                }
            )
        return products

    def _contacts(self, domain: str | None, kazakh: bool) -> list[dict[str, Any]]:
        rng = self.rng
        contacts = []
        for n in range(1 if rng.random() < 0.6 else 2):
            if rng.random() < 0.5:
                first = _pick(rng, _MALE)
                last = _pick(rng, _SURNAMES)
            else:
                first = _pick(rng, _FEMALE)
                last = _feminine(_pick(rng, _SURNAMES))
            positions = _POSITIONS_KK if kazakh else _POSITIONS_RU
            position = positions[0] if n == 0 else positions[_int(rng, 1, len(positions) - 1)]
            mail_domain = domain or ("gmail.com" if rng.random() < 0.6 else "mail.ru")
            code = _pick(rng, _MOBILE_CODES)
            digits = f"{_int(rng, 0, 9_999_999):07d}"
            contacts.append(
                {
                    "name": f"{first} {last}",
                    "position": position,
                    "email": f"{_PEOPLE_LATIN[first][0]}.{_PEOPLE_LATIN[last]}@{mail_domain}",
                    "phone": f"+7 {code} {digits[:3]} {digits[3:5]} {digits[5:]}",
                }
            )
        return contacts

    # -- the company

    def make(self, i: int) -> dict[str, Any]:
        rng = self.rng
        root_i, suffix_i, modifier, repeat = self._name_parts(i)
        segments = self._segments()
        root, suffix = _ROOTS[root_i], _SUFFIXES[suffix_i]
        extras = [modifier] if modifier else []
        if segments[0] in _OUT_SUFFIXES:
            # appended, not substituted, so the name stays unique: «Алтын Дата Медиа»
            options = _OUT_SUFFIXES[segments[0]]
            extras.append(options[root_i % len(options)])
        tail = f" {repeat}" if repeat > 1 else ""
        kk, ru, en = (
            " ".join([root[k], suffix[k], *(x[k] for x in extras)]) + tail for k in range(3)
        )
        form = _LEGAL_FORMS.pick(rng)
        r = rng.random()
        display = kk if r < 0.45 else ru if r < 0.65 else en

        region = _REGION_PICK.pick(rng)
        city = _CITY_PICK[region].pick(rng)
        founded = self._founded()
        employees = self._employees()
        caps = self._capabilities(segments, region)

        website = None
        domain = None
        if rng.random() < 0.88:
            joiner = "-" if rng.random() < 0.3 else ""
            parts = [_slug(root[2]), _slug(suffix[2]), *(_slug(x[2]) for x in extras)]
            parts += [str(repeat)] if repeat > 1 else []
            slug = joiner.join(parts)
            domain = f"{slug}.{'kz' if rng.random() < 0.7 else 'com'}"
            website = f"https://{domain}"

        description, lang = self._description((kk, ru, en), city, caps, founded)
        share = rng.triangular(5, 100, 85)
        if "e_government" in caps:
            share -= 35
        tags = _sample(rng, _TAGS, _pick(rng, (0, 0, 1, 1, 2, 3)))
        return {
            "kind": "local",
            "bin": self._bin(founded),
            "foreign_registration_number": None,
            "country": "KZ",
            "display_name": display,
            "name_kk": f"«{kk}» {form[0]}",
            "name_ru": f"{form[1]} «{ru}»",
            "name_en": f"{en} {form[2]}" if rng.random() < 0.7 else None,
            "segments": segments,
            "oked_codes": self._oked(segments),
            "region": region,
            "city": city,
            "address": _address(rng, region, city),
            "website": website,
            "description": description,
            "employees": employees,
            "founded_on": founded.isoformat(),
            "private_sector_share": max(0, min(100, round(share))),
            "capabilities": caps,
            "tags": tags,
            "products": self._products(segments, root[2], lang),
            "certifications": _certifications(rng, caps, employees, self.as_of),
            "contacts": self._contacts(domain, kazakh=lang == "kk"),
            "status": _STATUS.pick(rng),
        }


# ------------------------------------------------------------------ internationals

_COUNTRIES = _Weighted(
    [
        ("DE", 4),
        ("US", 4),
        ("KR", 3),
        ("TR", 3),
        ("CN", 3),
        ("GB", 2),
        ("FR", 2),
        ("JP", 2),
        ("NL", 1.5),
        ("FI", 1),
        ("AE", 1.5),
        ("IN", 1.5),
        ("SG", 1.5),
    ]
)
# Invented brand words; combined with a descriptor and the country's legal form.
_INTL_PREFIXES = (
    "Nordwind",
    "Bluepeak",
    "Veltrana",
    "Quorvex",
    "Lumisphere",
    "Brightmoor",
    "Kestrelia",
    "Norvale",
    "Tessaro",
    "Orbitae",
    "Silvanet",
    "Halvard",
    "Cirrusine",
    "Marlowe Ridge",
    "Zentrik",
    "Aurivo",
    "Pellucid",
    "Stratovia",
    "Fennwick",
    "Obsidra",
    "Calderon Bay",
    "Vireonix",
    "Talvik",
    "Sunhaven",
    "Korvanta",
    "Eastmere",
    "Quillon",
    "Aldervane",
    "Meridell",
    "Tidewell",
)
_INTL_DESCRIPTORS = (
    "Analytics",
    "Software",
    "Systems",
    "Digital",
    "Networks",
    "Cloud",
    "Technologies",
    "Data",
    "Robotics",
    "Security",
    "Informatics",
    "Labs",
)
_LEGAL_SUFFIX = {
    "DE": "GmbH",
    "US": "Inc.",
    "KR": "Co., Ltd.",
    "TR": "A.Ş.",
    "CN": "Co., Ltd.",
    "GB": "Ltd",
    "FR": "SAS",
    "JP": "K.K.",
    "NL": "B.V.",
    "FI": "Oy",
    "AE": "FZ-LLC",
    "IN": "Pvt. Ltd.",
    "SG": "Pte. Ltd.",
}
_COUNTRY_ADJECTIVE = {
    "DE": "German",
    "US": "US",
    "KR": "Korean",
    "TR": "Turkish",
    "CN": "Chinese",
    "GB": "British",
    "FR": "French",
    "JP": "Japanese",
    "NL": "Dutch",
    "FI": "Finnish",
    "AE": "UAE-based",
    "IN": "Indian",
    "SG": "Singaporean",
}
# (street, postcode and city, phone prefix) per country.
_INTL_PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (("Friedrichstraße", "10117 Berlin"), ("Leopoldstraße", "80802 München")),
    "US": (("Congress Avenue", "Austin, TX 78701"), ("Market Street", "San Francisco, CA 94105")),
    "KR": (("Teheran-ro", "Gangnam-gu, Seoul 06236"), ("Pangyo-ro", "Seongnam 13487")),
    "TR": (("Büyükdere Caddesi", "34394 Şişli, İstanbul"), ("Atatürk Bulvarı", "06680 Ankara")),
    "CN": (("Zhongguancun Street", "Haidian, Beijing 100080"), ("Keyuan Road", "Shenzhen 518057")),
    "GB": (("Old Street", "London EC1V 9HL"), ("Deansgate", "Manchester M3 4LQ")),
    "FR": (("Rue de Rivoli", "75001 Paris"), ("Avenue Jean Jaurès", "69007 Lyon")),
    "JP": (("Shibuya", "Tokyo 150-0002"), ("Umeda", "Osaka 530-0001")),
    "NL": (("Herengracht", "1015 Amsterdam"), ("Stationsplein", "3511 Utrecht")),
    "FI": (("Mannerheimintie", "00100 Helsinki"), ("Hämeenkatu", "33100 Tampere")),
    "AE": (("Sheikh Zayed Road", "Dubai"), ("Internet City", "Dubai")),
    "IN": (("MG Road", "Bengaluru 560001"), ("Hitech City Road", "Hyderabad 500081")),
    "SG": (("Raffles Place", "Singapore 048616"), ("One-North Crescent", "Singapore 138538")),
}
_INTL_PHONE = {
    "DE": "+49 30",
    "US": "+1 512",
    "KR": "+82 2",
    "TR": "+90 212",
    "CN": "+86 10",
    "GB": "+44 20",
    "FR": "+33 1",
    "JP": "+81 3",
    "NL": "+31 20",
    "FI": "+358 9",
    "AE": "+971 4",
    "IN": "+91 80",
    "SG": "+65 6",
}
_INTL_PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DE": (("Anna", "Jonas", "Lukas", "Lena"), ("Hoffmann", "Becker", "Wagner", "Keller")),
    "US": (("Emily", "Michael", "Sarah", "David"), ("Carter", "Brooks", "Reed", "Hayes")),
    "KR": (("Min-jun", "Ji-woo", "Seo-yeon"), ("Park", "Choi", "Jung")),
    "TR": (("Emre", "Elif", "Murat", "Zeynep"), ("Yıldız", "Demir", "Aydın", "Kaya")),
    "CN": (("Wei", "Na", "Jun"), ("Zhang", "Wang", "Chen")),
    "GB": (("Oliver", "Charlotte", "Harry"), ("Davies", "Evans", "Hughes")),
    "FR": (("Camille", "Louis", "Chloé"), ("Moreau", "Lefèvre", "Girard")),
    "JP": (("Haruto", "Yui", "Sota"), ("Sato", "Suzuki", "Takahashi")),
    "NL": (("Daan", "Sanne", "Lotte"), ("de Vries", "Bakker", "Visser")),
    "FI": (("Mikko", "Aino", "Juha"), ("Virtanen", "Korhonen", "Mäkinen")),
    "AE": (("Omar", "Layla", "Khalid"), ("Al Mansouri", "Haddad", "Al Nuaimi")),
    "IN": (("Arjun", "Priya", "Rohan"), ("Sharma", "Iyer", "Reddy")),
    "SG": (("Wei Ling", "Marcus", "Hui Min"), ("Tan", "Lim", "Ng")),
}
_INTL_POSITIONS = (
    "Partner Manager, Central Asia",
    "Country Manager",
    "Head of Business Development",
    "Chief Technology Officer",
    "Regional Sales Director",
)
_INTL_SEGMENTS = _Weighted(
    [
        ("software_development", 40),
        ("it_consulting_integration", 25),
        ("hardware_manufacturing", 12),
        ("distribution", 10),
        ("it_outsourcing", 13),
    ]
)
_INTL_TAGS = ("global", "partner programme", "Central Asia", "nearshoring", "R&D", "OEM")


def _registration_number(country: str, rng: random.Random, n: int) -> str:
    """A foreign registration number in the country's usual shape.

    ``n`` is a 6-digit number unique per company; every format embeds it whole (or, for
    Singapore, bijectively), so numbers never repeat. The other digits are decoration.
    """
    if country == "DE":
        return f"HRB {n}"
    if country == "US":
        return f"US-DE {rng.randint(1, 9)}{n}"  # Delaware file number
    if country == "KR":
        return f"{n // 1000}-{rng.randint(10, 89)}-{n % 1000:03d}{rng.randint(10, 99)}"
    if country == "TR":
        return f"0{rng.randint(100_000_000, 999_999_999)}{n}"  # MERSIS, 16 digits
    if country == "CN":
        tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(4))
        return f"91110108{n}{tail}"  # unified social credit code, 18 characters
    if country == "GB":
        return f"{rng.randint(10, 99)}{n}"
    if country == "FR":
        siren = f"{rng.randint(300, 999)}{n}"
        return f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    if country == "JP":
        return f"{rng.randint(1, 9)}{rng.randint(100_000, 999_999)}{n}"  # 13 digits
    if country == "NL":
        return f"KvK {rng.randint(10, 99)}{n}"
    if country == "FI":
        return f"{rng.randint(1, 9)}{n}-{rng.randint(0, 9)}"  # Y-tunnus
    if country == "AE":
        return f"DSO-FZ-{n}"
    if country == "IN":
        return f"U72200KA{rng.randint(1995, 2015)}PTC{n}"  # corporate identity number
    # Singapore UEN: year of registration + 5 digits + check letter
    return f"{2010 + n // 100_000}{n % 100_000:05d}{rng.choice('CDEGHKMNRWZ')}"


class _InternationalFactory:
    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = random.Random(f"blp-demo/{seed}/international")
        self.as_of = as_of
        self.size = len(_INTL_PREFIXES) * len(_INTL_DESCRIPTORS)
        self.step = _permutation_step(self.size)
        self.offset = self.rng.randrange(self.size)
        self.number_offset = self.rng.randrange(900_000)

    def make(self, i: int) -> dict[str, Any]:
        rng = self.rng
        cycle, j = divmod(i, self.size)
        p = (j * self.step + self.offset) % self.size
        prefix, descriptor = divmod(p, len(_INTL_DESCRIPTORS))
        country = _COUNTRIES.pick(rng)
        brand = f"{_INTL_PREFIXES[prefix]} {_INTL_DESCRIPTORS[descriptor]}"
        if cycle:
            brand += f" {cycle + 1}"
        name = f"{brand} {_LEGAL_SUFFIX[country]}"

        primary = _INTL_SEGMENTS.pick(rng)
        segments = _dedupe([primary, *_sample(rng, _SEGMENT_AFFINITY[primary], rng.randint(0, 2))])
        caps = _sample(rng, _SEGMENT_CAPABILITIES[primary], rng.randint(3, 4))
        for s in segments[1:]:
            caps += _sample(rng, _SEGMENT_CAPABILITIES[s], 1)
        caps.append(_INDUSTRY.pick(rng))
        caps = _dedupe(caps)[:6]

        region = city = None
        if rng.random() < 0.35:  # a representative office in Kazakhstan
            region = "almaty_city" if rng.random() < 0.55 else "astana"
            city = region
            address = _address(rng, region, city)
        else:
            street, place = _INTL_PLACES[country][rng.randrange(2)]
            address = f"{street} {rng.randint(1, 250)}, {place}"

        slug = re.sub(r"[^a-z0-9]", "", brand.lower())
        in_text = _CAP_IN_TEXT["en"]
        description = (
            f"{brand} is a {_COUNTRY_ADJECTIVE[country]} technology company. Core competences: "
            + ", ".join(in_text[c] for c in caps[:3])
            + f". Looking for partners in Kazakhstan for {in_text[caps[-1]]}."
        )
        employees = _log_uniform(rng, 150, 60_000)
        founded = date(rng.randint(1975, 2018), rng.randint(1, 12), rng.randint(1, 28))

        firsts, lasts = _INTL_PEOPLE[country]
        contacts = []
        for n in range(rng.randint(1, 2)):
            first, last = rng.choice(firsts), rng.choice(lasts)
            local_part = f"{_email_part(first)}.{_email_part(last)}"
            digits = f"{rng.randrange(10_000_000):07d}"
            contacts.append(
                {
                    "name": f"{first} {last}",
                    "position": _INTL_POSITIONS[0 if n == 0 else rng.randrange(1, 5)],
                    "email": f"{local_part}@{slug}.com",
                    "phone": f"{_INTL_PHONE[country]} {digits[:3]} {digits[3:]}",
                }
            )
        products = []
        pool = _dedupe([c for s in segments for c in _SEGMENT_PRODUCTS[s]])
        for category in _sample(rng, pool, rng.randint(1, 3)):
            words = _PRODUCT_WORDS[category]
            word = _pick(rng, words)
            if not word.isascii():
                word = words[0]
            products.append(
                {
                    "name": f"{_INTL_PREFIXES[prefix]} {word}",
                    "category": category,
                    "description": _PRODUCT_TEXT[category][1],
                }
            )
        return {
            "kind": "international",
            "bin": None,
            "foreign_registration_number": _registration_number(
                # 7919 is prime and coprime with 900,000: distinct for i < 900,000
                country,
                rng,
                100_000 + (i * 7919 + self.number_offset) % 900_000,
            ),
            "country": country,
            "display_name": brand,
            "name_kk": None,
            "name_ru": None,
            "name_en": name,
            "segments": segments,
            "oked_codes": [],
            "region": region,
            "city": city,
            "address": address,
            "website": f"https://{slug}.com",
            "description": description,
            "employees": employees,
            "founded_on": founded.isoformat(),
            "private_sector_share": rng.randint(55, 95),
            "capabilities": caps,
            "tags": _sample(rng, _INTL_TAGS, rng.randint(0, 2)),
            "products": products,
            "certifications": _certifications(rng, caps, employees, self.as_of),
            "contacts": contacts,
            "status": "active" if rng.random() < 0.95 else "inactive",
        }


# ------------------------------------------------------------------------------ API


def iter_companies(
    n_local: int = 2000,
    n_international: int = 30,
    seed: int = 2027,
    *,
    as_of: date = DEMO_AS_OF,
) -> Iterator[dict[str, Any]]:
    """Yield ``n_local`` local companies, then ``n_international`` international ones.

    Streams in bounded memory (the only state is the RNGs and one BIN counter per
    registration month), so benchmarks can load 100,000 companies without holding them.
    Local BINs are unique across the whole stream; international companies have none.
    """
    if n_local < 0 or n_international < 0:
        raise ValueError("company counts must not be negative")
    local = _LocalFactory(seed, as_of)
    for i in range(n_local):
        yield local.make(i)
    international = _InternationalFactory(seed, as_of)
    for i in range(n_international):
        yield international.make(i)


def generate_companies(
    n_local: int = 2000,
    n_international: int = 30,
    seed: int = 2027,
    *,
    as_of: date = DEMO_AS_OF,
) -> list[dict[str, Any]]:
    """The demo data set as a list (see :func:`iter_companies`)."""
    return list(iter_companies(n_local, n_international, seed, as_of=as_of))
