"""The loaner PC ("PC muletto") of seed 004, as a clock.

"Qualora in prima analisi le tempistiche di ripristino dovessero estendersi oltre le 48
ore, verrà fornito un Pc muletto con i dati prelevati dai nostri server della macchina in
avaria."  The reading techconsole applies (README, "Loaner PCs"):

- A **level-2** incident under a **contract** gets a repair estimate: the estimated
  resolution given when it is taken in charge, or later with ``incident estimate``.  The
  repair is estimated to take the time from the moment the estimate was given to the
  estimated resolution.
- When that is longer than the policy's ``service.loaner_after`` (48 hours in the
  ``client-contract`` preset), a loaner is due: the clock **starts** at the first moment
  the incident is level 2 with such an estimate (the estimate given, or the incident made
  level 2 after it).
- The loaner is **due** ``loaner_after`` after that start: the customer is never left
  without a working PC longer than the contract's 48 hours.  "48 ore" is calendar time,
  not office hours (seed 003 says "ore lavorative" when it means them): the clock runs
  through nights, weekends and holidays, and a wait on the customer does not pause it.
- It **stops** when a loaner is handed over for the incident (met, or missed when handed
  over late), or when the machine is repaired first (the incident resolved): no loaner
  is needed any more.  A later, shorter estimate does not withdraw it: the first analysis
  that said more than 48 hours committed us.

The clock is a :class:`~techconsole.domain.sla.ClockState`, so every front end shows it
as it shows the SLA clocks.  Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration, td_us
from techconsole.domain.sla import ClockState, ClockStatus
from techconsole.i18n import N_, _

#: the clock's name (``ClockState.clock``) and its label, a catalogue message
CLOCK = "loaner"
LABEL = N_("Loaner PC")
#: the level that needs a visit: hardware, on site (seed 004's "2° livello")
ON_SITE_LEVEL = 2
#: the longest repair estimate a person may type (a year)
LONGEST = timedelta(days=366)


def _utc(value: datetime) -> datetime:
    """``value`` in UTC: Python adds and subtracts two times of one zone as wall times,
    which across a change of summer time is an hour off the real time."""
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Estimate:
    """A repair estimate: given at ``given_at``, the machine back in service by ``until``
    (``None``: the estimate was withdrawn)."""

    given_at: datetime
    until: datetime | None

    @property
    def span(self) -> timedelta | None:
        """How long the repair is estimated to take, from the moment it was estimated."""
        return None if self.until is None else _utc(self.until) - _utc(self.given_at)

    def exceeds(self, limit: timedelta) -> bool:
        span = self.span
        return span is not None and span > limit


@dataclass(frozen=True, slots=True)
class LoanerInputs:
    """What the loaner clock of one incident needs, read off its timeline."""

    contract: bool
    #: the level the incident had when it arrived
    level: int
    #: each change of level: when, and the new level
    levels: tuple[tuple[datetime, int], ...] = ()
    estimates: tuple[Estimate, ...] = ()
    #: when the first loaner was handed over for the incident
    lent_at: datetime | None = None
    #: when the incident was resolved (the machine repaired), if it was
    resolved_at: datetime | None = None


def started(limit: timedelta, inputs: LoanerInputs) -> datetime | None:
    """When a loaner became due: the first moment the incident was level 2 with an
    estimate longer than ``limit``; ``None`` if it never was (before it was resolved)."""
    if not inputs.contract:
        return None
    changes: list[tuple[datetime, int, int | None, Estimate | None]] = [
        (_utc(at), 0, level, None) for at, level in inputs.levels
    ]
    changes += [(_utc(e.given_at), 1, None, e) for e in inputs.estimates]
    resolved = None if inputs.resolved_at is None else _utc(inputs.resolved_at)
    level, estimate = inputs.level, None
    for at, _order, new_level, new_estimate in sorted(changes, key=lambda c: (c[0], c[1])):
        if resolved is not None and at >= resolved:
            break
        if new_level is not None:
            level = new_level
        if new_estimate is not None:
            estimate = new_estimate
        if level == ON_SITE_LEVEL and estimate is not None and estimate.exceeds(limit):
            return at
    return None


def loaner_clock(
    limit: timedelta | None,
    inputs: LoanerInputs | None,
    now: datetime,
    warning_left: Decimal = Decimal("0.25"),
) -> ClockState | None:
    """The loaner clock of an incident at ``now``; ``None`` when no loaner is due (no
    ``loaner_after`` in the policy, not level 2, no estimate beyond it) or not yet."""
    if limit is None or inputs is None:
        return None
    found, now = started(limit, inputs), _utc(now)
    if found is None or found > now:
        return None
    start = _utc(found)
    due = start + limit
    stops = [_utc(at) for at in (inputs.lent_at, inputs.resolved_at) if at is not None]
    stops = [at for at in stops if at <= now]
    stopped = max(start, min(stops)) if stops else None
    elapsed = (stopped or now) - start
    remaining = limit - elapsed
    warn = warning_left * td_us(limit)
    if stopped is not None:
        status = ClockStatus.MET if remaining >= timedelta(0) else ClockStatus.MISSED
    elif remaining < timedelta(0):
        status = ClockStatus.BREACHED
    elif td_us(remaining) <= warn:
        status = ClockStatus.WARNING
    else:
        status = ClockStatus.OK
    return ClockState(
        clock=CLOCK,
        label=_(LABEL),
        status=status,
        target=limit,
        elapsed=elapsed,
        remaining=remaining,
        due=due,
        opens_at=None,
        fraction_used=elapsed / limit,
        at_risk=status is not ClockStatus.MET and td_us(remaining) <= warn,
        stopped_at=stopped,
    )


_DAYS = re.compile(
    r"^\s*(?:(?P<d>\d{1,3})\s*(?:gg|d|g)(?![a-z]))?\s*(?P<rest>.*?)\s*$", re.IGNORECASE
)


def parse_repair_time(text: str) -> timedelta:
    """How long a repair is estimated to take, typed: ``3d`` (or ``3g``, giorni), ``72h``,
    ``2d12h``, ``1h30m``.  Raises ``DomainError`` for anything else, zero, or over a year."""
    match = _DAYS.match(text) if isinstance(text, str) else None
    if match is None or (match["d"] is None and not match["rest"]):
        raise DomainError(
            _("'{text}' is not a repair time; write it like 3d, 72h or 2d12h").format(text=text)
        )
    span = timedelta(days=int(match["d"] or 0))
    if match["rest"]:
        try:
            span += parse_duration(match["rest"], LONGEST)
        except DomainError:
            raise DomainError(
                _("'{text}' is not a repair time; write it like 3d, 72h or 2d12h").format(text=text)
            ) from None
    if span <= timedelta(0):
        raise DomainError(_("a repair time must be longer than zero"))
    if span > LONGEST:
        raise DomainError(
            _("'{text}' is too long: at most {days} days").format(
                text=text.strip(), days=LONGEST.days
            )
        )
    return span


def looks_like_repair_time(text: str) -> bool:
    """Whether ``text`` is written as a repair time (``3d``, ``72h``) rather than an instant."""
    try:
        parse_repair_time(text)
    except DomainError:
        return False
    return True


def out_for(lent_at: datetime, returned_at: datetime | None, now: datetime) -> timedelta:
    """How long a loaner has been out (until it came back, or until ``now``)."""
    return max(_utc(returned_at or now) - _utc(lent_at), timedelta(0))
