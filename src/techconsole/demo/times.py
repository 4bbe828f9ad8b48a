"""Time in the demo: whole UTC seconds, as the database stores them, and local days.

The generator counts in whole seconds since the epoch (cheap to add and compare) and
turns them into what the columns and the timeline data hold only when writing a row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from techconsole.domain.policy import Policy
from techconsole.services.incidents.clocks import FAR_FUTURE

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: ``FAR_FUTURE`` (the due of an incident without one, for sorting) in seconds
FAR = int((FAR_FUTURE - EPOCH).total_seconds())
HOUR, DAY = 3600, 86400


def dt(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def _dt(seconds: int | None) -> datetime | None:
    return None if seconds is None else dt(seconds)


def seconds(instant: datetime) -> int:
    return int((instant - EPOCH) // timedelta(seconds=1))


#: what follows the seconds in the text SQLite's ``UTCDateTime`` stores
SQLITE_TIME = ".000000"


class Times:
    """Whole UTC seconds as the database is sent them: as text (``suffix`` after the
    seconds: SQLite's microseconds, PostgreSQL's ``+00``) or, ``suffix`` None, as aware
    datetimes; and as the ISO text the services record in the timeline's data.

    The text is made directly (checked once against the column types, see ``Writer``),
    which spares a conversion per value.
    """

    def __init__(self, suffix: str | None = None) -> None:
        self._days: dict[int, str] = {}
        self._tod = [
            f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
        ]
        self._tod_db: list[str] = []
        self._suffix: str | None = None
        self.suffix = suffix

    @property
    def suffix(self) -> str | None:
        return self._suffix

    @suffix.setter
    def suffix(self, suffix: str | None) -> None:
        self._suffix = suffix
        self._tod_db = [f" {t}{suffix}" for t in self._tod] if suffix is not None else []
        self.db = self._text(self._days, self._day, self._tod_db) if suffix is not None else _dt

    def _day(self, day: int) -> str:
        text_ = self._days.get(day)
        if text_ is None:
            text_ = self._days[day] = (EPOCH + timedelta(days=day)).date().isoformat()
        return text_

    #: the value the database is sent for whole UTC seconds (``None`` for ``None``)
    db: Callable[[int | None], Any]

    @staticmethod
    def _text(
        days: dict[int, str], day_text: Callable[[int], str], tod: list[str]
    ) -> Callable[[int | None], Any]:
        """``db`` as text: the day's, then the time of day's (a closure: it runs for
        every time of every row)."""

        def db(seconds: int | None) -> Any:
            if seconds is None:
                return None
            day, rest = divmod(seconds, DAY)
            return (days.get(day) or day_text(day)) + tod[rest]

        return db

    def iso(self, seconds: int | None) -> str | None:
        """``datetime.isoformat()`` of the aware UTC instant, as the services record it."""
        if seconds is None:
            return None
        day, rest = divmod(seconds, DAY)
        return f"{self._day(day)}T{self._tod[rest]}+00:00"


class LocalDays:
    """Local dates (policy zone) of UTC seconds, by a binary search on local midnights."""

    def __init__(self, policy: Policy, first: date, last: date) -> None:
        self.first = first.toordinal()
        self.midnights: list[int] = []
        self.years: list[int] = []
        self.weekdays: list[int] = []
        day = first
        while day <= last:
            local = datetime(day.year, day.month, day.day, tzinfo=policy.zone)
            self.midnights.append(seconds(local))
            self.years.append(day.year)
            self.weekdays.append(day.weekday())
            day += timedelta(days=1)

    def index(self, seconds: int) -> int:
        return max(0, bisect_right(self.midnights, seconds) - 1)

    def ordinal(self, seconds: int) -> int:
        return self.first + self.index(seconds)
