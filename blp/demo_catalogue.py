"""The demo programme year's content as data: the training catalogue, the pilot year's budget
lines and the people's names (``blp.demo_year`` loads them through the services' APIs).

Prices are plausible list prices in USD (exam or exam-and-course), as published by the vendors
around 2025; the catalogue is deliberately short of the target in two areas (database
developer: 2 of at least 3; quality management: 1 of at least 2) so that the catalogue-health
report has something to say. Budget lines follow the handbook's pilot-year assumptions
(/work/shared/design.md, "The pilot year's cost lines"), priced in USD.
"""

# Cyrillic names are data here.

from __future__ import annotations

from typing import Any

RU, KK, EN = "ru", "kk", "en"
ONLINE, ASTANA, ALMATY = "online", "in_person_astana", "in_person_almaty"


def _course(
    area: str,
    title: str,
    provider: str,
    certification: tuple[str, str | None, str | None],
    price: str,
    *,
    languages: tuple[str, ...] = (EN, RU),
    delivery: tuple[str, ...] = (ONLINE,),
    hours: int = 40,
    validity: int | None = 36,
    kind: str = "vendor",
    method: str = "credential_url",
) -> dict[str, Any]:
    name, code, level = certification
    return {
        "skills_area": area,
        "title": title,
        "provider": provider,
        "provider_kind": kind,
        "certification": {"name": name, "code": code, "level": level},
        "languages": list(languages),
        "delivery": list(delivery),
        "duration_hours": hours,
        "list_price": {"amount": price, "currency": "USD"},
        "validity_months": validity,
        "verification_method": method,
    }


