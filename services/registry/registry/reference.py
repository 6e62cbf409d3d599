"""Reference data of the registry: segments, regions and cities, capabilities, product
categories, OKED activity codes and the training catalogue's skills areas.

Why it lives in code rather than in database tables: the lists are small, change only by
a reviewed commit (a new region is a government decree, a new capability is a programme
decision), must be identical on SQLite and PostgreSQL and in every replica, and the
demo generator and the CSV importer need them without a database. The API serves them at
``/v1/registry/reference/{kind}`` via :func:`reference_payload` and validates against the
lookup helpers below.

Every entry carries its name in English, Russian and Kazakh (``name_en``, ``name_ru``,
``name_kk``). Codes are stable snake_case ASCII identifiers; names may be corrected at any
time, codes never change meaning (a retired code stays, so stored profiles keep resolving).

Everything here is immutable: frozen dataclasses, tuples, and read-only mappings.
"""

# Cyrillic here is data, not a homoglyph trick: silence the confusable-character checks.

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared import skills as shared_skills
from shared.i18n import LANGUAGES
from shared.regions import CITIES, REGIONS, City, Named, Region, index
from shared.skills import SkillsArea

__all__ = [
    "CAPABILITIES",
    "CAPABILITY_GROUPS",
    "CITIES",
    "LANGUAGES",
    "OKED",
    "PRODUCT_CATEGORIES",
    "REFERENCE_KINDS",
    "REGIONS",
    "SEGMENTS",
    "SKILLS_AREAS",
    "Capability",
    "CapabilityGroup",
    "City",
    "OkedCode",
    "ProductCategory",
    "Region",
    "Segment",
    "SkillsArea",
    "capability",
    "city",
    "city_in_region",
    "is_in_scope",
    "is_valid_oked",
    "normalize_oked",
    "oked",
    "product_category",
    "reference_payload",
    "region",
    "segment",
    "skills_area",
]


@dataclass(frozen=True, slots=True)
class Segment(Named):
    """A handbook business segment. ``in_scope`` False = storable but not in the pilot."""

    in_scope: bool


@dataclass(frozen=True, slots=True)
class CapabilityGroup(Named):
    """A heading of the capability vocabulary (for grouping in UIs and facets)."""


@dataclass(frozen=True, slots=True)
class Capability(Named):
    """One entry of the controlled capability vocabulary."""

    group: str


@dataclass(frozen=True, slots=True)
class ProductCategory(Named):
    """A product category (the ``category`` of a company's product)."""


@dataclass(frozen=True, slots=True)
class OkedCode(Named):
    """An OKED class ("NN.NN"). ``segments`` are the segments the activity usually
    belongs to (used by the demo generator and as a hint in the UI, not enforced)."""

    in_scope: bool
    segments: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- segments

SEGMENTS: Mapping[str, Segment] = index(
    [
        Segment(
            "hardware_manufacturing",
            "Hardware manufacturing",
            "Производство компьютерного оборудования",
            "Компьютерлік жабдық өндірісі",
            True,
        ),
        Segment(
            "software_development",
            "Software development",
            "Разработка программного обеспечения",
            "Бағдарламалық қамтамасыз етуді әзірлеу",
            True,
        ),
        Segment(
            "distribution",
            "Hardware and software distribution",
            "Дистрибуция оборудования и программного обеспечения",
            "Жабдықтар мен бағдарламалық қамтамасыз етуді дистрибуциялау",
            True,
        ),
        Segment(
            "installation_support",
            "Installation, maintenance, training and support",
            "Установка, обслуживание, обучение и поддержка",
            "Орнату, қызмет көрсету, оқыту және қолдау",
            True,
        ),
        Segment(
            "it_consulting_integration",
            "IT consulting and system integration",
            "ИТ-консалтинг и системная интеграция",
            "АТ-консалтинг және жүйелік интеграция",
            True,
        ),
        Segment("it_outsourcing", "IT outsourcing", "ИТ-аутсорсинг", "АТ-аутсорсинг", True),
        Segment(
            "telecom",
            "Telecommunications",
            "Телекоммуникации",
            "Телекоммуникациялар",
            False,
        ),
        Segment(
            "non_it_services",
            "Non-IT business services",
            "Бизнес-услуги вне сферы ИТ",
            "АТ-ға жатпайтын бизнес-қызметтер",
            False,
        ),
    ]
)


