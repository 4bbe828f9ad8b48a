"""Contracts through the services, on SQLite and PostgreSQL (seed 001): "La sottoscrizione
di un piano ha una durata minima di un anno con pagamento anticipato".

The ``ctx`` fixture's customer #1, Ottica, has a Basic contract for 2026 (01/01 to 31/12);
the clock is Monday 23/11/2026 10:00 in Rome unless a test moves it.  Every expected day
is counted on the calendar by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.customers import contracts, covers
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents import reading

from .support import open_, refused, rome


def _audit(ctx, action: str) -> list[dict]:
    return [a.data for a in reading.audit_trail(ctx, entity="contract") if a.action == action]


# --- "una durata minima di un anno" ------------------------------------------------------


def test_a_contract_shorter_than_a_year_is_refused(ctx):
    """(001) "una durata minima di un anno": three months from 01/01/2027 are refused,
    with the first day the contract may end on, 31/12/2027; nothing is written."""
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    caught = refused(
        ctx,
        InvalidInput,
        contracts.add_contract,
        ctx,
        bar,
        "basic",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert str(caught.value) == (
        "a contract lasts at least 12 months under this policy: from 01/01/2027 it ends on "
        "31/12/2027 or later, not on 31/03/2027"
    )
    refused(
        ctx,
        InvalidInput,
        contracts.add_contract,
        ctx,
        bar,
        "basic",
        date(2027, 1, 1),
        date(2027, 12, 30),
        match="31/12/2027 or later",
    )
    year = contracts.add_contract(ctx, bar, "basic", date(2027, 1, 1), date(2027, 12, 31))
    assert (year.starts_on, year.ends_on) == (date(2027, 1, 1), date(2027, 12, 31))
    two = contracts.add_contract(ctx, bar, "basic", date(2028, 1, 1), date(2029, 12, 31))
    assert two.ends_on == date(2029, 12, 31)  # longer than the minimum is fine


@pytest.mark.usefixtures("italian")
def test_the_refusal_in_italian(ctx):
    first, last = date(2027, 1, 1), date(2027, 3, 31)
    caught = refused(ctx, InvalidInput, contracts.add_contract, ctx, 1, "basic", first, last)
    assert str(caught.value) == (
        "con questa policy un contratto dura almeno 12 mesi: se inizia il 01/01/2027 scade "
        "il 31/12/2027 o dopo, non il 31/03/2027"
    )


def test_a_policy_without_a_minimum_takes_any_length(make_ctx):
    """client-contract (seed 004) names no length: three months are recorded."""
    from techconsole.services.team import members as team

    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
    short = contracts.add_contract(ctx, studio, "client", date(2026, 11, 1), date(2027, 1, 31))
    assert short.ends_on == date(2027, 1, 31)


# --- "con pagamento anticipato" ----------------------------------------------------------


def test_the_day_a_contract_was_paid_is_recorded(ctx, clock):
    """(001) "con pagamento anticipato": the payment's day is kept with the contract; a
    contract in force without it is said unpaid where the policy wants it in advance."""
    ottica = covers.contracts(ctx)[0]
    assert (ottica.customer, ottica.paid_on, ottica.unpaid) == ("Ottica Esempio S.n.c.", None, True)
    paid = contracts.record_payment(ctx, "Ottica", date(2025, 12, 20))
    assert (paid.id, paid.paid_on) == (1, date(2025, 12, 20))
    assert customers.show_customer(ctx, 1).contracts[0].paid_on == date(2025, 12, 20)
    assert covers.contracts(ctx)[0].unpaid is False
    renewal = contracts.add_contract(
        ctx, 1, "basic", date(2027, 1, 1), date(2027, 12, 31), paid_on=date(2026, 12, 15)
    )
    assert renewal.paid_on == date(2026, 12, 15)
    again = contracts.record_payment(ctx, 1, date(2026, 12, 18))  # the last one: 2027's
    assert (again.id, again.paid_on) == (renewal.id, date(2026, 12, 18))
    assert _audit(ctx, "contract.paid") == [
        {"customer": "Ottica Esempio S.n.c.", "paid_on": "2025-12-20"},
        {"customer": "Ottica Esempio S.n.c.", "paid_on": "2026-12-18", "before": "2026-12-15"},
    ]
    refused(
        ctx,
        NotFound,
        contracts.record_payment,
        ctx,
        1,
        date(2026, 1, 1),
        99,
        match="no contract #99",
    )
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    refused(
        ctx,
        InvalidInput,
        contracts.record_payment,
        ctx,
        bar,
        date(2026, 1, 1),
        match="no contract to record a payment for",
    )
    refused(
        ctx.as_("bruno"),
        NotAllowed,
        contracts.record_payment,
        ctx.as_("bruno"),
        1,
        date(2026, 1, 1),
        match="only a team lead",
    )


# --- renewal in one step -----------------------------------------------------------------


def test_a_renewal_follows_the_last_contract_on_the_same_plan(ctx):
    """The 2026 contract (to 31/12/2026) renewed: 01/01/2027 to 31/12/2027, Basic; renewed
    again on Enterprise for two years: 01/01/2028 to 31/12/2029."""
    first = contracts.renew_contract(ctx, "Ottica")
    assert (first.plan, first.starts_on, first.ends_on, first.active) == (
        "basic",
        date(2027, 1, 1),
        date(2027, 12, 31),
        False,
    )
    second = contracts.renew_contract(
        ctx, 1, months=24, plan="enterprise", paid_on=date(2027, 12, 1)
    )
    assert (second.plan, second.starts_on, second.ends_on, second.paid_on) == (
        "enterprise",
        date(2028, 1, 1),
        date(2029, 12, 31),
        date(2027, 12, 1),
    )
    assert [(k.id, k.ends_on) for k in customers.show_customer(ctx, 1).contracts] == [
        (1, date(2026, 12, 31)),
        (first.id, date(2027, 12, 31)),
        (second.id, date(2029, 12, 31)),
    ]
    assert _audit(ctx, "contract.renew") == [
        {
            "customer": "Ottica Esempio S.n.c.",
            "renews": 1,
            "plan": "basic",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "months": 12,
        },
        {
            "customer": "Ottica Esempio S.n.c.",
            "renews": first.id,
            "plan": "enterprise",
            "starts_on": "2028-01-01",
            "ends_on": "2029-12-31",
            "months": 24,
            "paid_on": "2027-12-01",
        },
    ]


def test_a_renewal_keeps_the_minimum_and_needs_a_contract(ctx, clock):
    refused(
        ctx,
        InvalidInput,
        contracts.renew_contract,
        ctx,
        1,
        months=3,
        match="from 01/01/2027 it ends on 31/12/2027 or later, not on 31/03/2027",
    )
    refused(
        ctx,
        InvalidInput,
        contracts.renew_contract,
        ctx,
        1,
        plan="none",
        match="not a contract plan",
    )
    refused(
        ctx.as_("bruno"),
        NotAllowed,
        contracts.renew_contract,
        ctx.as_("bruno"),
        1,
        match="only a team lead can record contracts",
    )
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    refused(
        ctx,
        InvalidInput,
        contracts.renew_contract,
        ctx,
        bar,
        match="Bar Sport has no contract to renew",
    )
    # two years later the 2026 contract renewed for a year would be over already
    clock.value = rome(2028, 3, 1, 10, 0)
    refused(
        ctx,
        InvalidInput,
        contracts.renew_contract,
        ctx,
        1,
        match="ended on 31/12/2026: a renewal from 01/01/2027 to 31/12/2027 would be over",
    )


# --- contracts about to end --------------------------------------------------------------


@pytest.fixture
def december(ctx, clock):
    """Friday 04/12/2026: Ottica's contract ends on 31/12 (in 27 days); Bar Sport's,
    05/01/2026 to 04/01/2027, in 31 days; Farmacia's runs to 30/06/2027."""
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    contracts.add_contract(ctx, bar, "professional", date(2026, 1, 5), date(2027, 1, 4))
    farmacia = customers.add_customer(ctx, customers.NewCustomer("Farmacia Centrale")).id
    contracts.add_contract(ctx, farmacia, "enterprise", date(2026, 7, 1), date(2027, 6, 30))
    customers.add_customer(ctx, customers.NewCustomer("Senza Contratto"))
    clock.value = rome(2026, 12, 4, 10, 0)
    return {"ottica": 1, "bar": bar, "farmacia": farmacia}