# (area targets: IT areas 3-10 approved courses, business areas 2-5)
COURSES: list[dict[str, Any]] = [
    # IT project manager: 4
    _course(
        "it_project_manager",
        "PMP exam preparation (35 contact hours)",
        "Project Management Institute",
        ("Project Management Professional", "PMP", "Professional"),
        "575.00",
        delivery=(ONLINE, ALMATY),
        hours=35,
    ),
    _course(
        "it_project_manager",
        "CAPM: основы управления проектами",
        "Project Management Institute",
        ("Certified Associate in Project Management", "CAPM", "Associate"),
        "300.00",
        languages=(RU, EN),
        delivery=(ONLINE, ASTANA),
        hours=23,
    ),
    _course(
        "it_project_manager",
        "PRINCE2 Foundation",
        "PeopleCert",
        ("PRINCE2 Foundation", "PRINCE2-F", "Foundation"),
        "450.00",
        languages=(EN,),
        hours=24,
        validity=None,
    ),
    _course(
        "it_project_manager",
        "Professional Scrum Master I",
        "Scrum.org",
        ("Professional Scrum Master I", "PSM I", "Foundation"),
        "200.00",
        hours=16,
        validity=None,
    ),
    # application developer: 4
    _course(
        "application_developer",
        "AWS Certified Developer – Associate",
        "Amazon Web Services",
        ("AWS Certified Developer – Associate", "DVA-C02", "Associate"),
        "150.00",
        hours=40,
    ),
    _course(
        "application_developer",
        "Developing Solutions for Microsoft Azure",
        "Microsoft",
        ("Microsoft Certified: Azure Developer Associate", "AZ-204", "Associate"),
        "165.00",
        languages=(EN, RU),
        delivery=(ONLINE, ALMATY),
        validity=12,
    ),
    _course(
        "application_developer",
        "Oracle Java SE 17 Developer",
        "Oracle",
        ("Oracle Certified Professional: Java SE 17 Developer", "1Z0-829", "Professional"),
        "245.00",
        hours=60,
        validity=None,
    ),
    _course(
        "application_developer",
        "ISTQB Certified Tester Foundation Level",
        "ISTQB / Kazakhstan Software Testing Board",
        ("ISTQB Certified Tester Foundation Level", "CTFL 4.0", "Foundation"),
        "250.00",
        languages=(RU, KK, EN),
        delivery=(ONLINE, ASTANA, ALMATY),
        hours=24,
        validity=None,
        method="certificate_number",
    ),
    # database developer: 2, short of 3
    _course(
        "database_developer",
        "Oracle Database SQL",
        "Oracle",
        ("Oracle Database SQL Certified Associate", "1Z0-071", "Associate"),
        "245.00",
        hours=40,
        validity=None,
    ),
    _course(
        "database_developer",
        "Administering Microsoft Azure SQL Solutions",
        "Microsoft",
        ("Microsoft Certified: Azure Database Administrator Associate", "DP-300", "Associate"),
        "165.00",
        languages=(EN,),
        validity=12,
    ),
    # system administrator: 4
    _course(
        "system_administrator",
        "Red Hat System Administration (RH124/RH134) и экзамен RHCSA",
        "Red Hat",
        ("Red Hat Certified System Administrator", "EX200", "Associate"),
        "500.00",
        languages=(RU, EN),
        delivery=(ONLINE, ALMATY),
        hours=80,
    ),
    _course(
        "system_administrator",
        "Microsoft Azure Administrator",
        "Microsoft",
        ("Microsoft Certified: Azure Administrator Associate", "AZ-104", "Associate"),
        "165.00",
        languages=(EN, RU),
        delivery=(ONLINE, ASTANA),
        validity=12,
    ),
    _course(
        "system_administrator",
        "AWS Certified Solutions Architect – Associate",
        "Amazon Web Services",
        ("AWS Certified Solutions Architect – Associate", "SAA-C03", "Associate"),
        "150.00",
    ),
    _course(
        "system_administrator",
        "Linux Foundation Certified System Administrator",
        "The Linux Foundation",
        ("Linux Foundation Certified System Administrator", "LFCS", None),
        "445.00",
        kind="open_source",
        hours=30,
    ),
    # network engineer: 3
    _course(
        "network_engineer",
        "Implementing and Administering Cisco Solutions (CCNA)",
        "Cisco Networking Academy",
        ("Cisco Certified Network Associate", "200-301", "Associate"),
        "300.00",
        languages=(RU, KK, EN),
        delivery=(ONLINE, ASTANA, ALMATY),
        hours=70,
    ),
    _course(
        "network_engineer",
        "CCNP Enterprise Core (ENCOR)",
        "Cisco",
        ("Cisco Certified Network Professional Enterprise", "350-401", "Professional"),
        "400.00",
        languages=(EN,),
        delivery=(ALMATY,),
        hours=60,
    ),
    _course(
        "network_engineer",
        "Juniper Networks Certified Associate – Junos",
        "Juniper Networks",
        ("JNCIA-Junos", "JN0-105", "Associate"),
        "200.00",
        languages=(EN,),
        hours=24,
    ),
    # technical support engineer: 3
    _course(
        "technical_support_engineer",
        "CompTIA A+ (Core 1 и Core 2)",
        "CompTIA",
        ("CompTIA A+", "220-1101/220-1102", "Core"),
        "506.00",
        languages=(RU, EN),
        delivery=(ONLINE, ASTANA),
        hours=60,
    ),
    _course(
        "technical_support_engineer",
        "CompTIA Network+",
        "CompTIA",
        ("CompTIA Network+", "N10-009", "Core"),
        "369.00",
    ),
    _course(
        "technical_support_engineer",
        "ITIL 4 Foundation",
        "PeopleCert",
        ("ITIL 4 Foundation", "ITIL4-F", "Foundation"),
        "450.00",
        languages=(RU, EN),
        delivery=(ONLINE, ALMATY),
        hours=18,
        validity=None,
    ),
    # sales and marketing: 2
    _course(
        "sales_marketing",
        "Google Digital Marketing & E-commerce",
        "Google / Coursera",
        ("Google Digital Marketing & E-commerce Professional Certificate", None, None),
        "294.00",
        hours=150,
        validity=None,
    ),
    _course(
        "sales_marketing",
        "HubSpot Inbound Marketing: практикум",
        "HubSpot Academy",
        ("HubSpot Inbound Marketing Certification", None, None),
        "350.00",
        languages=(RU, EN),
        delivery=(ONLINE, ALMATY),
        hours=12,
        validity=24,
    ),
    # quality management: 1, short of 2
    _course(
        "quality_management",
        "Внутренний аудитор СМК по ISO 9001:2015",
        "BSI Kazakhstan",
        ("ISO 9001:2015 Internal Auditor", None, None),
        "650.00",
        languages=(RU, KK),
        delivery=(ASTANA,),
        hours=24,
        validity=None,
        method="certificate_number",
    ),
    # business English: 3
    _course(
        "business_english",
        "IELTS Academic preparation and test",
        "British Council Kazakhstan",
        ("IELTS Academic", None, "Band 6.5"),
        "265.00",
        languages=(EN,),
        delivery=(ONLINE, ASTANA, ALMATY),
        hours=48,
        validity=24,
        method="certificate_number",
    ),
    _course(
        "business_english",
        "Cambridge English: Business Vantage (BEC)",
        "Cambridge English",
        ("Cambridge English: Business Vantage", "BEC Vantage", "B2"),
        "220.00",
        languages=(EN,),
        delivery=(ALMATY,),
        hours=60,
        validity=None,
        method="certificate_number",
    ),
    _course(
        "business_english",
        "Деловой английский для ИТ-компаний (TOEIC)",
        "ETS",
        ("TOEIC Listening and Reading", None, None),
        "160.00",
        languages=(EN, RU),
        hours=40,
        validity=24,
        method="certificate_number",
    ),
]

