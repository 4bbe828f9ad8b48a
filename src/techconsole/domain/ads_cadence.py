"""Reports to the data controller of a customer we are system administrator (ADS) for,
on the cadence agreed with them (seed 001: "L'operato della nostra azienda sara'
riportato al titolare con cadenza da stabilire tra le parti (file di log e report)").

Each report covers one period: the first from the day the agreement starts, each next
one from the day after the last one delivered, for as many months as the cadence says.
A period is due once its last day is over.  Reports follow one another with no gap and
no overlap, so nothing is skipped or covered twice.

Pure: no I/O, no database, no words.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

#: the cadences a customer may agree to, and their length in months
CADENCES: Final[Mapping[str, int]] = {
    "monthly": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "half-yearly": 6,
    "yearly": 12,
}

#: how a report reached the data controller
VIA: Final = ("email", "pec", "in_person", "post")

#: at most this many periods are listed as due at once (a forgotten agreement of years
#: is still listed, not counted without end)
MOST_DUE: Final = 120


@dataclass(frozen=True, slots=True)
class Period:
    """The days one report covers, both included."""

    start: date
    end: date

    @property
    def due_on(self) -> date:
        """The first day the report can be written: the day after the period."""
        return self.end + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """``day`` that many months later; the 31st becomes the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_from(start: date, months: int) -> Period:
    """The period of ``months`` that begins on ``start``."""
    return Period(start, add_months(start, months) - timedelta(days=1))


def next_period(starts_on: date, months: int, last_end: date | None) -> Period:
    """The period the next report covers: from the day after the last one delivered
    (``last_end``), else from the day the agreement starts."""
    start = starts_on if last_end is None else last_end + timedelta(days=1)
    return period_from(start, months)


def due_periods(starts_on: date, months: int, last_end: date | None, today: date) -> list[Period]:
    """The periods whose report is due on ``today`` (over, not delivered), oldest first:
    one when the reports are up to date, several when some were not delivered."""
    out: list[Period] = []
    period = next_period(starts_on, months, last_end)
    while period.end < today and len(out) < MOST_DUE:
        out.append(period)
        period = period_from(period.due_on, months)
    return out