# ------------------------------------------------------------------------ capabilities

CAPABILITY_GROUPS: Mapping[str, CapabilityGroup] = index(
    [
        CapabilityGroup(
            "software", "Software", "Программное обеспечение", "Бағдарламалық қамтамасыз ету"
        ),
        CapabilityGroup("infrastructure", "Infrastructure", "Инфраструктура", "Инфрақұрылым"),
        CapabilityGroup("services", "IT services", "ИТ-услуги", "АТ-қызметтер"),
        CapabilityGroup("hardware", "Hardware", "Оборудование", "Жабдықтар"),
        CapabilityGroup("industry", "Industry solutions", "Отраслевые решения", "Салалық шешімдер"),
    ]
)

_CAPABILITY_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    # software
    ("software", "web_development", "Web development", "Веб-разработка", "Веб-әзірлеу"),
    (
        "software",
        "mobile_development",
        "Mobile app development",
        "Разработка мобильных приложений",
        "Мобильді қосымшаларды әзірлеу",
    ),
    (
        "software",
        "custom_software",
        "Custom software development",
        "Заказная разработка программного обеспечения",
        "Тапсырыс бойынша бағдарламалық қамтамасыз етуді әзірлеу",
    ),
    (
        "software",
        "erp_implementation",
        "ERP implementation",
        "Внедрение ERP-систем",
        "ERP жүйелерін енгізу",
    ),
    (
        "software",
        "onec_development",
        "1C platform development",
        "Разработка на платформе 1С",
        "1С платформасында әзірлеу",
    ),
    (
        "software",
        "crm_implementation",
        "CRM implementation",
        "Внедрение CRM-систем",
        "CRM жүйелерін енгізу",
    ),
    (
        "software",
        "data_engineering",
        "Data engineering",
        "Инженерия данных",
        "Деректер инженериясы",
    ),
    (
        "software",
        "business_intelligence",
        "Business intelligence and analytics",
        "Бизнес-аналитика (BI)",
        "Бизнес-талдау (BI)",
    ),
    (
        "software",
        "machine_learning",
        "Machine learning and AI",
        "Машинное обучение и искусственный интеллект",
        "Машиналық оқыту және жасанды интеллект",
    ),
    (
        "software",
        "database_development",
        "Database development",
        "Разработка баз данных",
        "Дерекқорларды әзірлеу",
    ),
    (
        "software",
        "qa_testing",
        "Software testing and QA",
        "Тестирование программного обеспечения",
        "Бағдарламалық қамтамасыз етуді тестілеу",
    ),
    ("software", "ui_ux_design", "UI/UX design", "UI/UX-дизайн", "UI/UX дизайн"),
    ("software", "game_development", "Game development", "Разработка игр", "Ойындар әзірлеу"),
    (
        "software",
        "embedded_software",
        "Embedded software",
        "Встраиваемое программное обеспечение",
        "Ендірілген бағдарламалық қамтамасыз ету",
    ),
    ("software", "devops", "DevOps and CI/CD", "DevOps и CI/CD", "DevOps және CI/CD"),
    (
        "software",
        "systems_integration",
        "Systems integration and APIs",
        "Интеграция систем и API",
        "Жүйелерді интеграциялау және API",
    ),
    # infrastructure
    (
        "infrastructure",
        "network_engineering",
        "Network engineering",
        "Сетевая инженерия",
        "Желілік инженерия",
    ),
    (
        "infrastructure",
        "cloud_migration",
        "Cloud migration",
        "Миграция в облако",
        "Бұлтқа көшіру",
    ),
    ("infrastructure", "cloud_hosting", "Cloud hosting", "Облачный хостинг", "Бұлттық хостинг"),
    (
        "infrastructure",
        "data_center",
        "Data centre services",
        "Услуги центров обработки данных",
        "Деректерді өңдеу орталығының қызметтері",
    ),
    (
        "infrastructure",
        "system_administration",
        "System administration",
        "Системное администрирование",
        "Жүйелік әкімшілендіру",
    ),
    ("infrastructure", "cybersecurity", "Cybersecurity", "Кибербезопасность", "Киберқауіпсіздік"),
    (
        "infrastructure",
        "structured_cabling",
        "Structured cabling",
        "Структурированные кабельные системы",
        "Құрылымдалған кабельдік жүйелер",
    ),
    ("infrastructure", "virtualization", "Virtualisation", "Виртуализация", "Виртуалдандыру"),
    (
        "infrastructure",
        "video_surveillance",
        "Video surveillance systems",
        "Системы видеонаблюдения",
        "Бейнебақылау жүйелері",
    ),
    (
        "infrastructure",
        "backup_recovery",
        "Backup and disaster recovery",
        "Резервное копирование и восстановление",
        "Сақтық көшірме жасау және қалпына келтіру",
    ),
    # services
    (
        "services",
        "it_project_management",
        "IT project management",
        "Управление ИТ-проектами",
        "АТ жобаларын басқару",
    ),
    (
        "services",
        "helpdesk_support",
        "Helpdesk and user support",
        "Техническая поддержка пользователей",
        "Пайдаланушыларды техникалық қолдау",
    ),
    ("services", "it_training", "IT training", "ИТ-обучение", "АТ бойынша оқыту"),
    ("services", "it_consulting", "IT consulting", "ИТ-консалтинг", "АТ-консалтинг"),
    ("services", "it_audit", "IT audit", "ИТ-аудит", "АТ-аудит"),
    (
        "services",
        "managed_services",
        "Managed IT services",
        "Управляемые ИТ-услуги",
        "Басқарылатын АТ-қызметтер",
    ),
    (
        "services",
        "software_licensing",
        "Software licensing",
        "Лицензирование программного обеспечения",
        "Бағдарламалық қамтамасыз етуді лицензиялау",
    ),
    # hardware
    (
        "hardware",
        "hardware_assembly",
        "Computer assembly",
        "Сборка компьютеров",
        "Компьютерлерді құрастыру",
    ),
    (
        "hardware",
        "hardware_distribution",
        "Hardware supply and distribution",
        "Поставка и дистрибуция оборудования",
        "Жабдықтарды жеткізу және дистрибуциялау",
    ),
    (
        "hardware",
        "hardware_repair",
        "Hardware repair and maintenance",
        "Ремонт и обслуживание техники",
        "Техниканы жөндеу және қызмет көрсету",
    ),
    ("hardware", "pos_equipment", "POS equipment", "POS-оборудование", "POS-жабдықтар"),
    (
        "hardware",
        "iot_devices",
        "IoT devices",
        "Устройства интернета вещей (IoT)",
        "Заттар интернеті құрылғылары (IoT)",
    ),
    (
        "hardware",
        "electronics_manufacturing",
        "Electronics manufacturing",
        "Производство электроники",
        "Электроника өндірісі",
    ),
    # industry
    (
        "industry",
        "e_government",
        "E-government",
        "Электронное правительство",
        "Электрондық үкімет",
    ),
    ("industry", "fintech", "Fintech", "Финансовые технологии", "Қаржылық технологиялар"),
    (
        "industry",
        "edtech",
        "Education technology",
        "Образовательные технологии",
        "Білім беру технологиялары",
    ),
    (
        "industry",
        "healthtech",
        "Digital health",
        "Цифровое здравоохранение",
        "Цифрлық денсаулық сақтау",
    ),
    ("industry", "agritech", "Agritech", "Агротехнологии", "Агротехнологиялар"),
    (
        "industry",
        "oil_gas_it",
        "IT for oil and gas",
        "ИТ для нефтегазовой отрасли",
        "Мұнай-газ саласына арналған АТ",
    ),
    (
        "industry",
        "mining_it",
        "IT for mining and metals",
        "ИТ для горно-металлургической отрасли",
        "Тау-кен металлургия саласына арналған АТ",
    ),
    (
        "industry",
        "logistics_it",
        "IT for logistics",
        "ИТ для логистики",
        "Логистикаға арналған АТ",
    ),
    (
        "industry",
        "ecommerce",
        "E-commerce",
        "Электронная коммерция",
        "Электрондық коммерция",
    ),
)

