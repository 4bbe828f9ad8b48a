"""The team's figures over time (issue "charts"): compliance per plan month by month,
missed clocks per customer, scatti per technician week by week, the queue day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from techconsole.services.customers import registry as customers
from techconsole.services.errors import NotAllowed
from techconsole.services.incidents import closing, ownership, workflow
from techconsole.services.team import stats
from techconsole.services.work import timer

from .support import open_, rome


def test_only_a_lead_sees_them(ctx):
    with pytest.raises(NotAllowed):
        stats.team_stats(ctx.as_("bruno"))


def test_the_figures_from_what_was_done(ctx, clock):
    """Monday 23/11/2026 10:00.  Basic (office hours 9–13, 14–18): A = 4 h, B = 8 h.
    One A taken in charge at 10:30 (met), one A at 16:00 the next day (missed: due
    Monday 15:00), one B never taken in charge; bruno works 50 minutes on the first (3
    scatti of 20 minutes, rounded up)."""
    met = open_(ctx, "Server fermo", severity="A")
    late = open_(ctx, "Posta lenta", severity="A")
    open_(ctx, "Toner", severity="B")
    bruno = ctx.as_("bruno")
    ownership.claim(bruno, met.number)
    clock.value = rome(2026, 11, 23, 10, 30)
    workflow.acknowledge(bruno, met.number, estimate=clock.value + timedelta(days=1))
    timer.start(bruno, met.number)
    clock.value = rome(2026, 11, 23, 11, 20)
    timer.stop(bruno)
    clock.value = rome(2026, 11, 24, 16, 0)
    workflow.acknowledge(ctx, late.number, estimate=clock.value + timedelta(hours=1))
    closing.resolve(bruno, met.number, resolved=True)
    clock.value = rome(2026, 11, 30, 9, 0)

    found = stats.team_stats(ctx, months=2, weeks=2, days=9)
    assert found.months == ("2026-10", "2026-11")
    basic = {c.month: (c.stopped, c.met) for c in found.compliance if c.plan == "basic"}
    assert basic == {"2026-10": (0, 0), "2026-11": (2, 1)}
    assert [(m.customer, m.missed) for m in found.misses] == [("Ottica Esempio S.n.c.", 1)]
    assert found.weeks == (date(2026, 11, 23), date(2026, 11, 30))
    assert [(s.week, s.login, s.scatti) for s in found.scatti] == [(date(2026, 11, 23), "bruno", 3)]
    # open at the end of each day: 3 from Monday (the first resolved on Tuesday 16:00)
    queue = {d.day: d.open for d in found.queue}
    assert queue[date(2026, 11, 22)] == 0
    assert queue[date(2026, 11, 23)] == 3
    assert queue[date(2026, 11, 24)] == 2
    assert queue[date(2026, 11, 30)] == 2


#: eight names that differ only by case: the same customer name to the eye
ROSSI = (
    "Rossi srl",
    "ROSSI SRL",
    "rossi srl",
    "Rossi SRL",
    "ROSSI srl",
    "rossi SRL",
    "Rossi Srl",
    "rOSSI sRL",
)


def test_customers_of_one_name_with_as_many_misses_in_the_order_recorded(ctx, clock):
    """Eight customers whose names differ only by case, each missing one clock: after
    the most misses and the name (case aside), the customer recorded first comes first,
    always (on PostgreSQL they came in the database's order)."""
    numbers = []
    for name in ROSSI:
        customer = customers.add_customer(ctx, customers.NewCustomer(name))
        customers.add_contract(ctx, customer.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
        numbers.append(open_(ctx, "Server fermo", severity="A", customer=customer.id).number)
    late = open_(ctx, "Posta lenta", severity="A")  # one more miss: Ottica Esempio first
    clock.value = rome(2026, 11, 24, 16, 0)  # due Monday 15:00 (A = 4 office hours)
    for number in [late.number, *numbers]:
        workflow.acknowledge(ctx, number, estimate=clock.value + timedelta(hours=1))
    toner = open_(ctx, "Toner", severity="A")  # Ottica Esempio's second miss
    clock.value = rome(2026, 11, 30, 9, 0)
    workflow.acknowledge(ctx, toner.number, estimate=clock.value + timedelta(hours=1))

    with ctx.db.engine.begin() as connection:
        # the statistics a database in use has (autovacuum gathers them): on PostgreSQL
        # the misses are then counted by hashing, and come out in no order of their own
        connection.execute(text("ANALYZE clock_outcome"))

    found = stats.team_stats(ctx, months=2, weeks=2, days=9)
    assert [(m.customer, m.missed) for m in found.misses] == [
        ("Ottica Esempio S.n.c.", 2),
        *((name, 1) for name in ROSSI),
    ]
