"""When a machine's next health check is due (seed 004, policy.md §8): every
``service.health_check_every_months`` months, on the customer's agreed day
(:mod:`.check_schedule`), while the machine is covered by the contract.

- The first check is in the first month whose agreed day falls on or after the day the
  machine came under the contract (else the day it was recorded) and on which it is
  covered; a check done in a month stands for that month and every month before it, and
  the next one is ``every`` months later.
- A month whose agreed day finds the machine not covered (no contract in force that
  day, the required software missing, retired) has no check: the seed ties the monitoring
  to the contract.  So a contract that ends mid-month has no check after it ends.
- A check is *due* from its agreed day, and *overdue* once its month has ended without
  it; before its day it is *upcoming*.
- A dangerous finding calls for a repeat check within the policy's
  ``service.repeat_check_within`` of the check (:func:`repeat_by`): due until that day,
  overdue after it, done by the machine's next check.

Days are local days in the policy's zone.  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Final

from techconsole.domain.check_schedule import add_months, due_day, month_end

UPCOMING: Final = "upcoming"
DUE: Final = "due"
OVERDUE: Final = "overdue"
STATES: Final = (OVERDUE, DUE, UPCOMING)

MONTHLY: Final = "monthly"
REPEAT: Final = "repeat"


@dataclass(frozen=True, slots=True)
class Due:
    """A check to do: the month it is for (its first day), its day, and its state."""

    kind: str  # MONTHLY or REPEAT
    month: date
    day: date
    state: str

    @property
    def open(self) -> bool:
        """Due or overdue (not merely upcoming)."""
        return self.state != UPCOMING


def month_of(day: date) -> date:
    return day.replace(day=1)


def state(day: date, deadline: date, today: date) -> str:
    """``upcoming`` before ``day``, ``due`` up to ``deadline``, ``overdue`` after it."""
    if today < day:
        return UPCOMING
    return OVERDUE if today > deadline else DUE


def next_monthly(
    rule: str,
    every: int,
    *,
    start: date,
    last_done: date | None,
    covered: Callable[[date], bool],
    working: Callable[[date], bool],
    today: date,
) -> Due | None:
    """The machine's next monthly check as of ``today``, or ``None`` when none is due or
    coming (not covered on any agreed day up to ``every`` months ahead).

    ``start``: the first day the machine is followed; ``last_done``: the day of its last
    check; ``covered(day)``: whether it is covered that day; ``working(day)``: whether the
    office is open that day (for the default rule)."""
    every = max(1, every)
    first = month_of(start) if last_done is None else add_months(month_of(last_done), every)
    limit = add_months(month_of(today), every)
    month = first
    while month <= limit:
        day = due_day(rule, month, working)
        if day >= start and (last_done is None or day > last_done) and covered(day):
            return Due(MONTHLY, month, day, state(day, month_end(month), today))
        month = add_months(month, 1)
    return None


def repeat_by(done_at: datetime, within: timedelta, zone: tzinfo) -> date:
    """The last day a repeat check called for by a check done at ``done_at`` may be done."""
    return (done_at + within).astimezone(zone).date()


def repeat(done_at: datetime, by: date, zone: tzinfo, today: date) -> Due:
    """The repeat check called for at ``done_at``: due at once, overdue after ``by``."""
    day = done_at.astimezone(zone).date()
    return Due(REPEAT, month_of(by), by, state(day, by, today))


def months_between(first: date, last: date) -> int:
    """How many months from ``first``'s to ``last``'s (0 in the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The last moment of ``day`` in ``zone`` (what was verified that day counts)."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), zone) - timedelta(
        microseconds=1
    )
