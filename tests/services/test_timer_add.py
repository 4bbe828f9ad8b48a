"""Work recorded after the fact (``timer.add``) and corrected (``timer.edit``): the timer's
bounds hold, each refusal says which input it is about (``concerns``: what a form shows
it next to) and writes nothing; what is kept is on the timeline, in the audit trail and
on the bill."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from techconsole.domain.limits import MAX_TEXT
from techconsole.services.context import Context
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


# --- refusals: each says what it is about, and writes nothing ------------------------------

#: sets a scene up and gives the call to refuse in it
Prepare = Callable[[Context, Any], Callable[[], object]]


def _arrived(ctx: Context, clock: Any) -> str:
    """An incident arrived at 08:00 on Monday 23/11, the clock at 10:00."""
    return open_(ctx, arrived_at=rome(2026, 11, 23, 8, 0)).number


def _arrived_at_nine(ctx: Context, clock: Any) -> str:
    return open_(ctx, arrived_at=rome(2026, 11, 23, 9, 0)).number


def _arrived_on_saturday(ctx: Context, clock: Any) -> str:
    return open_(ctx, arrived_at=rome(2026, 11, 21, 8, 0)).number


def _booked(ctx: Context, clock: Any) -> str:
    """A session of anna's from 09:00 to 10:00, on an incident arrived at 07:00; 16:00."""
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 7, 0)).number
    clock.value = rome(2026, 11, 23, 16, 0)
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0))
    return number


def _running(ctx: Context, clock: Any) -> str:
    """As :func:`_booked`, and anna's timer running since 14:00."""
    number = _booked(ctx, clock)
    timer.start(ctx, number, at=rome(2026, 11, 23, 14, 0))
    return number


def _october_closed(ctx: Context, clock: Any) -> str:
    number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
    months.close_month(ctx, "2026-10")
    return number


def _unknown(ctx: Context, clock: Any) -> str:
    _arrived(ctx, clock)
    return "2026-009999"


def _closed(ctx: Context, clock: Any) -> str:
    """An incident closed after a session from 08:30 to 09:00."""
    number = _arrived(ctx, clock)
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 8, 30), end_at=rome(2026, 11, 23, 9, 0))
    closing.resolve(ctx, number, resolved=True)
    closing.close(ctx, number)
    return number


def _awaiting(ctx: Context, clock: Any) -> str:
    luca = contact(ctx, "Luca Verdi")  # an employee: his request waits for a titolare
    waiting = open_(ctx, requester=luca.id, channel="phone", arrived_at=rome(2026, 11, 23, 8, 0))
    assert waiting.status == "awaiting_authorisation"
    return waiting.number


def _add(
    scene: Callable[[Context, Any], str], start: datetime, end: datetime, **more: Any
) -> Prepare:
    """``timer.add`` from ``start`` to ``end`` on the incident of ``scene``."""

    def prepare(ctx: Context, clock: Any) -> Callable[[], object]:
        return partial(timer.add, ctx, scene(ctx, clock), start_at=start, end_at=end, **more)

    return prepare


def _edit(by: str = "anna", session: int | None = None, **change: Any) -> Prepare:
    """``timer.edit`` by ``by`` of anna's session from 09:00 to 10:00 (or of ``session``);
    another of hers is from 11:00 to 12:00, on an incident arrived the day before; 16:00."""

    def prepare(ctx: Context, clock: Any) -> Callable[[], object]:
        number = open_(ctx, arrived_at=rome(2026, 11, 22, 8, 0)).number
        clock.value = rome(2026, 11, 23, 16, 0)
        first = timer.add(
            ctx, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0)
        )
        timer.add(ctx, number, start_at=rome(2026, 11, 23, 11, 0), end_at=rome(2026, 11, 23, 12, 0))
        return partial(timer.edit, ctx.as_(by), session or first.id, **change)

    return prepare


def _edit_by_october(which: str, **change: Any) -> Prepare:
    """``timer.edit`` of the session on 30/10 or the one on 2/11 (``which``), once October
    is closed."""

    def prepare(ctx: Context, clock: Any) -> Callable[[], object]:
        number = open_(ctx, arrived_at=rome(2026, 10, 1, 9, 0)).number
        october = timer.add(
            ctx, number, start_at=rome(2026, 10, 30, 9, 0), end_at=rome(2026, 10, 30, 10, 0)
        )
        november = timer.add(
            ctx, number, start_at=rome(2026, 11, 2, 9, 0), end_at=rome(2026, 11, 2, 10, 0)
        )
        months.close_month(ctx, "2026-10")
        chosen = october if which == "october" else november
        return partial(timer.edit, ctx, chosen.id, **change)

    return prepare


def _at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return rome(2026, 11, day, hour, minute)


