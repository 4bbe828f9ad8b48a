"""Work recorded after the fact (``timer.add``) and corrected (``timer.edit``): the timer's
bounds hold, each refusal says which input it is about (``concerns``: what a form shows
it next to) and writes nothing; what is kept is on the timeline, in the audit trail and
on the bill."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from techconsole.domain.limits import MAX_TEXT
from techconsole.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotAuthorised,
    NotFound,
)
from techconsole.services.incidents import closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import billing, months, timer
from techconsole.services.work.session_rules import OVER_MAXIMUM

from .support import contact, open_, refused, rome


def _about(info: pytest.ExceptionInfo[BaseException]) -> str | None:
    return getattr(info.value, "concerns", None)


# --- add ----------------------------------------------------------------------------------


def test_past_work_is_recorded_with_its_event_audit_and_bill(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number
    bruno = ctx.as_("bruno")
    added = timer.add(
        bruno,
        number,
        start_at=rome(2026, 11, 23, 8, 30),
        end_at=rome(2026, 11, 23, 9, 40),
        kind="phone",
        note="Configurata la stampante al telefono",
    )
    assert not added.running
    assert (added.technician, added.kind) == ("bruno", "phone")
    assert added.started_at == rome(2026, 11, 23, 8, 30)
    assert added.ended_at == rome(2026, 11, 23, 9, 40)
    assert added.note == "Configurata la stampante al telefono"
    assert added.units == 4  # 70 minutes in 20-minute scatti
    assert added.amount == Decimal("160.00")
    assert [s.id for s in timer.sessions(ctx, incident=number)] == [added.id]
    assert billing.bill_incident(ctx, number).bill.units == 4

    (shown,) = [e for e in incidents.show(ctx, number).timeline if e.kind == "session_added"]
    assert shown.text == "Configurata la stampante al telefono"
    assert shown.at == clock()  # recorded now, about then
    assert shown.data["session_id"] == added.id
    assert shown.data["minutes"] == 70 and shown.data["units"] == 4
    assert datetime.fromisoformat(shown.data["start"]) == rome(2026, 11, 23, 8, 30)
    (row,) = [a for a in incidents.audit_trail(ctx) if a.action == "incident.session_added"]
    assert row.actor == "bruno"


def test_a_session_recorded_before_its_incident_arrived_is_refused(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 9, 0)).number
    info = refused(
        ctx,
        InvalidInput,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 11, 23, 8, 0),
        end_at=rome(2026, 11, 23, 9, 30),
        match=r"start 23/11/2026 08:00 is before 2026-000001 arrived \(23/11/2026 09:00\)",
    )
    assert _about(info) == "start"


def test_times_in_the_future_or_backwards_are_refused(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number
    start = rome(2026, 11, 23, 9, 0)
    future = refused(
        ctx,
        InvalidInput,
        timer.add,
        ctx,
        number,
        start_at=start,
        end_at=rome(2026, 11, 23, 12, 0),
        match=r"end 23/11/2026 12:00 is in the future",
    )
    assert _about(future) == "end"
    backwards = refused(
        ctx,
        InvalidInput,
        timer.add,
        ctx,
        number,
        start_at=start,
        end_at=start - timedelta(minutes=5),
        match="end before it starts",
    )
    assert _about(backwards) == "end"
    nothing = refused(
        ctx, InvalidInput, timer.add, ctx, number, start_at=start, end_at=start, match="nothing"
    )
    assert _about(nothing) == "end"


def test_a_recorded_session_cannot_overlap_another(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 7, 0)).number
    clock.value = rome(2026, 11, 23, 16, 0)
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0))
    starts_inside = refused(
        ctx,
        Conflict,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 11, 23, 9, 30),
        end_at=rome(2026, 11, 23, 11, 0),
        match=r"overlaps your session #1 \(23/11/2026 09:00–10:00\)",
    )
    assert _about(starts_inside) == "start"
    ends_inside = refused(
        ctx,
        Conflict,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 11, 23, 8, 0),
        end_at=rome(2026, 11, 23, 9, 1),
        match="overlaps your session #1",
    )
    assert _about(ends_inside) == "end"
    # touching is not overlapping; another technician's sessions are theirs
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 8, 0), end_at=rome(2026, 11, 23, 9, 0))
    bruno = ctx.as_("bruno")
    timer.add(bruno, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0))
    # a timer running now is a session too
    timer.start(ctx, number, at=rome(2026, 11, 23, 14, 0))
    running = refused(
        ctx,
        Conflict,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 11, 23, 13, 0),
        end_at=rome(2026, 11, 23, 14, 30),
        match="still running",
    )
    assert _about(running) == "end"


def test_no_work_is_recorded_in_a_closed_month(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    months.close_month(ctx, "2026-10")
    info = refused(
        ctx,
        NotAllowed,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 10, 30, 9, 0),
        end_at=rome(2026, 10, 30, 10, 0),
        match="2026-10 is closed for invoicing",
    )
    assert _about(info) == "start"
    assert (
        timer.add(
            ctx, number, start_at=rome(2026, 11, 2, 9, 0), end_at=rome(2026, 11, 2, 10, 0)
        ).units
        == 3
    )


def test_a_recorded_session_longer_than_the_maximum_needs_force_and_is_audited(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 21, 8, 0)).number
    start, end = rome(2026, 11, 21, 8, 0), rome(2026, 11, 21, 21, 0)
    info = refused(
        ctx,
        NotAllowed,
        timer.add,
        ctx,
        number,
        start_at=start,
        end_at=end,
        match=r"would last 13h 00m, longer than the policy's maximum of 12h 00m",
    )
    assert _about(info) == "end"
    assert not [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]
    kept = timer.add(ctx, number, start_at=start, end_at=end, force=True)
    (flag,) = [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]
    assert flag.entity_id == kept.id and flag.data["minutes"] == 13 * 60


def test_other_refusals_of_a_recorded_session(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number
    start, end = rome(2026, 11, 23, 8, 30), rome(2026, 11, 23, 9, 0)
    kind = refused(
        ctx, InvalidInput, timer.add, ctx, number, start_at=start, end_at=end, kind="holiday"
    )
    assert _about(kind) == "kind"
    note = refused(
        ctx,
        InvalidInput,
        timer.add,
        ctx,
        number,
        start_at=start,
        end_at=end,
        note="x" * (MAX_TEXT + 1),
    )
    assert _about(note) == "note"
    refused(ctx, NotFound, timer.add, ctx, "2026-009999", start_at=start, end_at=end)
    timer.add(ctx, number, start_at=start, end_at=end)
    closing.resolve(ctx, number, resolved=True)
    closing.close(ctx, number)
    closed = refused(
        ctx,
        InvalidTransition,
        timer.add,
        ctx,
        number,
        start_at=rome(2026, 11, 23, 9, 0),
        end_at=rome(2026, 11, 23, 9, 30),
        match="is closed",
    )
    assert _about(closed) is None  # about the incident, not one field


def test_work_before_the_authorisation_cannot_be_recorded(ctx, clock):
    luca = contact(ctx, "Luca Verdi")  # an employee: his request waits for a titolare
    waiting = open_(ctx, requester=luca.id, channel="phone", arrived_at=rome(2026, 11, 23, 8, 0))
    assert waiting.status == "awaiting_authorisation"
    info = refused(
        ctx,
        NotAuthorised,
        timer.add,
        ctx,
        waiting.number,
        start_at=rome(2026, 11, 23, 8, 30),
        end_at=rome(2026, 11, 23, 9, 0),
        match="awaits the authorisation",
    )
    assert _about(info) == "start"


# --- edit: what each refusal is about -----------------------------------------------------


def test_each_refusal_of_a_correction_says_what_it_is_about(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 22, 8, 0)).number
    clock.value = rome(2026, 11, 23, 16, 0)
    first = timer.add(
        ctx, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0)
    )
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 11, 0), end_at=rome(2026, 11, 23, 12, 0))

    def about(error: type[BaseException], **change: object) -> str | None:
        return _about(refused(ctx, error, timer.edit, ctx, first.id, **change))

    assert about(InvalidInput, start_at=rome(2026, 11, 22, 7, 0)) == "start"  # before arrival
    assert about(InvalidInput, end_at=rome(2026, 11, 23, 17, 0)) == "end"  # future
    assert about(InvalidInput, end_at=rome(2026, 11, 23, 8, 30)) == "end"  # before the start
    assert about(Conflict, end_at=rome(2026, 11, 23, 11, 30)) == "end"
    assert about(NotAllowed, start_at=rome(2026, 11, 22, 20, 0)) == "start"  # 14 hours
    assert (
        about(NotAllowed, start_at=rome(2026, 11, 22, 20, 0), end_at=rome(2026, 11, 23, 10, 30))
        == "end"
    )
    assert about(InvalidInput, kind="holiday") == "kind"
    assert _about(refused(ctx, NotFound, timer.edit, ctx, 999, note="x")) == "session"
    bruno = ctx.as_("bruno")
    not_his = refused(ctx, NotAllowed, timer.edit, bruno, first.id, note="mine now")
    assert _about(not_his) == "session"


def test_a_session_of_a_closed_month_cannot_be_corrected_nor_moved_into_one(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    october = timer.add(
        ctx, number, start_at=rome(2026, 10, 30, 9, 0), end_at=rome(2026, 10, 30, 10, 0)
    )
    november = timer.add(
        ctx, number, start_at=rome(2026, 11, 2, 9, 0), end_at=rome(2026, 11, 2, 10, 0)
    )
    months.close_month(ctx, "2026-10")
    kept = refused(ctx, NotAllowed, timer.edit, ctx, october.id, note="x", match="2026-10")
    assert _about(kept) == "session"
    moved = refused(
        ctx,
        NotAllowed,
        timer.edit,
        ctx,
        november.id,
        start_at=rome(2026, 10, 31, 9, 0),
        match="2026-10 is closed",
    )
    assert _about(moved) == "start"
