"""Read models of the reports."""

from __future__ import annotations

import uuid
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
from finance.reports.service import Execution as ExecutionData
from finance.reports.service import Tallies
from finance.rules.split import percent_of


def _total(by_module: dict[Module, Tally], currency: str) -> Tally:
    total = Tally(currency)
    for tally in by_module.values():
        for party, minor in tally.shares.items():
            total.add_minor(party, minor)
    return total


def _execution(budgeted: Range, committed: Tally, invoiced: Tally, paid: Tally) -> Execution:
    high = budgeted.high.total
    remaining = Tally(committed.currency)
    for party, minor in committed.shares.items():
        remaining.add_minor(party, minor - paid.shares.get(party, 0))
    committed_split = committed.read()
    return Execution(
        budgeted=budgeted,
        committed=committed_split,
        invoiced=invoiced.read(),
        paid=paid.read(),
        remaining=remaining.read(),
        committed_percent_of_high=percent_of(committed_split.total, high),
        over_high=committed_split.total.minor > high.minor,
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

    converted = data.converted

    def with_converted(execution: Execution, tallies: dict[Module, Tally] | None) -> Execution:
        if converted is None or tallies is None:
            return execution
        return execution.model_copy(
            update={"committed_converted": _total(tallies, currency).read()}
        )

    modules = [
        ModuleExecution(
            module=module,
            **dict(
                with_converted(
                    _execution(
                        budgeted[module], of(ours, module), of(invoiced, module), of(paid, module)
                    ),
                    None if converted is None else {module: of(converted, module)},
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
        total=with_converted(
            _execution(
                figures.total,
                _total(ours, currency),
                _total(invoiced, currency),
                _total(paid, currency),
            ),
            converted,
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
        rate_policy=None
        if policy is None
        else RatePolicyRead(
            policy=policy.policy,
            rate_on=policy.fixed_on,
            source=policy.source,
            rate_type=policy.rate_type,
        ),
        generated_at=now,
    )


def _ordered(by_module: dict[Module, Tally]) -> list[tuple[Module, Tally]]:
    return [(m, by_module[m]) for m in MODULE_ORDER if m in by_module]


def statement_read(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    tallies: Tallies,
    count: int,
    now: datetime,
) -> CompanyStatementRead:
    return CompanyStatementRead(
        company_id=company_id,
        cohort_id=cohort_id,
        commitments=count,
        currencies=[
            StatementCurrency(
                currency=currency,
                modules={m: t.read() for m, t in _ordered(by_module)},
                total=_total(by_module, currency).read(),
            )
            for currency, by_module in sorted(tallies.items())
        ],
        generated_at=now,
    )


def _partner(committed: Tally, paid: Tally) -> PartnerModule:
    remaining = Tally(committed.currency)
    for party, minor in committed.shares.items():
        remaining.add_minor(party, minor - paid.shares.get(party, 0))
    return PartnerModule(
        committed=committed.read(), contributed=paid.read(), remaining=remaining.read()
    )


def partner_read(
    company_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    committed: Tallies,
    paid: Tallies,
    count: int,
    now: datetime,
) -> PartnerStatementRead:
    currencies = []
    for currency, by_module in sorted(committed.items()):
        contributed = paid.get(currency, {})
        currencies.append(
            PartnerCurrency(
                currency=currency,
                modules={
                    m: _partner(t, contributed.get(m, Tally(currency)))
                    for m, t in _ordered(by_module)
                },
                total=_partner(_total(by_module, currency), _total(contributed, currency)),
            )
        )
    return PartnerStatementRead(
        company_id=company_id,
        cohort_id=cohort_id,
        commitments=count,
        currencies=currencies,
        generated_at=now,
    )
