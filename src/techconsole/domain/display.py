"""How a clock state and an age read in a queue line: plain text any front end can style.

The command line and the console show the same words, so the pure formatting lives
here; colours are the front end's business (``tone`` names the meaning, not the colour).
Every text reads without colour too (``NO_COLOR``): a glyph and a word or a sign. The
words are in the language in use (``in pausa``, ``apre lun 09:00``); the glyphs and the
``2h 14m`` durations are the same in every language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from techconsole.domain.sla import ClockState, ClockStatus, primary
from techconsole.i18n import N_, _
from techconsole.i18n.formats import day_month_time, weekday_time

if TYPE_CHECKING:  # the console's first frame draws these words before any policy loads
    from techconsole.domain.policy import Policy

MINUS = "\u2212"  # a real minus sign: "−0h 12m" reads as overdue, not as a dash
NONE = "—"

_GLYPHS: dict[ClockStatus, str] = {
    ClockStatus.OK: "●",
    ClockStatus.WARNING: "▲",
    ClockStatus.BREACHED: "✖",
    ClockStatus.PAUSED: "‖",
    ClockStatus.CLOSED: "◌",
    ClockStatus.MET: "✓",
    ClockStatus.MISSED: "✗",  # stopped late; ✖ is a clock running past due, now
    ClockStatus.NO_TARGET: "·",
}

_TONES: dict[ClockStatus, str] = {
    ClockStatus.OK: "ok",
    ClockStatus.WARNING: "warning",
    ClockStatus.BREACHED: "breached",
    ClockStatus.PAUSED: "paused",
    ClockStatus.CLOSED: "muted",
    ClockStatus.MET: "ok",
    ClockStatus.MISSED: "missed",
    ClockStatus.NO_TARGET: "muted",
}


def headline(states: Sequence[ClockState]) -> ClockState | None:
    """The clock a one-line view shows: the running one due first, else the one that
    stopped last (so a request taken in charge in time reads ``met``, not ``—``)."""
    running = primary(states)
    if running is not None:
        return running
    stopped = [(s.stopped_at, s) for s in states if s.stopped_at is not None and s.target]
    if not stopped:
        return None
    return max(stopped, key=lambda pair: pair[0])[1]


def hours_minutes(value: timedelta) -> str:
    """``2h 14m`` (never days); a negative duration gets a real minus: ``−0h 12m``.

    Whole minutes, cut toward zero, so a countdown changes when a full minute passed.
    """
    minutes = abs(value) // timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    sign = MINUS if value < timedelta(0) else ""
    return f"{sign}{hours}h {rest:02d}m"


def countdown(state: ClockState | None, now: datetime, zone: tzinfo | None = None) -> str:
    """The SLA cell: business time left, overdue time, or why the clock is not running.

    ``2h 14m`` left (business time, the SLA's own measure), ``−0h 12m`` overdue,
    ``paused`` (waiting on the customer), ``opens Mon 09:00`` (outside the plan's
    hours; ``today``, ``tomorrow`` instead of the weekday next to today, a date when the
    opening is a week or more away),
    ``met`` (stopped in time), ``late 0h 12m`` (stopped that much after the due time, a
    minute at least),
    ``—`` (no clock or no target); in Italian ``in pausa``, ``apre lun 09:00``,
    ``rispettato``, ``in ritardo 0h 12m``.  A clock past due by less than a business
    minute for a minute or more (its due time came as the plan's hours ended: a Basic
    clock due Friday 18:00, read on Saturday) says when it was due instead of
    ``−0h 00m``: ``was due Fri 18:00`` (``scaduto ven 18:00``).

    The opening and the due time are shown in ``zone`` (the policy's), by default in
    ``now``'s zone.
    """
    if state is None or state.status is ClockStatus.NO_TARGET:
        return NONE
    if state.status is ClockStatus.MET:
        return _("met")
    if state.status is ClockStatus.MISSED:
        late = abs(state.remaining) if state.remaining is not None else timedelta(0)
        # missed by seconds is still missed: never "late 0h 00m"
        return _("late {by}").format(by=hours_minutes(max(late, timedelta(minutes=1))))
    if state.status is ClockStatus.PAUSED:
        return _("paused")
    if state.status is ClockStatus.CLOSED and state.opens_at is not None:
        return _("opens {when}").format(when=_when(state.opens_at, now, zone))
    remaining = state.remaining if state.remaining is not None else timedelta(0)
    if state.status is ClockStatus.BREACHED:
        if state.due is not None and _still_zero(remaining, state.due, now):
            return _("was due {when}").format(when=_when(state.due, now, zone))
        return MINUS + hours_minutes(abs(remaining))
    return hours_minutes(remaining)


def _still_zero(remaining: timedelta, due: datetime, now: datetime) -> bool:
    """A clock past due by less than a business minute for a minute or more of real time:
    its due time came as the plan's hours ended (or a break began), and business time
    past due, which is what ``−0h 12m`` counts, does not grow outside them.  Its
    ``−0h 00m`` would read as nothing wrong, so its due time is said instead."""
    minute = timedelta(minutes=1)
    return abs(remaining) < minute and now - due >= minute


def _when(at: datetime, now: datetime, zone: tzinfo | None) -> str:
    """``oggi 09:00``, ``domani 09:00``, ``ieri 18:00`` next to today; else ``lun 09:00``,
    or ``07/01 09:00`` when ``at`` is six days or more from ``now`` (its weekday could be
    this week's or another's); in ``zone`` (default: ``now``'s)."""
    local = at.astimezone(zone or now.tzinfo)
    days = (local.date() - now.astimezone(local.tzinfo).date()).days
    if days in _NEAR:  # "apre lun 09:00" read on a Monday morning: which Monday?
        return f"{_(_NEAR[days])} {local:%H:%M}"
    return day_month_time(local) if abs(local - now) >= timedelta(days=6) else weekday_time(local)


#: the days next to today, by how far from it
_NEAR = {-1: N_("yesterday"), 0: N_("today"), 1: N_("tomorrow")}


def glyph(state: ClockState | None) -> str:
    """One character that tells the clock's status apart without colour."""
    if state is None:
        return " "
    return _GLYPHS[state.status]


def tone(state: ClockState | None) -> str:
    """The meaning to colour: ``ok``, ``warning``, ``breached``, ``missed``, ``paused`` or
    ``muted``."""
    if state is None:
        return "muted"
    return _TONES[state.status]


def age(since: datetime, now: datetime) -> str:
    """How long ago, in real time: ``45m``, ``3h 05m``, ``2d 04h``."""
    minutes = max(now - since, timedelta(0)) // timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest}m"
    days, hours = divmod(hours, 24)
    if days == 0:
        return f"{hours}h {rest:02d}m"
    return f"{days}d {hours:02d}h"


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int | float, most: int | float, width: int) -> str:
    """``value`` out of ``most`` as a bar of ``width`` cells, to the eighth of a cell
    (``█████▍``); empty for nothing, at least a sliver for anything."""
    if most <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(min(value / most, 1) * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


_LEVELS = "▁▂▃▄▅▆▇█"


def spark(values: list[int | float | None], top: int | float | None = None) -> str:
    """One cell per value, its height out of ``top`` (default: the largest): ``▁▃▅█``; a
    space for no value (a month without any clock, say)."""
    known = [v for v in values if v is not None]
    most = top if top is not None else max(known, default=0)
    cells = []
    for value in values:
        if value is None:
            cells.append(" ")
        elif most <= 0:
            cells.append(_LEVELS[0])
        else:
            step = round(min(max(value, 0) / most, 1) * (len(_LEVELS) - 1))
            cells.append(_LEVELS[step])
    return "".join(cells)


def plan_label(policy: Policy, plan: str) -> str:
    """A plan's name as people read it: the policy's label ("Professional 8×7", "Senza
    contratto"); a plan the policy does not know (any more) by its key."""
    known = policy.plans.get(plan)
    return known.label if known is not None else plan


def plan_words(policy: Policy, plan: str, contract: bool) -> str:
    """An incident's plan as people read it: its :func:`plan_label`, "(no contract)" after
    a contract plan an incident is not under."""
    known = policy.plans.get(plan)
    said = plan_label(policy, plan)
    if not contract and (known is None or known.contract):
        said += " " + _("(no contract)")
    return said
