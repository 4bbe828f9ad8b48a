"""Priority for faults in our own software (seed 000, the istes preset): "Qualora ci
fossero dei malfunzionamenti sul software di nostra produzione ... sono presi in
considerazione con 'priorità elevata'".  In the queue read from the database (SQLite and
PostgreSQL) a fault in category "software" comes ahead of the other requests of its
class; a triage that makes it one moves it up."""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.incidents import ownership, queue, workflow
from techconsole.services.team import members as team

from .support import open_


@pytest.fixture
def istes(make_ctx, clock):
    ctx = make_ctx("anna", "istes")
    team.add_technician(ctx, "anna", "Anna Rossi")
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare")).id
    customers.add_contract(ctx, hotel, "basic", date(2026, 1, 1), date(2026, 12, 31))
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id  # no contract
    made = {}
    for key, customer, severity, category in (
        ("c-a", hotel, "A", "printer"),
        ("c-b", hotel, "B", ""),
        ("c-sw", hotel, "C", "software"),  # the latest and least severe of the contract ones
        ("n-a", bar, "A", ""),
        ("n-sw", bar, "C", "software"),
    ):
        made[key] = open_(ctx, key, customer=customer, severity=severity, category=category).number
        clock.advance(minutes=1)
    return ctx, made


def test_a_fault_in_our_software_comes_first_in_its_class(istes):
    ctx, made = istes
    listed = [r.number for r in queue.queue(ctx).rows]
    assert listed == [made[k] for k in ("c-sw", "c-a", "c-b", "n-sw", "n-a")]
    # the next to take is that fault
    assert ownership.claim_next(ctx).number == made["c-sw"]


def test_a_triage_into_the_category_moves_it_up(istes):
    ctx, made = istes
    workflow.triage(ctx, made["n-a"], category="software")
    listed = [r.number for r in queue.queue(ctx).rows]
    assert listed == [made[k] for k in ("c-sw", "c-a", "c-b", "n-a", "n-sw")]