# the recommendation written into a plan for each skills area (the course it leads to)
RECOMMENDATIONS: dict[str, tuple[str, str]] = {
    "it_project_manager": ("PMI PMP", "575.00"),
    "application_developer": ("AWS Certified Developer – Associate", "150.00"),
    "database_developer": ("Oracle Database SQL Certified Associate", "245.00"),
    "system_administrator": ("Red Hat RHCSA", "500.00"),
    "network_engineer": ("Cisco CCNA", "300.00"),
    "technical_support_engineer": ("CompTIA A+", "506.00"),
    "sales_marketing": ("Google Digital Marketing & E-commerce", "294.00"),
    "quality_management": ("ISO 9001 internal auditor", "650.00"),
    "business_english": ("IELTS Academic / Cambridge BEC", "265.00"),
}
TECHNICAL_AREAS = [
    "application_developer",
    "system_administrator",
    "network_engineer",
    "it_project_manager",
    "technical_support_engineer",
    "database_developer",
]
BUSINESS_AREAS = ["business_english", "sales_marketing", "quality_management"]

EFQM_CRITERIA = [
    "leadership",
    "strategy",
    "people",
    "partnerships_resources",
    "processes_products_services",
    "customer_results",
    "people_results",
    "society_results",
    "key_results",
]

# trainees' names (personal data: they stay in the training service)
FIRST_NAMES = [
    "Айгерім",
    "Ерлан",
    "Дана",
    "Нұрлан",
    "Алия",
    "Тимур",
    "Жанна",
    "Асқар",
    "Мадина",
    "Дмитрий",
    "Елена",
    "Руслан",
    "Сәуле",
    "Бауыржан",
    "Ольга",
    "Арман",
    "Гүлнар",
    "Сергей",
    "Әсел",
    "Данияр",
]
LAST_NAMES = [
    "Ахметова",
    "Сейітов",
    "Омарова",
    "Жұмабаев",
    "Иванова",
    "Қасымов",
    "Нұрланқызы",
    "Ким",
    "Смағұлова",
    "Петров",
    "Бекова",
    "Тоқтаров",
]
FUNCTIONS = ["Разработчик", "Системный администратор", "Руководитель проектов", "Менеджер продаж"]

BOARD = [
    (
        "demo-selection-board",
        "selection_board",
        "Айжан Серікова",
        "Ministry of Digital Development",
    ),
]
ASSESSOR = ("demo-assessor", "Динара Ахметова")

