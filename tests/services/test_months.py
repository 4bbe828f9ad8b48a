"""Months closed for invoicing: leads close and reopen them (audited); the sessions and
materials of a closed month cannot change."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import text

from techconsole.services.errors import Conflict, InvalidInput, NotAllowed
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import materials, months, timer

from .support import eight_logins, open_, refused, rome


def _month_audits(ctx):
    return [(a.action, a.actor, a.data) for a in incidents.audit_trail(ctx, entity="month")]


def test_a_lead_closes_and_reopens_a_month_audited(ctx, clock):
    closed = months.close_month(ctx, "2026-10")
    assert closed.month == "2026-10"
    assert closed.closed
    assert closed.closed_by == "anna"
    assert closed.closed_at == clock()
    assert [(m.month, m.closed_by) for m in months.closed_months(ctx)] == [("2026-10", "anna")]

    clock.advance(hours=1)
    reopened = months.reopen_month(ctx, " 2026-10 ")
    assert reopened.month == "2026-10"
    assert not reopened.closed
    assert months.closed_months(ctx) == []
    assert _month_audits(ctx) == [
        ("month.close", "anna", {"month": "2026-10", "sessions": 0, "materials": 0}),
        ("month.reopen", "anna", {"month": "2026-10"}),
    ]


def test_the_audit_of_a_close_counts_the_work_it_covers(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 9, 1, 9, 0)).number
    # by local time: 23:30 on 31 October in Rome is October, 00:30 on 1 November is not
    for start in (rome(2026, 10, 1, 0, 30), rome(2026, 10, 31, 23, 30), rome(2026, 11, 1, 0, 30)):
        timer.start(ctx, number, at=start)
        timer.stop(ctx, at=start + timedelta(minutes=20))
    for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1)):
        materials.add_material(ctx, number, "RAM", quantity="1", unit_price="35", used_on=day)
    months.close_month(ctx, "2026-10")
    assert _month_audits(ctx) == [
        ("month.close", "anna", {"month": "2026-10", "sessions": 2, "materials": 2})
    ]


def test_a_month_that_has_not_begun_cannot_be_closed(ctx, clock):
    """23/11/2026: November may be closed (invoiced on its last days), December not yet —
    closed by mistake, it would refuse all of December's work."""
    refused(ctx, InvalidInput, months.close_month, ctx, "2026-12", match="has not begun yet")
    refused(ctx, InvalidInput, months.close_month, ctx, "2027-01", match="today is 23/11/2026")
    assert months.closed_months(ctx) == []
    assert months.close_month(ctx, "2026-11").closed


def test_a_technician_cannot_close_or_reopen(ctx):
    bruno = ctx.as_("bruno")
    refused(ctx, NotAllowed, months.close_month, bruno, "2026-10", match="only a team lead")
    months.close_month(ctx, "2026-10")
    refused(ctx, NotAllowed, months.reopen_month, bruno, "2026-10", match="only a team lead")


def test_bad_month_requests_are_refused(ctx):
    for bad in ("2026-13", "2026-1", "ottobre", "", "2026-10-01"):
        refused(ctx, InvalidInput, months.close_month, ctx, bad, match="YYYY-MM")
    refused(ctx, Conflict, months.reopen_month, ctx, "2026-10", match="not closed")
    months.close_month(ctx, "2026-10")
    refused(ctx, Conflict, months.close_month, ctx, "2026-10", match="already closed")


def test_a_closed_month_refuses_new_and_changed_sessions(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    october = timer.start(ctx, number, at=rome(2026, 10, 30, 9, 0))
    timer.stop(ctx, at=rome(2026, 10, 30, 10, 0))
    november = timer.start(ctx, number, at=rome(2026, 11, 2, 9, 0))
    timer.stop(ctx, at=rome(2026, 11, 2, 10, 0))
    months.close_month(ctx, "2026-10")

    # a session entered after the fact in October
    refused(
        ctx,
        NotAllowed,
        timer.start,
        ctx,
        number,
        at=rome(2026, 10, 29, 9, 0),
        match="2026-10 is closed for invoicing",
    )
    # correcting an October session, or moving a November one into October
    refused(ctx, NotAllowed, timer.edit, ctx, october.id, note="x", match="closed for invoicing")
    refused(
        ctx,
        NotAllowed,
        timer.edit,
        ctx,
        november.id,
        start_at=rome(2026, 10, 31, 23, 0),
        match="closed for invoicing",
    )
    # the month is by local time: 00:30 on 1 November in Rome is November
    moved = timer.edit(ctx, november.id, start_at=rome(2026, 11, 1, 0, 30), force=True)
    assert moved.started_at == rome(2026, 11, 1, 0, 30)

    # reopened, October can change again
    months.reopen_month(ctx, "2026-10")
    assert timer.edit(ctx, october.id, note="corretto").note == "corretto"


def test_the_current_month_closed_refuses_start_and_materials(ctx, clock):
    number = open_(ctx).number
    months.close_month(ctx, "2026-11")
    refused(ctx, NotAllowed, timer.start, ctx, number, match="2026-11 is closed")
    refused(
        ctx,
        NotAllowed,
        materials.add_material,
        ctx,
        number,
        "RAM 8 GB",
        quantity="1",
        unit_price="35.00",
        match="materials cannot change",
    )
    # the next month is open
    clock.value = rome(2026, 12, 1, 9, 0)
    assert timer.start(ctx, number).running
    assert materials.add_material(ctx, number, "RAM", quantity="1", unit_price="35").id == 1


def test_a_month_with_a_running_timer_cannot_be_closed(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    timer.start(ctx.as_("bruno"), number, at=rome(2026, 10, 31, 23, 0))
    refused(
        ctx,
        Conflict,
        months.close_month,
        ctx,
        "2026-10",
        match=r"still running \(bruno on .* since 31/10 23:00\)",
    )
    timer.stop(ctx.as_("bruno"), at=rome(2026, 11, 1, 0, 20))
    assert months.close_month(ctx, "2026-10").closed


def test_the_running_timers_a_close_is_refused_for_are_named_by_start(ctx, clock):
    """Eight timers, half since 22:00, half since 23:00: named by start, then in the order
    they were started (PostgreSQL's sort of equal starts did not keep it)."""
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    logins = eight_logins(ctx)
    for n, login in enumerate(logins):
        timer.start(ctx.as_(login), number, at=rome(2026, 10, 31, 23 if n % 2 else 22, 0))
    info = refused(ctx, Conflict, months.close_month, ctx, "2026-10")
    named = re.findall(r"(\w+) on 2026-000001", str(info.value))
    assert named == [*logins[::2], *logins[1::2]]


def test_a_running_timer_of_a_closed_month_cannot_be_stopped(ctx, clock):
    # close_month refuses while a timer of the month runs; a database where it happened
    # anyway (closed by hand, or by an older version) still refuses the change
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    timer.start(ctx, number, at=rome(2026, 10, 31, 22, 0))
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO closed_month (month, closed_at, closed_by) "
                "VALUES ('2026-10', :at, 'anna')"
            ),
            {"at": clock().replace(tzinfo=None)},
        )
    refused(ctx, NotAllowed, timer.stop, ctx, match="2026-10 is closed")
    refused(
        ctx,
        NotAllowed,
        timer.stop,
        ctx,
        at=rome(2026, 10, 31, 23, 0),
        match="work sessions cannot change",
    )
    months.reopen_month(ctx, "2026-10")
    assert timer.stop(ctx, at=rome(2026, 10, 31, 23, 0)).units == 3
