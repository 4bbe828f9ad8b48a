"""Which price a scatto and a call-out have on a day of work.

(seed 003) "La sottoscrizione di un contratto di assistenza annuale garantisce, comunque,
la massima priorità di intervento, insieme a costi più contenuti": a plan of the policy
may have prices of its own (``[plans.X] unit_price``, ``callout_fee``), else the
policy's ``[billing]`` ones apply.  (seed 000) work is billed "con le tariffe riportate
nel Tariffario in vigore alla data di esecuzione del servizio": the price of a day of
work is that of the plan of the contract in force on that day, or of the no-contract
plan when none is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from techconsole.domain.contracts import Term
from techconsole.domain.policy import Plan, Policy
from techconsole.domain.policy_rules import BillingRules


@dataclass(frozen=True, slots=True)
class Prices:
    """What a scatto and a call-out cost."""

    unit_price: Decimal
    callout_fee: Decimal
    #: the plan whose own prices these are; ``""`` for the policy's ``[billing]`` ones
    plan: str = ""


def standard(rules: BillingRules) -> Prices:
    """The policy's ``[billing]`` prices."""
    return Prices(rules.unit_price, rules.callout_fee)


def of_plan(rules: BillingRules, plan: Plan | None) -> Prices:
    """``plan``'s prices: its own where it sets them, ``[billing]``'s for the rest."""
    if plan is None or (plan.unit_price is None and plan.callout_fee is None):
        return standard(rules)
    return Prices(
        rules.unit_price if plan.unit_price is None else plan.unit_price,
        rules.callout_fee if plan.callout_fee is None else plan.callout_fee,
        plan.name,
    )


@dataclass(frozen=True, slots=True)
class PriceBook:
    """The prices of each day: the first span holding the day, else ``default``."""

    default: Prices
    #: (first day, last day, prices), the contract that started last first
    spans: tuple[tuple[date, date, Prices], ...] = ()

    def on(self, day: date | None) -> Prices:
        if day is not None:
            for first, last, prices in self.spans:
                if first <= day <= last:
                    return prices
        return self.default


def price_book(policy: Policy, contracts: Iterable[Term]) -> PriceBook:
    """A customer's prices from their ``contracts`` (a plan the policy does not know is
    no contract, as for the plan a request is served under)."""
    rules = policy.billing
    default = of_plan(rules, policy.plans.get(policy.no_contract_plan))
    every = sorted(contracts, key=lambda t: (t.starts_on, t.id), reverse=True)
    return PriceBook(
        default,
        tuple(
            (t.starts_on, t.ends_on, of_plan(rules, policy.plans[t.plan]))
            if t.plan in policy.plans
            else (t.starts_on, t.ends_on, default)
            for t in every
        ),
    )