# The pilot year's cost lines (design.md): unit cost and low/high quantities, per module.
ANALYST_MONTH = "2500.00"  # a programme analyst's month, USD
BUDGET_LINES: list[tuple[str, str, str, str, str, str]] = [
    # sector database
    (
        "sector_database",
        "IT specialist, ~20 % of the year",
        "3500.00",
        "2.4",
        "2.4",
        "programme_only",
    ),
    (
        "sector_database",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    ("sector_database", "Outsourced IT hosting", "2000.00", "1", "1", "programme_only"),
    # assessment
    (
        "assessment",
        "External consultant, ~60 days for 20 companies",
        "600.00",
        "50",
        "60",
        "assessment",
    ),
    (
        "assessment",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    # technical training
    (
        "technical_training",
        "Certifications for ~100 trainees",
        "350.00",
        "80",
        "100",
        "technical_training",
    ),
    (
        "technical_training",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    # business training
    (
        "business_training",
        "Certifications for ~40 trainees (2 per company)",
        "300.00",
        "30",
        "40",
        "business_training",
    ),
    (
        "business_training",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    # exchange and internships
    (
        "exchange_internships",
        "Two-week senior-management exchange, one per company",
        "4000.00",
        "15",
        "20",
        "short_internship",
    ),
    (
        "exchange_internships",
        "Six-month internships at a partner",
        "18000.00",
        "3",
        "4",
        "long_internship",
    ),
    (
        "exchange_internships",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    # promotion and marketing
    ("promotion_marketing", "Annual event (graduation)", "25000.00", "1", "1", "annual_event"),
    (
        "promotion_marketing",
        "Programme analyst, ~20 % of the year",
        ANALYST_MONTH,
        "2.4",
        "2.4",
        "programme_only",
    ),
    # overall coordination
    (
        "overall_coordination",
        "Programme manager, full time",
        "4000.00",
        "12",
        "12",
        "programme_only",
    ),
    ("overall_coordination", "Assistant, full time", "1500.00", "12", "12", "programme_only"),
    (
        "overall_coordination",
        "Office, equipment, telecom, travel and other expenses",
        "1000.00",
        "40",
        "100",
        "programme_only",
    ),
]


def budget_lines() -> list[dict[str, Any]]:
    """The cost lines as ``POST /budgets`` takes them."""
    return [
        {
            "module": module,
            "description": description,
            "unit_cost": {"amount": unit, "currency": "USD"},
            "low_quantity": low,
            "high_quantity": high,
            "rule": rule,
        }
        for module, description, unit, low, high, rule in BUDGET_LINES
    ]


# The results framework the programme manager sets for the pilot cohort and the ministry
# approves: (indicator, baseline, target, milestones (due, value), approved by the ministry).
# Against the year's figures (late 2026) they give each status a row: most on track, some at
# risk (plan implementation, certifications, jobs), internships off track, and two targets
# still only proposed.
TARGETS: list[tuple[str, str, str, list[tuple[str, str]], bool]] = [
    ("companies_nominated", "0", "28", [("2026-02-28", "28")], True),
    ("companies_selected", "0", "20", [("2026-03-31", "20")], True),
    ("companies_assessed", "0", "20", [("2026-06-30", "10"), ("2026-09-30", "20")], True),
    ("plans_approved", "0", "20", [("2026-06-30", "10"), ("2026-09-30", "20")], True),
    ("plan_implementation", "0", "80", [("2026-06-30", "20"), ("2026-09-30", "40")], True),
    ("certifications_verified", "0", "60", [("2026-09-30", "30")], True),
    ("trainees_certified", "0", "40", [("2026-09-30", "20")], True),
    ("internships_completed", "0", "20", [("2026-10-31", "10")], True),
    ("linkages_signed", "0", "10", [("2026-09-30", "5")], True),
    ("linkage_jobs_created", "0", "60", [("2026-10-31", "40")], False),
    ("co_financing_leverage", "0", "40", [("2026-06-30", "30")], False),
]


def target_body(baseline: str, target: str, milestones: list[tuple[str, str]]) -> dict[str, Any]:
    """A target as ``PUT /cohorts/{id}/targets/{indicator}`` takes it."""
    return {
        "baseline": baseline,
        "target": target,
        "milestones": [{"due_on": due, "value": value} for due, value in milestones],
    }
