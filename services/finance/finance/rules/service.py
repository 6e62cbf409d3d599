"""Co-financing rules: versions that never change, and which version applies on a date.

Functions never commit: the caller's transaction does.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from finance.costing import CostLineIn, RuleUsed, check_line
from finance.messages import MESSAGES
from finance.rules.models import CoFinancingRule
from finance.rules.schemas import RuleCreate, steps_problem
from finance.rules.split import Basis, Party, Step
from shared import audit, i18n
from shared.auth import Principal
from shared.errors import Conflict, InvalidInput, NotFound
from shared.i18n import message
from shared.persistence import flush_or_conflict, one_or_404


def steps_of(rule: CoFinancingRule) -> list[Step]:
    """The rule's steps as the split takes them."""
    return [Step(Party(s["party"]), Decimal(s["percent"]), Basis(s["of"])) for s in rule.steps]


async def create(
    *, session: AsyncSession, data: RuleCreate, principal: Principal, now: datetime
) -> CoFinancingRule:
    """A new rule, or the next version of ``data.code``; the current version then ends the
    day before this one starts. Earlier versions stay as they were: commitments name them."""
    problem = steps_problem(data.steps)
    if problem is not None:
        raise InvalidInput("steps", problem)
    latest = (
        await session.scalars(
            sa.select(CoFinancingRule)
            .where(CoFinancingRule.code == data.code)
            .order_by(CoFinancingRule.version.desc())
            .limit(1)
            .with_for_update()
        )
    ).first()
    if latest is not None:
        if data.effective_from <= latest.effective_from:
            raise Conflict(
                f"Version {latest.version} of {data.code!r} starts on {latest.effective_from}; "
                "a new version must start later.",
                rule="rule_version_out_of_order",
            )
        latest.effective_to = data.effective_from - timedelta(days=1)
    rule = CoFinancingRule(
        code=data.code,
        version=latest.version + 1 if latest else 1,
        name=data.name,
        description=data.description,
        steps=[s.model_dump(mode="json") for s in data.steps],
        effective_from=data.effective_from,
        created_by=principal.subject,
        created_at=now,
    )
    session.add(rule)
    await flush_or_conflict(
        session,
        rule="rule_version_out_of_order",
        detail=f"Another version of {data.code!r} was added at the same time; read it again.",
    )
    await audit.record(
        session,
        principal=principal,
        resource="rule",
        record=rule,
        action="created",
        after=data,
        now=now,
    )
    return rule


async def get(*, session: AsyncSession, rule_id: uuid.UUID) -> CoFinancingRule:
    """One rule version, or 404."""
    return await one_or_404(
        session, sa.select(CoFinancingRule).where(CoFinancingRule.id == rule_id), what="rule"
    )


def listing(*, code: str | None) -> sa.Select[tuple[CoFinancingRule]]:
    """Rule versions, optionally of one rule (a statement, for paging)."""
    statement = sa.select(CoFinancingRule)
    if code is not None:
        statement = statement.where(CoFinancingRule.code == code)
    return statement


async def effective(
    *, session: AsyncSession, code: str, on: date, field: str = "rule"
) -> CoFinancingRule:
    """The version of ``code`` that applies on ``on``.

    A date before the rule's first version takes the first version: the handbook's rules
    hold from the programme's start, and a cost is never left without a rule. An unknown
    code is a 422 naming ``field``.
    """
    versions = (
        await session.scalars(
            sa.select(CoFinancingRule)
            .where(CoFinancingRule.code == code)
            .order_by(CoFinancingRule.version)
        )
    ).all()
    if not versions:
        raise InvalidInput(field, message(MESSAGES["no_such_rule"], code=repr(code)))
    applicable = [v for v in versions if v.effective_from <= on]
    return applicable[-1] if applicable else versions[0]


async def by_id(*, session: AsyncSession, rule_id: uuid.UUID) -> CoFinancingRule:
    """A rule version a stored record names (it exists: versions are never deleted)."""
    rule = await session.get(CoFinancingRule, rule_id)
    if rule is None:
        raise NotFound(i18n.no_such("rule"))
    return rule


def used_rule(rule: CoFinancingRule) -> RuleUsed:
    """The rule version as costing takes it."""
    return RuleUsed(rule.id, rule.code, rule.version, steps_of(rule))


async def for_lines(
    *, session: AsyncSession, lines: Sequence[CostLineIn], currency: str, on: date
) -> list[RuleUsed]:
    """Each line's rule, the version in force ``on``; a 422 naming the line's field for an
    unknown rule or a unit cost in another currency (no arithmetic across currencies)."""
    found: dict[str, RuleUsed] = {}
    used = []
    for index, line in enumerate(lines):
        check_line(line, f"lines.{index}")
        if line.unit_cost.currency != currency:
            raise InvalidInput(
                f"lines.{index}.unit_cost",
                message(
                    MESSAGES["line_in_other_currency"],
                    currency=line.unit_cost.currency,
                    budget_currency=currency,
                ),
            )
        if line.rule not in found:
            rule = await effective(
                session=session, code=line.rule, on=on, field=f"lines.{index}.rule"
            )
            found[line.rule] = used_rule(rule)
        used.append(found[line.rule])
    return used
