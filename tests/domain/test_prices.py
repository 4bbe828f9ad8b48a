"""A plan's own prices (seed 003: "La sottoscrizione di un contratto di assistenza annuale
garantisce, comunque, la massima priorità di intervento, insieme a costi più contenuti"),
applied to the work of the days a contract on that plan is in force (seed 000: "le
tariffe riportate nel Tariffario in vigore alla data di esecuzione del servizio").

The policy below is the default one with the Enterprise plan at 32,00 € a scatto and no
call-out fee, and the no-contract plan at 50,00 € a scatto (its call-out stays
[billing]'s 30,00 €).  Expected figures are scatti × the day's price, by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import rome
from techconsole.domain.billing import bill
from techconsole.domain.billing_types import Job, WorkSession
from techconsole.domain.contracts import Term
from techconsole.domain.errors import PolicyError
from techconsole.domain.free import FreeFacts
from techconsole.domain.policy import Policy
from techconsole.domain.policy_build import parse_policy
from techconsole.domain.prices import PriceBook, Prices, of_plan, price_book, standard

D = Decimal
DEFAULT = Path(__file__).parents[2] / "data/policies/default.toml"


def _with(text: str, **tables: str) -> str:
    """The default policy's text with lines added at the end of ``[plans.NAME]``."""
    for plan, lines in tables.items():
        header = f"[plans.{plan}]\n"
        start = text.index(header)
        end = text.index("\n[", start + len(header))
        text = text[:end] + "\n" + lines + text[end:]
    return text


@pytest.fixture(scope="module")
def priced() -> Policy:
    text = DEFAULT.read_text(encoding="utf-8")
    return parse_policy(
        _with(
            text,
            enterprise='unit_price = "32.00"\ncallout_fee = "0.00"',
            none='unit_price = "50.00"',
        )
    )


def test_a_plan_sets_its_own_prices_and_keeps_the_rest_of_billing(priced: Policy):
    rules = priced.billing
    assert standard(rules) == Prices(D("40.00"), D("30.00"))
    assert of_plan(rules, priced.plan("enterprise")) == Prices(D("32.00"), D("0.00"), "enterprise")
    assert of_plan(rules, priced.plan("none")) == Prices(D("50.00"), D("30.00"), "none")
    assert of_plan(rules, priced.plan("basic")) == Prices(D("40.00"), D("30.00"))  # [billing]


