"""Methodologies carry their bands and the labels their reports print (ru, kk, en): names
of the methodology, its criteria and its groups.

The bands a total falls in (emerging, developing, advanced, excellent) were cut-offs in code;
they become data of each methodology. Every existing methodology gets the programme's four
bands, and ``efqm-9`` its Russian and Kazakh criterion names and group labels. This adds
what a report prints; it changes no weight, so scored assessments keep their meaning.

Revision ID: assessment_0009
Revises: assessment_0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "assessment_0009"
down_revision: str | None = "assessment_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here (not imported), so this migration means the same whatever the code becomes.
BANDS = [
    {"key": "emerging", "min_points": 0, "name": "Emerging",
     "name_ru": "Начальный уровень", "name_kk": "Бастапқы деңгей"},
    {"key": "developing", "min_points": 300, "name": "Developing",
     "name_ru": "Развивающийся уровень", "name_kk": "Дамушы деңгей"},
    {"key": "advanced", "min_points": 500, "name": "Advanced",
     "name_ru": "Продвинутый уровень", "name_kk": "Жоғары деңгей"},
    {"key": "excellent", "min_points": 600, "name": "Excellent",
     "name_ru": "Высокий уровень совершенства", "name_kk": "Үздік деңгей"},
]  # fmt: skip
EFQM_9_GROUPS = [
    {"key": "enablers", "name": "Enablers", "name_ru": "Возможности", "name_kk": "Мүмкіндіктер"},
    {"key": "results", "name": "Results", "name_ru": "Результаты", "name_kk": "Нәтижелер"},
]
EFQM_9_LABELS = {
    "leadership": ("Лидерство", "Көшбасшылық"),
    "strategy": ("Стратегия", "Стратегия"),
    "people": ("Персонал", "Қызметкерлер"),
    "partnerships_resources": ("Партнёрство и ресурсы", "Серіктестік және ресурстар"),
    "processes_products_services": (
        "Процессы, продукты и услуги",
        "Процестер, өнімдер және қызметтер",
    ),
    "customer_results": ("Результаты для потребителей", "Тұтынушыларға қатысты нәтижелер"),
    "people_results": ("Результаты для персонала", "Қызметкерлерге қатысты нәтижелер"),
    "society_results": ("Результаты для общества", "Қоғамға қатысты нәтижелер"),
    "key_results": ("Ключевые результаты деятельности", "Қызметтің негізгі нәтижелері"),
}

methodology = sa.table(
    "methodology",
    sa.column("id", sa.Uuid()),
    sa.column("key", sa.String()),
    sa.column("name_ru", sa.String()),
    sa.column("name_kk", sa.String()),
    sa.column("criteria", sa.JSON()),
    sa.column("groups", sa.JSON()),
    sa.column("bands", sa.JSON()),
)


def _translated(criterion: dict[str, Any]) -> dict[str, Any]:
    ru, kk = EFQM_9_LABELS.get(criterion["key"], (None, None))
    return {**criterion, "name_ru": ru, "name_kk": kk}


def upgrade() -> None:
    with op.batch_alter_table("methodology") as batch:
        batch.add_column(sa.Column("name_ru", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("name_kk", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("groups", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("bands", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for id_, key, criteria in bind.execute(
        sa.select(methodology.c.id, methodology.c.key, methodology.c.criteria)
    ).all():
        values: dict[str, Any] = {"groups": [], "bands": BANDS}
        if key == "efqm-9":
            values = {
                "name_ru": "Модель совершенства EFQM (9 критериев)",
                "name_kk": "EFQM үздіктік моделі (9 критерий)",
                "criteria": [_translated(c) for c in criteria],
                "groups": EFQM_9_GROUPS,
                "bands": BANDS,
            }
        bind.execute(methodology.update().where(methodology.c.id == id_).values(**values))
    with op.batch_alter_table("methodology") as batch:
        batch.alter_column("groups", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("bands", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    bind = op.get_bind()
    for id_, criteria in bind.execute(sa.select(methodology.c.id, methodology.c.criteria)).all():
        untranslated = [
            {k: v for k, v in c.items() if k not in ("name_ru", "name_kk")} for c in criteria
        ]
        bind.execute(
            methodology.update().where(methodology.c.id == id_).values(criteria=untranslated)
        )
    with op.batch_alter_table("methodology") as batch:
        batch.drop_column("bands")
        batch.drop_column("groups")
        batch.drop_column("name_kk")
        batch.drop_column("name_ru")