CAPABILITIES: Mapping[str, Capability] = index(
    Capability(code, en, ru, kk, group) for group, code, en, ru, kk in _CAPABILITY_ROWS
)


# ------------------------------------------------------------------ product categories

PRODUCT_CATEGORIES: Mapping[str, ProductCategory] = index(
    [
        ProductCategory("erp", "ERP systems", "ERP-системы", "ERP жүйелері"),
        ProductCategory("crm", "CRM systems", "CRM-системы", "CRM жүйелері"),
        ProductCategory(
            "accounting",
            "Accounting software",
            "Бухгалтерские программы",
            "Бухгалтерлік есеп бағдарламалары",
        ),
        ProductCategory(
            "e_government",
            "E-government solutions",
            "Решения для электронного правительства",
            "Электрондық үкіметке арналған шешімдер",
        ),
        ProductCategory("fintech", "Fintech", "Финансовые технологии", "Қаржылық технологиялар"),
        ProductCategory(
            "security",
            "Information security",
            "Информационная безопасность",
            "Ақпараттық қауіпсіздік",
        ),
        ProductCategory(
            "edtech",
            "Education technology",
            "Образовательные технологии",
            "Білім беру технологиялары",
        ),
        ProductCategory(
            "healthtech",
            "Digital health",
            "Цифровое здравоохранение",
            "Цифрлық денсаулық сақтау",
        ),
        ProductCategory(
            "logistics",
            "Logistics software",
            "Программы для логистики",
            "Логистикаға арналған бағдарламалар",
        ),
        ProductCategory(
            "retail_pos", "Retail and POS", "Ритейл и POS-системы", "Бөлшек сауда және POS"
        ),
        ProductCategory(
            "hardware",
            "Computer hardware",
            "Компьютерное оборудование",
            "Компьютерлік жабдықтар",
        ),
        ProductCategory(
            "networking", "Networking equipment", "Сетевое оборудование", "Желілік жабдықтар"
        ),
        ProductCategory("cloud_service", "Cloud services", "Облачные сервисы", "Бұлттық сервистер"),
        ProductCategory(
            "mobile_app", "Mobile applications", "Мобильные приложения", "Мобильді қосымшалар"
        ),
        ProductCategory("other", "Other", "Прочее", "Басқа"),
    ]
)