def test_a_plan_price_is_money(priced: Policy):
    text = DEFAULT.read_text(encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        parse_policy(_with(text, basic="unit_price = 32.5"))
    assert [key for key, _ in caught.value.problems] == ["plans.basic.unit_price"]
    with pytest.raises(PolicyError) as caught:
        parse_policy(_with(text, basic='callout_fee = "-1"'))
    assert [key for key, _ in caught.value.problems] == ["plans.basic.callout_fee"]


def test_each_day_has_the_prices_of_the_contract_in_force(priced: Policy):
    enterprise_2026 = Term(1, "enterprise", date(2026, 1, 1), date(2026, 12, 31))
    book = price_book(priced, [enterprise_2026])
    assert book.on(date(2026, 12, 31)).unit_price == D("32.00")
    assert book.on(date(2027, 1, 1)).unit_price == D("50.00")  # no contract: plan "none"
    assert book.on(None).unit_price == D("50.00")
    # an overlapping later contract on Basic wins from its first day
    basic = Term(2, "basic", date(2026, 7, 1), date(2027, 6, 30))
    book = price_book(priced, [enterprise_2026, basic])
    assert book.on(date(2026, 6, 30)).unit_price == D("32.00")
    assert book.on(date(2026, 7, 1)).unit_price == D("40.00")
    # a plan the policy does not know is no contract (as for the plan served under)
    gone = Term(3, "gold", date(2026, 1, 1), date(2026, 12, 31))
    assert price_book(priced, [gone]).on(date(2026, 5, 5)).unit_price == D("50.00")


def _session(start, minutes: int, kind: str = "on_site") -> WorkSession:
    return WorkSession(start, start + timedelta(minutes=minutes), kind)


def test_the_bill_uses_the_price_of_each_day_of_work(priced: Policy):
    """An Enterprise contract ends on Thursday 31/12/2026.  On site that day 65 minutes
    (4 scatti × 32,00 = 128,00; the visit's call-out is the plan's 0,00), then 20 minutes
    remote on Monday 04/01/2027, without a contract (1 scatto × 50,00): 178,00 €."""
    book = price_book(priced, [Term(1, "enterprise", date(2026, 1, 1), date(2026, 12, 31))])
    arrived = rome(2026, 12, 31, 10, 0)
    job = Job(
        FreeFacts(work_date=date(2026, 12, 31)), on_site=True, on_site_at=arrived, prices=book
    )
    sessions = [_session(arrived, 65), _session(rome(2027, 1, 4, 9, 0), 20, "remote")]
    result = bill(priced.billing, priced.plan("enterprise").calendar, job, sessions, [])
    assert [(ln.kind, ln.quantity, ln.unit_price, ln.amount) for ln in result.lines] == [
        ("labour", D(4), D("32.00"), D("128.00")),
        ("labour", D(1), D("50.00"), D("50.00")),
    ]  # no call-out line: the plan's fee on the day of the visit is nothing
    assert result.taxable == D("178.00")
    assert [p.plan for p in result.prices] == ["enterprise", "none"]


def test_the_call_out_is_the_price_of_the_day_of_the_visit(priced: Policy):
    """The visit on Monday 04/01/2027, after the contract: 2 scatti × 50,00 + the
    no-contract plan's call-out, [billing]'s 30,00 = 130,00 €."""
    book = price_book(priced, [Term(1, "enterprise", date(2026, 1, 1), date(2026, 12, 31))])
    visit = rome(2027, 1, 4, 9, 0)
    job = Job(FreeFacts(work_date=visit.date()), on_site=True, on_site_at=visit, prices=book)
    result = bill(priced.billing, priced.plan("basic").calendar, job, [_session(visit, 40)], [])
    assert [(ln.kind, ln.amount) for ln in result.lines] == [
        ("labour", D("100.00")),
        ("callout", D("30.00")),
    ]
    assert result.prices == (Prices(D("50.00"), D("30.00"), "none"),)


def test_without_a_price_book_the_bill_is_billings_as_before(priced: Policy):
    start = rome(2026, 11, 23, 9, 0)
    result = bill(priced.billing, priced.plan("basic").calendar, Job(), [_session(start, 21)], [])
    assert result.labour == D("80.00")  # 2 × 40,00
    assert result.prices == (Prices(D("40.00"), D("30.00")),)
    empty = PriceBook(Prices(D("12.00"), D("0.00")))
    assert bill(
        priced.billing, priced.plan("basic").calendar, Job(prices=empty), [], []
    ).prices == (Prices(D("12.00"), D("0.00")),)


# examples.md "Billing" (20-minute scatti, rounded up per session) at the Enterprise
# plan's own 32,00 € on a day its contract is in force, and at the no-contract plan's
# 50,00 € the day after it ended: scatti × the day's price.
@pytest.mark.parametrize(
    ("minutes", "units", "under_contract", "after_it"),
    [
        (7, 1, "32.00", "50.00"),
        (20, 1, "32.00", "50.00"),
        (21, 2, "64.00", "100.00"),
        (65, 4, "128.00", "200.00"),
        (0, 0, "0.00", "0.00"),
    ],
)
def test_examples_billing_rows_at_the_contracts_price(
    priced: Policy, minutes, units, under_contract, after_it
):
    book = price_book(priced, [Term(1, "enterprise", date(2026, 1, 1), date(2026, 12, 31))])
    calendar = priced.plan("enterprise").calendar
    for start, amount in (
        (rome(2026, 12, 31, 10, 0), under_contract),
        (rome(2027, 1, 1, 10, 0), after_it),
    ):
        result = bill(priced.billing, calendar, Job(prices=book), [_session(start, minutes)], [])
        assert (result.units, result.labour) == (units, D(amount))
