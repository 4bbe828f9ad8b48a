"""Contract terms (seeds 001, 002, 003): how long a contract lasts, its renewal, its end.

(seed 001) "La sottoscrizione di un piano ha una durata minima di un anno con pagamento
anticipato".  A contract runs from its first day to its last, both included.  A term of
N months from a first day ends the day before the same day N months later: from
01/01/2026, twelve months end on 31/12/2026; from 01/03/2026, one month ends on
31/03/2026.  When that day does not exist the term ends on the last day of the month
(from 31/01/2026, one month ends on 28/02/2026; from 29/02/2028, twelve end on
28/02/2029).

A customer is under contract as long as one contract follows another without a day
between them: the *cover* is the contract in force today and those that follow it that
way (a renewal recorded in advance).  The cover's last day is when the customer stops
being under contract: what the lead is warned about.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from techconsole.i18n import _, ngettext

ONE_DAY = timedelta(days=1)


def _last_day_of(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def term_end(first: date, months: int) -> date:
    """The last day of a term of ``months`` months (at least 1) starting on ``first``."""
    if months < 1:
        raise ValueError("a term lasts at least one month")
    eve = first - ONE_DAY
    year, month = divmod(eve.year * 12 + eve.month - 1 + months, 12)
    month += 1
    if eve.day == _last_day_of(eve.year, eve.month):
        return date(year, month, _last_day_of(year, month))
    return date(year, month, min(eve.day, _last_day_of(year, month)))


def earliest_end(first: date, minimum_months: int) -> date | None:
    """The earliest last day a contract starting on ``first`` may have under a minimum of
    ``minimum_months`` months; ``None`` when there is no minimum (0)."""
    if minimum_months <= 0:
        return None
    return term_end(first, minimum_months)


def too_short(first: date, last: date, minimum_months: int) -> date | None:
    """The earliest allowed last day when ``first``–``last`` is shorter than the
    minimum, else ``None``."""
    earliest = earliest_end(first, minimum_months)
    return earliest if earliest is not None and last < earliest else None


@dataclass(frozen=True, slots=True)
class Term:
    """One contract's dates: the plan it gives, its first and last day, when it was paid."""

    id: int
    plan: str
    starts_on: date
    ends_on: date
    paid_on: date | None = None

    def in_force(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class Cover:
    """The contract in force on a day and the unbroken run of contracts that follows it."""

    current: Term
    #: the last contract of the run: the one a renewal follows
    last: Term

    @property
    def ends_on(self) -> date:
        """The customer's last day under contract."""
        return self.last.ends_on

    @property
    def renewed(self) -> bool:
        """A contract following the one in force is already recorded."""
        return self.last.id != self.current.id

    def days_left(self, today: date) -> int:
        """Days from ``today`` to the cover's last day: 0 on that day itself."""
        return (self.ends_on - today).days

    def expiring(self, today: date, within_days: int) -> bool:
        """The customer stops being under contract within ``within_days`` days."""
        return self.days_left(today) <= within_days


def in_force(terms: Iterable[Term], day: date) -> Term | None:
    """The contract in force on ``day``: of overlapping ones, the one that started last
    (as :func:`techconsole.services.loaders.active_contract` picks it)."""
    found = [t for t in terms if t.in_force(day)]
    return max(found, key=lambda t: (t.starts_on, t.id)) if found else None


def cover(terms: Iterable[Term], day: date) -> Cover | None:
    """The cover on ``day`` (see the module's docstring), or ``None`` without a contract."""
    every = sorted(terms, key=lambda t: (t.starts_on, t.ends_on, t.id))
    current = in_force(every, day)
    if current is None:
        return None
    last = current
    extended = True
    while extended:
        extended = False
        for term in every:
            if term.starts_on <= last.ends_on + ONE_DAY and term.ends_on > last.ends_on:
                last, extended = term, True
    return Cover(current, last)


def latest(terms: Iterable[Term]) -> Term | None:
    """The contract that ends last: the one a renewal follows."""
    every = list(terms)
    return max(every, key=lambda t: (t.ends_on, t.starts_on, t.id)) if every else None


def renewal(after: Term, months: int) -> tuple[date, date]:
    """First and last day of a renewal of ``months`` months: from the day after ``after``
    ends."""
    first = after.ends_on + ONE_DAY
    return first, term_end(first, months)


def left_words(days_left: int) -> str:
    """How soon a day comes: ``today``, ``tomorrow``, ``in 27 days``."""
    if days_left <= 0:
        return _("today")
    if days_left == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", days_left).format(n=days_left)


def ends_words(ends_on: date, days_left: int) -> str:
    """``contract ends 31/12/2026, in 27 days``."""
    return _("contract ends {day}, {left}").format(
        day=f"{ends_on:%d/%m/%Y}", left=left_words(days_left)
    )