# ------------------------------------------------------------------------------- OKED

_HW = ("hardware_manufacturing",)
_SUPPORT = ("installation_support",)
_DIST = ("distribution",)
_SOFT = ("software_development",)

# Classes (4-digit "NN.NN") of the national classifier (OKED, based on NACE rev.2) that
# IT companies register under, plus the telecom and non-IT classes met among applicants
# (storable, out of scope). 85.59 (other education) is in scope because IT training
# providers register under it; the segment decides whether the company is an IT company.
OKED: Mapping[str, OkedCode] = index(
    [
        OkedCode(
            "26.11",
            "Manufacture of electronic components",
            "Производство электронных компонентов",
            "Электрондық компоненттер өндірісі",
            True,
            _HW,
        ),
        OkedCode(
            "26.12",
            "Manufacture of loaded electronic boards",
            "Производство электронных плат",
            "Электрондық тақталар өндірісі",
            True,
            _HW,
        ),
        OkedCode(
            "26.20",
            "Manufacture of computers and peripheral equipment",
            "Производство компьютеров и периферийного оборудования",
            "Компьютерлер мен перифериялық жабдықтар өндірісі",
            True,
            _HW,
        ),
        OkedCode(
            "26.30",
            "Manufacture of communication equipment",
            "Производство коммуникационного оборудования",
            "Коммуникациялық жабдықтар өндірісі",
            True,
            _HW,
        ),
        OkedCode(
            "33.12",
            "Repair of machinery",
            "Ремонт машин и оборудования",
            "Машиналар мен жабдықтарды жөндеу",
            True,
            _SUPPORT,
        ),
        OkedCode(
            "33.13",
            "Repair of electronic and optical equipment",
            "Ремонт электронного и оптического оборудования",
            "Электрондық және оптикалық жабдықтарды жөндеу",
            True,
            _SUPPORT,
        ),
        OkedCode(
            "46.51",
            "Wholesale of computers, computer peripheral equipment and software",
            "Оптовая торговля компьютерами, периферийным оборудованием и программным обеспечением",
            "Компьютерлермен, перифериялық жабдықтармен және бағдарламалық қамтамасыз"
            " етумен көтерме сауда",
            True,
            _DIST,
        ),
        OkedCode(
            "46.52",
            "Wholesale of electronic and telecommunications equipment and parts",
            "Оптовая торговля электронным и телекоммуникационным оборудованием и его частями",
            "Электрондық және телекоммуникациялық жабдықтармен және олардың бөлшектерімен"
            " көтерме сауда",
            True,
            _DIST,
        ),
        OkedCode(
            "47.41",
            "Retail sale of computers, peripheral units and software in specialised stores",
            "Розничная торговля компьютерами, периферийными устройствами и программным"
            " обеспечением в специализированных магазинах",
            "Мамандандырылған дүкендерде компьютерлермен, перифериялық құрылғылармен және"
            " бағдарламалық қамтамасыз етумен бөлшек сауда",
            True,
            _DIST,
        ),
        OkedCode(
            "58.21",
            "Publishing of computer games",
            "Издание компьютерных игр",
            "Компьютерлік ойындарды шығару",
            True,
            _SOFT,
        ),
        OkedCode(
            "58.29",
            "Other software publishing",
            "Издание прочего программного обеспечения",
            "Басқа да бағдарламалық қамтамасыз етуді шығару",
            True,
            _SOFT,
        ),
        OkedCode(
            "61.10",
            "Wired telecommunications activities",
            "Деятельность в области проводной связи",
            "Сымды байланыс саласындағы қызмет",
            False,
            ("telecom",),
        ),
        OkedCode(
            "61.20",
            "Wireless telecommunications activities",
            "Деятельность в области беспроводной связи",
            "Сымсыз байланыс саласындағы қызмет",
            False,
            ("telecom",),
        ),
        OkedCode(
            "61.30",
            "Satellite telecommunications activities",
            "Деятельность в области спутниковой связи",
            "Спутниктік байланыс саласындағы қызмет",
            False,
            ("telecom",),
        ),
        OkedCode(
            "61.90",
            "Other telecommunications activities",
            "Прочая деятельность в области телекоммуникаций",
            "Телекоммуникациялар саласындағы өзге де қызмет",
            False,
            ("telecom",),
        ),
        OkedCode(
            "62.01",
            "Computer programming activities",
            "Деятельность в области компьютерного программирования",
            "Компьютерлік бағдарламалау саласындағы қызмет",
            True,
            ("software_development", "it_outsourcing"),
        ),
        OkedCode(
            "62.02",
            "Computer consultancy activities",
            "Консультационные услуги в области компьютерных технологий",
            "Компьютерлік технологиялар саласындағы консультациялық қызметтер",
            True,
            ("it_consulting_integration",),
        ),
        OkedCode(
            "62.03",
            "Computer facilities management activities",
            "Деятельность по управлению компьютерным оборудованием",
            "Компьютерлік жабдықтарды басқару жөніндегі қызмет",
            True,
            ("it_outsourcing", "installation_support"),
        ),
        OkedCode(
            "62.09",
            "Other information technology and computer service activities",
            "Прочая деятельность в области информационных технологий и компьютерных систем",
            "Ақпараттық технологиялар және компьютерлік жүйелер саласындағы өзге де қызмет",
            True,
            ("installation_support", "it_consulting_integration", "it_outsourcing"),
        ),
        OkedCode(
            "63.11",
            "Data processing, hosting and related activities",
            "Обработка данных, хостинг и связанная с этим деятельность",
            "Деректерді өңдеу, хостинг және осыған байланысты қызмет",
            True,
            ("it_outsourcing",),
        ),
        OkedCode(
            "63.12",
            "Web portals",
            "Деятельность веб-порталов",
            "Веб-порталдардың қызметі",
            True,
            _SOFT,
        ),
        OkedCode(
            "70.22",
            "Business and other management consultancy activities",
            "Консультирование по вопросам коммерческой деятельности и управления",
            "Коммерциялық қызмет және басқару мәселелері бойынша консультация беру",
            False,
            ("non_it_services",),
        ),
        OkedCode(
            "73.11",
            "Advertising agencies",
            "Деятельность рекламных агентств",
            "Жарнама агенттіктерінің қызметі",
            False,
            ("non_it_services",),
        ),
        OkedCode(
            "85.59",
            "Other education n.e.c. (IT training)",
            "Прочие виды образования, не включенные в другие группировки (ИТ-обучение)",
            "Басқа топтамаларға енгізілмеген білім берудің өзге де түрлері (АТ бойынша оқыту)",
            True,
            _SUPPORT,
        ),
        OkedCode(
            "95.11",
            "Repair of computers and peripheral equipment",
            "Ремонт компьютеров и периферийного оборудования",
            "Компьютерлер мен перифериялық жабдықтарды жөндеу",
            True,
            _SUPPORT,
        ),
    ]
)


