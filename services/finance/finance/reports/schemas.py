"""Response bodies of the reports."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from finance.budgets.models import BudgetStatus
from finance.costing import Range, Split
from finance.modules import Module


class Execution(BaseModel):
    budgeted: Range = Field(description="the budget's low and high estimate, by party")
    committed: Split = Field(description="commitments in force, by party")
    invoiced: Split = Field(description="invoiced to the programme on those commitments")
    paid: Split = Field(description="paid, contributed or recognised in kind on them")
    remaining: Split = Field(description="committed and not yet paid, by party")
    committed_percent_of_high: Decimal | None = Field(
        description="committed as a percentage of the high estimate (null: nothing budgeted)"
    )
    over_high: bool = Field(description="committed beyond the high estimate")
    committed_converted: Split | None = Field(
        default=None,
        description="with a rate policy: committed in every currency, converted into the "
        "budget's (null without one)",
    )
    invoiced_converted: Split | None = Field(
        default=None,
        description="with a rate policy: invoiced in every currency, each invoice converted "
        "at its own date's rate (or the fixed one)",
    )
    paid_converted: Split | None = Field(
        default=None,
        description="with a rate policy: paid in every currency, each payment converted at "
        "its own date's rate (or the fixed one)",
    )
    remaining_converted: Split | None = Field(
        default=None, description="with a rate policy: committed_converted less paid_converted"
    )


class ModuleExecution(Execution):
    module: Module


class RatePolicyRead(BaseModel):
    policy: Literal["transaction_date", "fixed"] = Field(
        description="each commitment at its own date's rate, or all at one date's"
    )
    rate_on: date | None = Field(description="the fixed rate's date")
    source: str
    rate_type: str


class OtherCurrency(BaseModel):
    """Commitments in a currency other than the budget's: shown apart, never converted."""

    currency: str
    modules: dict[Module, Split]
    total: Split


class ExecutionRead(BaseModel):
    budget_id: uuid.UUID
    revision: int
    status: BudgetStatus
    programme_year: int
    cohort_id: uuid.UUID | None
    currency: str
    scope: str = Field(description="which commitments count against this budget")
    modules: list[ModuleExecution] = Field(description="all seven, in the handbook's order")
    total: Execution
    other_currencies: list[OtherCurrency]
    rate_policy: RatePolicyRead | None = Field(
        description="how other currencies were converted (null: they were not)"
    )
    generated_at: datetime


class StatementCurrency(BaseModel):
    """One currency of a statement: per module and in total, who pays what; and what each
    party has paid so far."""

    currency: str
    modules: dict[Module, Split] = Field(description="committed, per module, by party")
    total: Split = Field(description="committed, by party")
    paid_modules: dict[Module, Split] = Field(
        default_factory=dict,
        description="paid, contributed or recognised in kind, per module (modules with any)",
    )
    paid: Split | None = Field(
        default=None, description="paid, contributed or recognised in kind, by party"
    )


class CompanyStatementRead(BaseModel):
    """What was committed for one local company: what it owes (``local_company``), what the
    programme pays for it, what vendors give in kind and partners contribute."""

    company_id: uuid.UUID
    cohort_id: uuid.UUID | None
    commitments: int = Field(description="commitments in force counted here")
    currencies: list[StatementCurrency]
    rate_policy: RatePolicyRead | None = Field(
        default=None, description="how every currency was converted (null: it was not)"
    )
    converted: StatementCurrency | None = Field(
        default=None,
        description="with a rate policy: every currency's figures converted into `currency`",
    )
    generated_at: datetime


class PartnerModule(BaseModel):
    committed: Split
    contributed: Split
    remaining: Split


class PartnerCurrency(BaseModel):
    currency: str
    modules: dict[Module, PartnerModule]
    total: PartnerModule


class PartnerStatementRead(BaseModel):
    """What an international company committed to (sponsoring events, sharing short
    internships, hosting long ones) and has contributed so far."""

    company_id: uuid.UUID
    cohort_id: uuid.UUID | None
    commitments: int
    currencies: list[PartnerCurrency]
    rate_policy: RatePolicyRead | None = Field(
        default=None, description="how every currency was converted (null: it was not)"
    )
    converted: PartnerCurrency | None = Field(
        default=None,
        description="with a rate policy: every currency's figures converted into `currency` "
        "(each contribution at its own date's rate under transaction_date)",
    )
    generated_at: datetime
