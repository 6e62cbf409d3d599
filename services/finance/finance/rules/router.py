"""Co-financing rules over HTTP."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from finance.rules import service
from finance.rules.access import RuleEditor, RuleReader
from finance.rules.models import CoFinancingRule
from finance.rules.schemas import RuleCode, RuleCreate, RuleRead
from finance.rules.views import rule_read
from shared.api import rules as conflict_rules
from shared.concurrency import created, tag
from shared.db import utcnow
from shared.deps import ReadSessionDep, SessionDep
from shared.idempotency import IdempotencyDep
from shared.pagination import CursorQuery, LimitQuery, Page, keyset

router = APIRouter(prefix="/rules", tags=["co-financing rules"])


@router.post(
    "",
    status_code=201,
    response_model=RuleRead,
    responses=conflict_rules("rule_version_out_of_order"),
)
async def create_rule(
    body: RuleCreate, session: SessionDep, idem: IdempotencyDep, principal: RuleEditor
) -> Response:
    """Add a rule, or the next version of one (committed costs keep the version they used)."""
    rule = await service.create(session=session, data=body, principal=principal, now=utcnow())
    return await idem.respond(
        session, rule_read(rule), headers=created(f"/rules/{rule.id}", rule.version)
    )


@router.get("", response_model=Page[RuleRead])
async def list_rules(
    session: ReadSessionDep,
    _: RuleReader,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    code: RuleCode | None = None,
) -> Page[RuleRead]:
    """Rule versions in the order they were made, optionally of one rule."""
    rows, next_cursor = await keyset(
        session, service.listing(code=code), model=CoFinancingRule, limit=limit, cursor=cursor
    )
    return Page(items=[rule_read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{rule_id}", response_model=RuleRead)
async def read_rule(
    rule_id: uuid.UUID, session: ReadSessionDep, response: Response, _: RuleReader
) -> RuleRead:
    """One version of a rule."""
    rule = await service.get(session=session, rule_id=rule_id)
    tag(response, rule.version)
    return rule_read(rule)