# ------------------------------------------------------------------------ skills areas

# declared once for every service (training files courses under them, assessment plans in them)
SKILLS_AREAS: Mapping[str, SkillsArea] = shared_skills.SKILLS_AREAS


# ----------------------------------------------------------------------------- lookups


def segment(code: str) -> Segment | None:
    """The segment with this code, or None (the API turns None into a 422 on the field)."""
    return SEGMENTS.get(code)


def region(code: str) -> Region | None:
    """The region (oblys or city of republican significance) with this code, or None."""
    return REGIONS.get(code)


def city(code: str) -> City | None:
    """The city with this code (any region), or None."""
    return CITIES.get(code)


def capability(code: str) -> Capability | None:
    """The capability with this code, or None (free tags go to ``tags``, not here)."""
    return CAPABILITIES.get(code)


def product_category(code: str) -> ProductCategory | None:
    """The product category with this code, or None."""
    return PRODUCT_CATEGORIES.get(code)


def skills_area(code: str) -> SkillsArea | None:
    """The skills area with this code, or None."""
    return SKILLS_AREAS.get(code)


def city_in_region(region_code: str, city_code: str) -> bool:
    """True when the city belongs to the region; False for unknown codes of either kind.

    A company's ``city`` must lie in its ``region`` (a Karaganda company cannot be in
    Zhezkazgan, which is Ulytau's since 2022).
    """
    found = CITIES.get(city_code)
    return found is not None and found.region == region_code