REFUSALS = [
    # timer add
    pytest.param(
        _add(_arrived_at_nine, _at(8), _at(9, 30)),
        InvalidInput,
        r"start 23/11/2026 08:00 is before 2026-000001 arrived \(23/11/2026 09:00\)",
        "start",
        id="add-before-the-incident-arrived",
    ),
    pytest.param(
        _add(_arrived, _at(9), _at(12)),
        InvalidInput,
        r"end 23/11/2026 12:00 is in the future",
        "end",
        id="add-ending-in-the-future",
    ),
    pytest.param(
        _add(_arrived, _at(9), _at(8, 55)),
        InvalidInput,
        "end before it starts",
        "end",
        id="add-ending-before-it-starts",
    ),
    pytest.param(
        _add(_arrived, _at(9), _at(9)), InvalidInput, "nothing", "end", id="add-lasting-nothing"
    ),
    pytest.param(
        _add(_booked, _at(9, 30), _at(11)),
        Conflict,
        r"overlaps your session #1 \(23/11/2026 09:00–10:00\)",
        "start",
        id="add-starting-inside-another-session",
    ),
    pytest.param(
        _add(_booked, _at(8), _at(9, 1)),
        Conflict,
        "overlaps your session #1",
        "end",
        id="add-ending-inside-another-session",
    ),
    pytest.param(
        _add(_running, _at(13), _at(14, 30)),
        Conflict,
        "still running",
        "end",
        id="add-reaching-into-the-running-timer",
    ),
    pytest.param(
        _add(_october_closed, rome(2026, 10, 30, 9, 0), rome(2026, 10, 30, 10, 0)),
        NotAllowed,
        "2026-10 is closed for invoicing",
        "start",
        id="add-in-a-closed-month",
    ),
    pytest.param(
        _add(_arrived_on_saturday, rome(2026, 11, 21, 8, 0), rome(2026, 11, 21, 21, 0)),
        NotAllowed,
        r"would last 13h 00m, longer than the policy's maximum of 12h 00m",
        "end",
        id="add-longer-than-the-maximum",
    ),
    pytest.param(
        _add(_arrived, _at(8, 30), _at(9), kind="holiday"),
        InvalidInput,
        None,
        "kind",
        id="add-of-an-unknown-kind",
    ),
    pytest.param(
        _add(_arrived, _at(8, 30), _at(9), note="x" * (MAX_TEXT + 1)),
        InvalidInput,
        None,
        "note",
        id="add-with-too-long-a-note",
    ),
    pytest.param(
        _add(_unknown, _at(8, 30), _at(9)), NotFound, None, None, id="add-to-an-unknown-incident"
    ),
    pytest.param(
        _add(_closed, _at(9), _at(9, 30)),
        InvalidTransition,
        "is closed",
        None,  # about the incident, not one field
        id="add-to-a-closed-incident",
    ),
    pytest.param(
        _add(_awaiting, _at(8, 30), _at(9)),
        NotAuthorised,
        "awaits the authorisation",
        "start",
        id="add-before-the-authorisation",
    ),
    # timer edit
    pytest.param(
        _edit(start_at=_at(7, day=22)),
        InvalidInput,
        None,
        "start",
        id="edit-start-before-the-incident-arrived",
    ),
    pytest.param(_edit(end_at=_at(17)), InvalidInput, None, "end", id="edit-end-in-the-future"),
    pytest.param(
        _edit(end_at=_at(8, 30)), InvalidInput, None, "end", id="edit-end-before-the-start"
    ),
    pytest.param(
        _edit(end_at=_at(11, 30)), Conflict, None, "end", id="edit-end-into-another-session"
    ),
    pytest.param(
        _edit(start_at=_at(20, day=22)),
        NotAllowed,
        None,
        "start",
        id="edit-start-making-it-14-hours-long",
    ),
    pytest.param(
        _edit(start_at=_at(20, day=22), end_at=_at(10, 30)),
        NotAllowed,
        None,
        "end",
        id="edit-start-and-end-making-it-too-long",
    ),
    pytest.param(_edit(kind="holiday"), InvalidInput, None, "kind", id="edit-to-an-unknown-kind"),
    pytest.param(
        _edit(session=999, note="x"),
        NotFound,
        None,
        "session",
        id="edit-of-an-unknown-session",
    ),
    pytest.param(
        _edit(by="bruno", note="mine now"),
        NotAllowed,
        None,
        "session",
        id="edit-of-another-technicians-session",
    ),
    pytest.param(
        _edit_by_october("october", note="x"),
        NotAllowed,
        "2026-10",
        "session",
        id="edit-of-a-session-in-a-closed-month",
    ),
    pytest.param(
        _edit_by_october("november", start_at=rome(2026, 10, 31, 9, 0)),
        NotAllowed,
        "2026-10 is closed",
        "start",
        id="edit-moving-a-session-into-a-closed-month",
    ),
]


@pytest.mark.parametrize(("prepare", "error", "match", "concerns"), REFUSALS)
def test_each_refusal_says_what_it_is_about_and_writes_nothing(
    ctx: Context,
    clock: Any,
    prepare: Prepare,
    error: type[Exception],
    match: str | None,
    concerns: str | None,
) -> None:
    info = refused(ctx, error, prepare(ctx, clock), match=match)
    assert _about(info) == concerns
    assert not [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]


# --- what is kept around the refusals -----------------------------------------------------


def test_touching_sessions_and_another_technicians_do_not_overlap(ctx, clock):
    number = _booked(ctx, clock)  # 09:00–10:00
    timer.add(ctx, number, start_at=rome(2026, 11, 23, 8, 0), end_at=rome(2026, 11, 23, 9, 0))
    bruno = ctx.as_("bruno")
    timer.add(bruno, number, start_at=rome(2026, 11, 23, 9, 0), end_at=rome(2026, 11, 23, 10, 0))
    timer.start(ctx, number, at=rome(2026, 11, 23, 14, 0))


def test_work_after_a_closed_month_is_recorded(ctx, clock):
    number = _october_closed(ctx, clock)
    assert (
        timer.add(
            ctx, number, start_at=rome(2026, 11, 2, 9, 0), end_at=rome(2026, 11, 2, 10, 0)
        ).units
        == 3
    )


def test_a_recorded_session_longer_than_the_maximum_is_kept_with_force_and_audited(ctx, clock):
    number = _arrived_on_saturday(ctx, clock)
    start, end = rome(2026, 11, 21, 8, 0), rome(2026, 11, 21, 21, 0)
    kept = timer.add(ctx, number, start_at=start, end_at=end, force=True)
    (flag,) = [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]
    assert flag.entity_id == kept.id and flag.data["minutes"] == 13 * 60
