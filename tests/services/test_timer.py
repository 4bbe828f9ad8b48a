"""The work timer through the services: start, stop, status, switching, overlaps, stale
timers, corrections (audited) and the session list."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from techconsole.services.context import Context
from techconsole.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotFound,
)
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import timer
from techconsole.store.work import WorkSession

from .support import eight_logins, open_, refused, rome


def _events(ctx: Context, number: str, kind: str) -> list[dict]:
    return [dict(e.data) for e in incidents.show(ctx, number).timeline if e.kind == kind]


# --- start, status, stop ----------------------------------------------------------------


def test_the_running_timer_knows_whether_its_incident_is_free(ctx, clock):
    """What the timer bar shows beside the amount: the incident's bill is free of charge
    (warranty here); unknown (``None``) in listings, which do not work bills out."""
    paid, free = open_(ctx).number, open_(ctx).number
    workflow.triage(ctx, free, warranty=True)
    bruno = ctx.as_("bruno")
    assert timer.start(bruno, paid).free is False
    clock.advance(minutes=5)
    assert timer.status(bruno).free is False  # type: ignore[union-attr]
    switched = timer.start(bruno, free, switch=True)
    assert switched.free is True
    clock.advance(minutes=25)
    running = timer.status(bruno)
    assert running is not None and running.free is True and running.amount == Decimal("80.00")
    stopped = timer.stop(bruno)
    assert stopped.free is True and stopped.units == 2
    assert [s.free for s in timer.sessions(bruno)] == [False, True]  # the listing knows too


def test_start_status_and_stop(ctx, clock):
    number = open_(ctx).number
    bruno = ctx.as_("bruno")
    assert timer.status(bruno) is None

    started = timer.start(bruno, number, kind="on_site")
    assert started.running
    assert started.incident == number
    assert started.technician == "bruno"
    assert started.kind == "on_site"
    assert started.started_at == rome(2026, 11, 23, 10, 0)
    assert started.units == 0
    assert not started.stale

    clock.advance(minutes=65)
    running = timer.status(bruno)
    assert running is not None
    assert running.id == started.id
    assert running.running
    assert running.started_at == rome(2026, 11, 23, 10, 0)
    assert running.elapsed(clock()) == timedelta(minutes=65)
    assert running.units == 4  # so far
    assert timer.status(ctx) is None  # anna has no timer of her own

    stopped = timer.stop(bruno, note="RAM sostituita")
    assert not stopped.running
    assert stopped.ended_at == rome(2026, 11, 23, 11, 5)
    assert stopped.units == 4
    assert stopped.amount == Decimal("160.00")
    assert stopped.note == "RAM sostituita"
    assert timer.status(bruno) is None

    (start_event,) = _events(ctx, number, "timer_started")
    assert start_event == {"session_id": started.id, "session_kind": "on_site"}
    (stop_event,) = _events(ctx, number, "timer_stopped")
    assert stop_event == {"session_id": started.id, "minutes": 65, "units": 4}


def test_a_start_is_committed_before_it_returns(ctx, make_ctx):
    number = open_(ctx).number
    started = timer.start(ctx, number)
    # another program (its own database connection) sees it at once
    other = make_ctx("anna")
    running = timer.status(other)
    assert running is not None
    assert running.id == started.id
    assert running.started_at == started.started_at


@pytest.mark.parametrize(
    ("minutes", "units", "amount"),
    [
        (7, 1, "40.00"),
        (20, 1, "40.00"),
        (21, 2, "80.00"),
        (65, 4, "160.00"),
        (0, 0, "0.00"),  # started and stopped at once: nothing billed, the session is kept
    ],
)
def test_billing_examples_per_session(ctx, clock, minutes, units, amount):
    number = open_(ctx).number
    timer.start(ctx, number)
    clock.advance(minutes=minutes)
    stopped = timer.stop(ctx)
    assert stopped.units == units
    assert stopped.amount == Decimal(amount)
    (kept,) = timer.sessions(ctx, incident=number)
    assert kept.elapsed(clock()) == timedelta(minutes=minutes)
    assert kept.units == units


def test_times_entered_after_the_fact(ctx, clock):
    number = open_(ctx).number
    clock.value = rome(2026, 11, 23, 17, 0)
    started = timer.start(ctx, number, kind="phone", at=rome(2026, 11, 23, 15, 0))
    assert started.started_at == rome(2026, 11, 23, 15, 0)
    stopped = timer.stop(ctx, at=rome(2026, 11, 23, 15, 21))
    assert stopped.ended_at == rome(2026, 11, 23, 15, 21)
    assert stopped.units == 2
    (stop_event,) = incidents.show(ctx, number).timeline[-1:]
    assert stop_event.kind == "timer_stopped"
    assert stop_event.at == rome(2026, 11, 23, 15, 21)


def test_bad_starts_and_stops_are_refused(ctx, clock):
    number = open_(ctx).number
    refused(ctx, InvalidInput, timer.start, ctx, number, kind="holiday", match="kind is one of")
    refused(
        ctx,
        InvalidInput,
        timer.start,
        ctx,
        number,
        at=clock() + timedelta(hours=1),
        match="in the future",
    )
    refused(ctx, NotFound, timer.start, ctx, "2026-000999")
    refused(ctx, InvalidTransition, timer.stop, ctx, match="no timer is running")

    timer.start(ctx, number)
    clock.advance(minutes=30)
    refused(
        ctx,
        InvalidInput,
        timer.stop,
        ctx,
        at=rome(2026, 11, 23, 9, 59),
        match="before the start",
    )
    refused(ctx, InvalidInput, timer.stop, ctx, at=clock() + timedelta(hours=1))
    assert timer.status(ctx) is not None  # still running


def test_no_timer_on_a_closed_incident(ctx):
    number = open_(ctx).number
    closing.resolve(ctx, number, resolved=True)
    closing.close(ctx, number)
    refused(ctx, InvalidTransition, timer.start, ctx, number, match="closed")


# --- one running timer per technician ---------------------------------------------------


def test_a_second_start_is_refused(ctx, clock):
    first, second = open_(ctx, "Primo").number, open_(ctx, "Secondo").number
    timer.start(ctx, first)
    clock.advance(minutes=10)
    refused(ctx, Conflict, timer.start, ctx, second, match=f"running on {first}")
    # another technician may work at the same time
    assert timer.start(ctx.as_("bruno"), second).running


def test_switch_stops_the_first_timer_at_the_new_start(ctx, clock):
    first, second = open_(ctx, "Primo").number, open_(ctx, "Secondo").number
    one = timer.start(ctx, first)
    clock.advance(minutes=25)
    two = timer.start(ctx, second, kind="remote", switch=True)
    assert two.running
    assert two.incident == second
    assert two.started_at == rome(2026, 11, 23, 10, 25)

    (done,) = timer.sessions(ctx, incident=first)
    assert done.id == one.id
    assert done.ended_at == rome(2026, 11, 23, 10, 25)
    assert done.units == 2
    assert done.note == f"switched to {second}"
    status = timer.status(ctx)
    assert status is not None
    assert status.id == two.id


def test_the_database_itself_allows_one_running_timer(ctx, clock):
    number = open_(ctx).number
    running = timer.start(ctx, number)
    now = clock()
    with pytest.raises(IntegrityError), ctx.db.write() as session:  # noqa: PT012
        session.add(
            WorkSession(
                incident_id=running.incident_id,
                technician_id=1,
                started_at=now,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()


# --- overlaps -----------------------------------------------------------------------------


def test_overlapping_sessions_are_refused(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number
    clock.value = rome(2026, 11, 23, 16, 0)
    timer.start(ctx, number, at=rome(2026, 11, 23, 10, 0))
    timer.stop(ctx, at=rome(2026, 11, 23, 11, 0))

    # a past session that starts inside the existing one
    refused(
        ctx,
        Conflict,
        timer.start,
        ctx,
        number,
        at=rome(2026, 11, 23, 10, 30),
        match=r"overlaps your session #1 \(23/11/2026 10:00–11:00\)",
    )
    # touching is not overlapping
    back_to_back = timer.start(ctx, number, at=rome(2026, 11, 23, 11, 0))
    assert back_to_back.started_at == rome(2026, 11, 23, 11, 0)
    timer.stop(ctx, at=rome(2026, 11, 23, 11, 40))

    # an earlier session entered after the fact: it may start before the others, but it
    # cannot end inside one of them
    early = timer.start(ctx, number, at=rome(2026, 11, 23, 9, 0))
    refused(ctx, Conflict, timer.stop, ctx, match="overlaps your session #1")
    refused(ctx, Conflict, timer.stop, ctx, at=rome(2026, 11, 23, 10, 1), match="overlaps")
    assert timer.stop(ctx, at=rome(2026, 11, 23, 10, 0)).units == 3
    assert [(s.id, s.started_at) for s in timer.sessions(ctx)] == [
        (early.id, rome(2026, 11, 23, 9, 0)),
        (1, rome(2026, 11, 23, 10, 0)),
        (back_to_back.id, rome(2026, 11, 23, 11, 0)),
    ]
    # another technician's sessions do not count
    assert timer.start(ctx.as_("bruno"), number, at=rome(2026, 11, 23, 10, 30)).running


# --- stale timers -------------------------------------------------------------------------


def test_sessions_that_started_at_one_time_are_listed_in_the_order_recorded(ctx, clock):
    """Eight people on one incident, half of them since 9:00, half since 9:30: the list
    is by start, then in the order the sessions were recorded (PostgreSQL's sort of
    equal starts did not keep it)."""
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number
    logins = eight_logins(ctx)
    for n, login in enumerate(logins):
        timer.start(ctx.as_(login), number, at=rome(2026, 11, 23, 9, 30 if n % 2 else 0))
    listed = [(s.started_at, s.id) for s in timer.sessions(ctx, incident=number)]
    assert listed == sorted(listed)
    assert [s.technician for s in timer.sessions(ctx, everyone=True)][:4] == logins[::2]


def test_a_timer_running_longer_than_the_policy_limit_is_stale(ctx, clock):
    assert ctx.policy.stale_timer_after == timedelta(hours=10)
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 7, 0)).number
    clock.value = rome(2026, 11, 23, 8, 0)
    timer.start(ctx, number)
    clock.value = rome(2026, 11, 23, 18, 0)  # exactly 10 h: not yet
    status = timer.status(ctx)
    assert status is not None
    assert not status.stale
    clock.advance(minutes=1)
    status = timer.status(ctx)
    assert status is not None
    assert status.stale
    # the technician gives the real end; the session is no longer stale
    stopped = timer.stop(ctx, at=rome(2026, 11, 23, 12, 30))
    assert not stopped.stale
    assert stopped.units == 14  # 4 h 30 min


def test_a_timer_running_across_local_midnight_is_stale(ctx, clock):
    number = open_(ctx).number
    clock.value = rome(2026, 11, 23, 23, 0)
    timer.start(ctx, number)
    clock.value = rome(2026, 11, 23, 23, 59)
    status = timer.status(ctx)
    assert status is not None
    assert not status.stale
    clock.value = rome(2026, 11, 24, 0, 30)  # only 1 h 30 min, but another day
    status = timer.status(ctx)
    assert status is not None
    assert status.stale
    assert [s.stale for s in timer.sessions(ctx)] == [True]
    timer.stop(ctx, at=rome(2026, 11, 23, 23, 45))


def test_midnight_is_local_not_utc(ctx, clock):
    number = open_(ctx).number
    # 00:30 in Rome is 23:30 UTC of the day before; an hour later the UTC date has
    # changed, the local one has not
    clock.value = rome(2026, 11, 24, 0, 30)
    timer.start(ctx, number)
    clock.value = rome(2026, 11, 24, 1, 30)
    status = timer.status(ctx)
    assert status is not None
    assert not status.stale


# --- corrections ------------------------------------------------------------------------


def test_an_edit_is_audited_with_old_and_new_values(ctx, clock):
    number = open_(ctx).number
    bruno = ctx.as_("bruno")
    session = timer.start(bruno, number, kind="remote")
    clock.advance(minutes=65)
    timer.stop(bruno)
    clock.advance(hours=2)

    edited = timer.edit(bruno, session.id, end_at=rome(2026, 11, 23, 11, 20), kind="on_site")
    assert edited.ended_at == rome(2026, 11, 23, 11, 20)
    assert edited.kind == "on_site"
    assert edited.units == 4  # 80 min

    (event,) = _events(ctx, number, "session_edited")
    instants = {
        key: datetime.fromisoformat(value)
        for key, value in event.items()
        if key.endswith(("start", "end"))
    }
    assert instants == {
        "old_start": rome(2026, 11, 23, 10, 0),
        "old_end": rome(2026, 11, 23, 11, 5),
        "start": rome(2026, 11, 23, 10, 0),
        "end": rome(2026, 11, 23, 11, 20),
    }
    assert event["session_id"] == session.id
    assert event["old_kind"] == "remote"
    assert event["session_kind"] == "on_site"
    (row,) = [a for a in incidents.audit_trail(ctx) if a.action == "incident.session_edited"]
    assert row.actor == "bruno"
    assert row.entity == "incident"
    assert row.at == clock()
    assert row.data["old_end"] == event["old_end"]
    assert row.data["end"] == event["end"]

    # a lead may correct anyone's session, and that is audited under the lead's name
    timer.edit(ctx, session.id, start_at=rome(2026, 11, 23, 10, 5))
    audits = [a for a in incidents.audit_trail(ctx) if a.action == "incident.session_edited"]
    assert [a.actor for a in audits] == ["bruno", "anna"]
    (corrected,) = timer.sessions(ctx, technician="bruno")
    assert corrected.started_at == rome(2026, 11, 23, 10, 5)
    assert corrected.units == 4  # 75 min


def test_bad_edits_are_refused(ctx, clock):
    number = open_(ctx).number
    clock.value = rome(2026, 11, 23, 16, 0)
    first = timer.start(ctx, number, at=rome(2026, 11, 23, 10, 0))
    timer.stop(ctx, at=rome(2026, 11, 23, 11, 0))
    timer.start(ctx, number, at=rome(2026, 11, 23, 12, 0))
    timer.stop(ctx, at=rome(2026, 11, 23, 13, 0))

    refused(ctx, NotFound, timer.edit, ctx, 999, note="x")
    refused(
        ctx,
        InvalidInput,
        timer.edit,
        ctx,
        first.id,
        end_at=rome(2026, 11, 23, 9, 0),
        match="end before it starts",
    )
    overlapping = rome(2026, 11, 23, 12, 30)
    refused(ctx, Conflict, timer.edit, ctx, first.id, end_at=overlapping, match="overlaps")
    refused(ctx, InvalidInput, timer.edit, ctx, first.id, kind="holiday")
    refused(ctx, InvalidInput, timer.edit, ctx, first.id, end_at=clock() + timedelta(hours=2))
    # a technician corrects only their own sessions
    refused(
        ctx,
        NotAllowed,
        timer.edit,
        ctx.as_("bruno"),
        first.id,
        note="mine now",
        match="your own sessions",
    )


# --- the list -----------------------------------------------------------------------------


def test_sessions_by_technician_month_and_incident(ctx, clock):
    october = rome(2026, 10, 1, 9, 0)
    one = open_(ctx, "Primo", arrived_at=october).number
    two = open_(ctx, "Secondo", arrived_at=october).number
    bruno = ctx.as_("bruno")
    clock.value = rome(2026, 12, 1, 12, 0)
    # 00:30 on 1 November in Rome is still 31 October in UTC: it belongs to November
    timer.start(ctx, one, at=rome(2026, 11, 1, 0, 30))
    timer.stop(ctx, at=rome(2026, 11, 1, 1, 0))
    timer.start(ctx, two, at=rome(2026, 10, 31, 22, 0))
    timer.stop(ctx, at=rome(2026, 10, 31, 23, 0))
    timer.start(bruno, two, at=rome(2026, 11, 30, 9, 0))
    timer.stop(bruno, at=rome(2026, 11, 30, 10, 0))
    timer.start(bruno, one, at=rome(2026, 12, 1, 9, 0))

    def starts(rows):
        return [s.started_at for s in rows]

    assert starts(timer.sessions(ctx)) == [rome(2026, 10, 31, 22, 0), rome(2026, 11, 1, 0, 30)]
    assert starts(timer.sessions(ctx, month="2026-11")) == [rome(2026, 11, 1, 0, 30)]
    assert starts(timer.sessions(ctx, month="2026-10")) == [rome(2026, 10, 31, 22, 0)]
    assert starts(timer.sessions(ctx, technician="bruno")) == [
        rome(2026, 11, 30, 9, 0),
        rome(2026, 12, 1, 9, 0),
    ]
    assert starts(timer.sessions(ctx, technician="bruno", month="2026-12")) == [
        rome(2026, 12, 1, 9, 0)
    ]
    assert [s.technician for s in timer.sessions(ctx, everyone=True, month="2026-11")] == [
        "anna",
        "bruno",
    ]
    assert [(s.technician, s.running) for s in timer.sessions(ctx, incident=one)] == [
        ("anna", False),
        ("bruno", True),
    ]
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        timer.sessions(ctx, month="2026-13")