def is_in_scope(segments: Iterable[str]) -> bool:
    """Whether a company with these segments is in the programme's scope.

    Rule: in scope when **at least one** segment is in scope. The handbook excludes
    telecom *operators* and non-IT service firms; an integrator that also holds a telecom
    licence is still an IT company and may apply. A company with no segment is not in
    scope (nothing shows it is an IT company). Unknown codes raise ValueError instead of
    being silently ignored, because a typo would otherwise change eligibility.
    """
    result = False
    for code in segments:
        found = SEGMENTS.get(code)
        if found is None:
            raise ValueError(f"unknown segment code {code!r}")
        result = result or found.in_scope
    return result


_OKED_FORMS = (
    re.compile(r"^(\d{2})\.(\d{2})(?:\.\d)?$"),  # 62.01 or the 5-digit subclass 62.01.0
    re.compile(r"^(\d{2})(\d{2})\d?$"),  # 6201 or 62010 (statistical register exports)
)


def normalize_oked(code: str) -> str:
    """Canonical class form "NN.NN" of an OKED code, or ValueError if it is malformed.

    Accepts the class ("62.01"), the national 5-digit subclass ("62.01.0") and the
    undotted forms found in statistical register exports ("6201", "62010"). The subclass
    digit is dropped: the registry works at class level, which is what NACE shares with
    the partner countries' classifiers.
    """
    if isinstance(code, str):
        text = code.strip()
        for form in _OKED_FORMS:
            match = form.match(text)
            if match:
                return f"{match.group(1)}.{match.group(2)}"
    raise ValueError(f"OKED code must look like 62.01 or 62.01.0, got {code!r}")