def test_contracts_ending_within_the_window_are_listed_for_the_lead(ctx, december):
    """The default policy's ``expiring_days`` is 30: Ottica (27 days) is listed, Bar Sport
    (31 days) is not, unless the window is 31 days."""
    every = covers.contracts(ctx)
    assert [(c.customer, c.ends_on, c.days_left, c.expiring) for c in every] == [
        ("Ottica Esempio S.n.c.", date(2026, 12, 31), 27, True),
        ("Bar Sport", date(2027, 1, 4), 31, False),
        ("Farmacia Centrale", date(2027, 6, 30), 208, False),  # 27 + 31+28+31+30+31+30
    ]
    soon = covers.contracts(ctx, expiring=True)
    assert [(c.customer, c.plan, c.plan_label, c.renewed) for c in soon] == [
        ("Ottica Esempio S.n.c.", "basic", "Basic 8×5", False)
    ]
    assert [c.customer for c in covers.contracts(ctx, expiring=True, within_days=31)] == [
        "Ottica Esempio S.n.c.",
        "Bar Sport",
    ]
    assert covers.contracts(ctx, expiring=True, within_days=0) == []
    with pytest.raises(InvalidInput, match="from 0 to 3660"):
        covers.contracts(ctx, expiring=True, within_days=-1)


def test_a_renewed_contract_is_no_longer_about_to_end(ctx, december):
    renewal = contracts.renew_contract(ctx, "Ottica")
    assert covers.contracts(ctx, expiring=True) == []
    every = covers.contracts(ctx)
    assert [c.customer for c in every] == [
        "Bar Sport",
        "Farmacia Centrale",
        "Ottica Esempio S.n.c.",
    ]
    ottica = every[2]
    assert (ottica.customer, ottica.contract_id, ottica.last_contract_id) == (
        "Ottica Esempio S.n.c.",
        1,
        renewal.id,
    )
    assert (ottica.ends_on, ottica.days_left, ottica.renewed) == (date(2027, 12, 31), 392, True)


def test_the_incident_shows_until_when_the_customer_is_under_contract(ctx, december, clock):
    """The incident screen's facts: "contract ends 31/12/2026, in 27 days"."""
    number = open_(ctx, "Stampante bloccata").number
    detail = reading.show(ctx, number)
    assert detail.contract is not None
    assert (detail.contract.ends_on, detail.contract.days_left, detail.contract.expiring) == (
        date(2026, 12, 31),
        27,
        True,
    )
    clock.value = rome(2027, 1, 1, 10, 0)  # the contract has ended
    assert reading.show(ctx, number).contract is None
    other = open_(ctx, "Rete", customer="Senza Contratto").number
    assert reading.show(ctx, other).contract is None
