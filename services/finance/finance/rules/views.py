"""Read models of co-financing rules."""

from __future__ import annotations

from finance.rules.models import CoFinancingRule
from finance.rules.schemas import RuleRead, StepRead


def rule_read(rule: CoFinancingRule) -> RuleRead:
    return RuleRead(
        id=rule.id,
        code=rule.code,
        version=rule.version,
        name=rule.name,
        description=rule.description,
        steps=[StepRead.model_validate(step) for step in rule.steps],
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        created_by=rule.created_by,
        created_at=rule.created_at,
    )