def oked(code: str) -> OkedCode | None:
    """The OKED class for any accepted spelling of ``code``; None if malformed or unlisted."""
    try:
        return OKED.get(normalize_oked(code))
    except ValueError:
        return None


def is_valid_oked(code: str) -> bool:
    """True when ``code`` is well formed *and* one of the classes listed in :data:`OKED`.

    The list covers IT activities and the out-of-scope classes met among applicants; a
    company's secondary activity outside it (say 47.19) is not an error of the data, so
    an API that wants to store such codes can check :func:`normalize_oked` alone.
    """
    return oked(code) is not None


# ----------------------------------------------------------------------------- payload


def _names(item: Named | SkillsArea, language: str) -> dict[str, str]:
    return {
        "name_en": item.name_en,
        "name_ru": item.name_ru,
        "name_kk": item.name_kk,
        "label": item.name(language),  # type: ignore[arg-type]
    }


def _city_payload(item: City, language: str) -> dict[str, Any]:
    return {
        "code": item.code,
        **_names(item, language),
        "region": item.region,
        "aliases": [*item.aliases],
    }


def _segments_payload(language: str) -> list[dict[str, Any]]:
    return [
        {"code": s.code, **_names(s, language), "in_scope": s.in_scope} for s in SEGMENTS.values()
    ]


def _regions_payload(language: str) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "kind": r.kind,
            **_names(r, language),
            "centre": r.centre,
            "aliases": [*r.aliases],
            "cities": [_city_payload(c, language) for c in r.cities],
        }
        for r in REGIONS.values()
    ]


def _cities_payload(language: str) -> list[dict[str, Any]]:
    return [_city_payload(c, language) for c in CITIES.values()]


def _capability_groups_payload(language: str) -> list[dict[str, Any]]:
    return [{"code": g.code, **_names(g, language)} for g in CAPABILITY_GROUPS.values()]


def _capabilities_payload(language: str) -> list[dict[str, Any]]:
    return [
        {"code": c.code, **_names(c, language), "group": c.group} for c in CAPABILITIES.values()
    ]


def _product_categories_payload(language: str) -> list[dict[str, Any]]:
    return [{"code": p.code, **_names(p, language)} for p in PRODUCT_CATEGORIES.values()]


def _oked_payload(language: str) -> list[dict[str, Any]]:
    return [
        {"code": o.code, **_names(o, language), "in_scope": o.in_scope, "segments": [*o.segments]}
        for o in OKED.values()
    ]


def _skills_areas_payload(language: str) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            **_names(s, language),
            "kind": s.kind,
            "min_courses": s.min_courses,
            "max_courses": s.max_courses,
            "external": dict(s.external),
        }
        for s in SKILLS_AREAS.values()
    ]


_PAYLOADS = {
    "segments": _segments_payload,
    "regions": _regions_payload,
    "cities": _cities_payload,
    "capability-groups": _capability_groups_payload,
    "capabilities": _capabilities_payload,
    "product-categories": _product_categories_payload,
    "oked": _oked_payload,
    "skills-areas": _skills_areas_payload,
}

# The path segments of /v1/registry/reference/{kind}. Hyphenated because they are URL
# path segments; underscores are accepted too by reference_payload.
REFERENCE_KINDS: tuple[str, ...] = tuple(_PAYLOADS)


def reference_payload(
    kind: str, *, in_scope_only: bool = False, language: str = "en"
) -> list[dict[str, Any]]:
    """JSON-ready list for ``GET /v1/registry/reference/{kind}``, in a stable order.

    Returns fresh objects on every call, so a caller may mutate them. ``in_scope_only``
    drops out-of-scope entries of the kinds that have an ``in_scope`` flag (segments,
    OKED) and is ignored for the others; ``label`` is the name in ``language`` (ru, kk,
    en; English for any other). Unknown kinds raise KeyError naming the known
    ones (the API maps it to 404).
    """
    builder = _PAYLOADS.get(kind.replace("_", "-"))
    if builder is None:
        raise KeyError(f"unknown reference kind {kind!r}; known: {', '.join(REFERENCE_KINDS)}")
    items = builder(language if language in LANGUAGES else "en")
    if in_scope_only:
        items = [item for item in items if item.get("in_scope", True)]
    return items
