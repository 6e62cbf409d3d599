"""Read models of the reports."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from finance.costing import Range, Tally
from finance.modules import MODULE_ORDER, Module
from finance.reports.schemas import (
    CompanyStatementRead,
    Execution,
    ExecutionRead,
    ModuleExecution,
    OtherCurrency,
    PartnerCurrency,
    PartnerModule,
    PartnerStatementRead,
    RatePolicyRead,
    StatementCurrency,
)
from finance.reports.service import Converted, Converter, RatePolicy, Tallies
from finance.reports.service import Execution as ExecutionData
from finance.rules.split import percent_of


def _total(by_module: dict[Module, Tally], currency: str) -> Tally:
    total = Tally(currency)
    for tally in by_module.values():
        for party, minor in tally.shares.items():
            total.add_minor(party, minor)
    return total


def _remaining(committed: Tally, paid: Tally) -> Tally:
    remaining = Tally(committed.currency)
    for party, minor in committed.shares.items():
        remaining.add_minor(party, minor - paid.shares.get(party, 0))
    return remaining


def _execution(budgeted: Range, committed: Tally, invoiced: Tally, paid: Tally) -> Execution:
    high = budgeted.high.total
    committed_split = committed.read()
    return Execution(
        budgeted=budgeted,
        committed=committed_split,
        invoiced=invoiced.read(),
        paid=paid.read(),
        remaining=_remaining(committed, paid).read(),
        committed_percent_of_high=percent_of(committed_split.total, high),
        over_high=committed_split.total.minor > high.minor,
    )


def _with_converted(
    execution: Execution, converted: Converted | None, modules: Sequence[Module]
) -> Execution:
    """The execution with the converted figures of ``modules`` (one, or all for the total)."""
    if converted is None:
        return execution
    currency = execution.committed.total.currency
    committed, invoiced, paid = (
        _total({m: t for m, t in tallies.items() if m in modules}, currency)
        for tallies in (converted.committed, converted.invoiced, converted.paid)
    )
    return execution.model_copy(
        update={
            "committed_converted": committed.read(),
            "invoiced_converted": invoiced.read(),
            "paid_converted": paid.read(),
            "remaining_converted": _remaining(committed, paid).read(),
        }
    )


def execution_read(data: ExecutionData, now: datetime) -> ExecutionRead:
    budget, figures = data.budget, data.figures
    currency = budget.currency
    ours, invoiced, paid = (
        tallies.get(currency, {}) for tallies in (data.committed, data.invoiced, data.paid)
    )
    budgeted = {m.module: Range(low=m.low, high=m.high) for m in figures.modules}

    def of(tallies: dict[Module, Tally], module: Module) -> Tally:
        return tallies.get(module, Tally(currency))

    modules = [
        ModuleExecution(
            module=module,
            **dict(
                _with_converted(
                    _execution(
                        budgeted[module], of(ours, module), of(invoiced, module), of(paid, module)
                    ),
                    data.converted,
                    [module],
                )
            ),
        )
        for module in MODULE_ORDER
    ]
    policy = data.policy
    return ExecutionRead(
        budget_id=budget.id,
        revision=budget.revision,
        status=budget.status,
        programme_year=budget.programme_year,
        cohort_id=budget.cohort_id,
        currency=budget.currency,
        scope=data.scope,
        modules=modules,
        total=_with_converted(
            _execution(
                figures.total,
                _total(ours, currency),
                _total(invoiced, currency),
                _total(paid, currency),
            ),
            data.converted,
            MODULE_ORDER,
        ),
        other_currencies=[
            OtherCurrency(
                currency=currency,
                modules={m: t.read() for m, t in _ordered(by_module)},
                total=_total(by_module, currency).read(),
            )
            for currency, by_module in sorted(data.committed.items())
            if currency != budget.currency
        ],
        rate_policy=_policy_read(policy),
        generated_at=now,
    )


def _policy_read(policy: RatePolicy | None) -> RatePolicyRead | None:
    if policy is None:
        return None
    return RatePolicyRead(
        policy=policy.policy,
        rate_on=policy.fixed_on,
        source=policy.source,
        rate_type=policy.rate_type,
    )


def _ordered(by_module: dict[Module, Tally]) -> list[tuple[Module, Tally]]:
    return [(m, by_module[m]) for m in MODULE_ORDER if m in by_module]


def _statement_currency(
    currency: str, by_module: dict[Module, Tally], paid: dict[Module, Tally]
) -> StatementCurrency:
    return StatementCurrency(
        currency=currency,
        modules={m: t.read() for m, t in _ordered(by_module)},
        total=_total(by_module, currency).read(),
        paid_modules={m: t.read() for m, t in _ordered(paid)},
        paid=_total(paid, currency).read(),
    )


def statement_read(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    tallies: Tallies,
    paid: Tallies,
    count: int,
    now: datetime,
    converted: Converted | None = None,
    rates: Converter | None = None,
) -> CompanyStatementRead:
    return CompanyStatementRead(
        company_id=company_id,
        cohort_id=cohort_id,
        commitments=count,
        currencies=[
            _statement_currency(currency, by_module, paid.get(currency, {}))
            for currency, by_module in sorted(tallies.items())
        ],
        rate_policy=None if rates is None else _policy_read(rates.policy),
        converted=None
        if converted is None or rates is None
        else _statement_currency(rates.to, converted.committed, converted.paid),
        generated_at=now,
    )


def _partner(committed: Tally, paid: Tally) -> PartnerModule:
    return PartnerModule(
        committed=committed.read(),
        contributed=paid.read(),
        remaining=_remaining(committed, paid).read(),
    )


def _partner_currency(
    currency: str, committed: dict[Module, Tally], contributed: dict[Module, Tally]
) -> PartnerCurrency:
    return PartnerCurrency(
        currency=currency,
        modules={
            m: _partner(t, contributed.get(m, Tally(currency))) for m, t in _ordered(committed)
        },
        total=_partner(_total(committed, currency), _total(contributed, currency)),
    )


def partner_read(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    committed: Tallies,
    paid: Tallies,
    count: int,
    now: datetime,
    converted: Converted | None = None,
    rates: Converter | None = None,
) -> PartnerStatementRead:
    return PartnerStatementRead(
        company_id=company_id,
        cohort_id=cohort_id,
        commitments=count,
        currencies=[
            _partner_currency(currency, by_module, paid.get(currency, {}))
            for currency, by_module in sorted(committed.items())
        ],
        rate_policy=None if rates is None else _policy_read(rates.policy),
        converted=None
        if converted is None or rates is None
        else _partner_currency(rates.to, converted.committed, converted.paid),
        generated_at=now,
    )
