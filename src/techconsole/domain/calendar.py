"""Business calendars: weekly windows, holidays and company closures, in a time zone.

The engine lays each UTC year out once as a sorted list of open intervals (real
instants, so DST nights are counted as the hours they really last) with the business
time accumulated before each interval.  Adding business time or measuring it between two
instants is then two binary searches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.domain.errors import CalendarNeverOpensError, DomainError
from techconsole.domain.instants import from_us, td_us, to_us
from techconsole.i18n import _

MINUTES_PER_DAY = 24 * 60
_FIRST_YEAR = 1900
#: UTC instants (µs) at which each year from 1900 to 2200 starts: finding the year of an
#: instant is then a binary search instead of building a datetime.
_YEAR_STARTS = [to_us(datetime(y, 1, 1, tzinfo=UTC)) for y in range(_FIRST_YEAR, 2201)]
#: How many empty years ``add`` and ``next_opening`` walk before giving up.
HORIZON_YEARS = 10


@dataclass(frozen=True, slots=True)
class Window:
    """An open window of one day, in minutes from local midnight.

    ``end`` is after ``start`` and may pass 1440: ``22:00–06:00`` is ``(1320, 1800)``.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < MINUTES_PER_DAY or not self.start < self.end:
            raise DomainError(
                _("invalid window {start}-{end}").format(start=self.start, end=self.end)
            )
        if self.end - self.start > MINUTES_PER_DAY:
            raise DomainError(_("a window cannot last more than 24 hours"))

    def __str__(self) -> str:
        end = self.end - MINUTES_PER_DAY if self.end > MINUTES_PER_DAY else self.end
        return f"{_hhmm(self.start)}–{_hhmm(end)}"


@dataclass(frozen=True, slots=True)
class Closure:
    """A company closure: whole days, or part of each day from ``start`` to ``end``."""

    first: date
    last: date
    start: int = 0
    end: int = MINUTES_PER_DAY
    reason: str = ""
    yearly: bool = False

    def days_in(self, year: int) -> Iterator[date]:
        """The local dates of ``year`` this closure covers."""
        if self.yearly:
            first = _same_day_in(self.first, year)
            last = _same_day_in(self.last, year)
            if last < first:  # e.g. 24 Dec – 6 Jan: ends in the next year
                last = _same_day_in(self.last, year + 1)
        else:
            first, last = self.first, self.last
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)


def _same_day_in(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _hhmm(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours:02d}:{mins:02d}"


@dataclass(frozen=True, slots=True)
class _Year:
    """One UTC year laid out as open intervals (µs) with the business time before each."""

    begin: int
    end: int
    starts: list[int]
    ends: list[int]
    before: list[int]
    after: list[int]

    @property
    def total(self) -> int:
        return self.after[-1] if self.after else 0

    def position(self, t: int) -> int:
        """Business µs from the start of this year up to instant ``t``."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        return self.before[i] + min(t, self.ends[i]) - self.starts[i]


class BusinessCalendar:
    """When a plan's clock runs: weekly windows in a zone, minus holidays and closures.

    ``weekly`` has seven entries, Monday first.  ``is_holiday`` says whether a local
    date is a public holiday the calendar closes on (pass ``None`` to cover holidays);
    ``holiday_name`` names it, for people.
    """

    def __init__(
        self,
        zone: ZoneInfo,
        weekly: tuple[tuple[Window, ...], ...],
        *,
        is_holiday: Callable[[date], bool] | None = None,
        holiday_name: Callable[[date], str | None] | None = None,
        closures: tuple[Closure, ...] = (),
        name: str = "",
    ) -> None:
        if len(weekly) != 7:
            raise DomainError(_("a week has seven days"))
        if not any(weekly):
            raise DomainError(
                _("calendar {name} has no open window in the week").format(name=name or "?")
            )
        self.zone = zone
        self.weekly = weekly
        self.closures = closures
        self.name = name
        self._is_holiday = is_holiday
        self._holiday_name = holiday_name
        self._years: dict[int, _Year] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the years laid out so far (they are rebuilt when asked)."""
        return {**self.__dict__, "_years": {}}

    def learn_holidays(self, years: Iterable[int]) -> None:
        """Have the holidays of ``years`` looked up now, by whatever answers for them that
        can (:class:`~techconsole.domain.holiday_table.HolidayTable`): they are kept when
        the calendar is pickled."""
        callables = (self._is_holiday, self._holiday_name)
        owners = {id(o): o for f in callables if (o := getattr(f, "__self__", None)) is not None}
        for owner in owners.values():
            learn = getattr(owner, "learn", None)
            if learn is not None:
                learn(years)

    # -- layout ---------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        laid = self._years.get(year)
        if laid is None:
            laid = self._years[year] = self._lay_out(year)
        return laid

    def _year_of(self, t: int) -> _Year:
        index = bisect_right(_YEAR_STARTS, t) - 1
        if 0 <= index < len(_YEAR_STARTS) - 1:
            return self._year(_FIRST_YEAR + index)
        return self._year(from_us(t).year)

    def is_closed_day(self, day: date) -> bool:
        """Whether ``day`` is a holiday this calendar closes on."""
        return self._is_holiday is not None and self._is_holiday(day)

    def holiday(self, day: date) -> str | None:
        """The name of the holiday ``day`` is closed for, or ``None``."""
        if not self.is_closed_day(day):
            return None
        name = self._holiday_name(day) if self._holiday_name else None
        return name or "public holiday"

    def _local(self, day: date, minutes: int) -> int:
        wall = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        return to_us(wall + timedelta(minutes=minutes))

    def _lay_out(self, year: int) -> _Year:
        begin = to_us(datetime(year, 1, 1, tzinfo=UTC))
        end = to_us(datetime(year + 1, 1, 1, tzinfo=UTC))
        raw: list[tuple[int, int]] = []
        day = date(year - 1, 12, 30)
        last = date(year + 1, 1, 2)
        while day <= last:
            if not self.is_closed_day(day):
                for window in self.weekly[day.weekday()]:
                    raw.append((self._local(day, window.start), self._local(day, window.end)))
            day += timedelta(days=1)
        closed = sorted(
            (self._local(d, c.start), self._local(d, c.end))
            for c in self.closures
            for y in (year - 1, year, year + 1)
            for d in c.days_in(y)
        )
        starts: list[int] = []
        ends: list[int] = []
        for s, e in _subtract(_merge(sorted(raw)), _merge(closed)):
            s, e = max(s, begin), min(e, end)
            if s < e:
                starts.append(s)
                ends.append(e)
        before: list[int] = []
        after: list[int] = []
        acc = 0
        for s, e in zip(starts, ends, strict=True):
            before.append(acc)
            acc += e - s
            after.append(acc)
        return _Year(begin, end, starts, ends, before, after)

    # -- integer core ---------------------------------------------------------------

    def add_us(self, t: int, duration: int) -> int:
        """The instant at which ``duration`` µs of business time have run from ``t``."""
        if duration < 0:
            raise DomainError(_("cannot add a negative business time"))
        if duration == 0:
            return t
        laid = self._year_of(t)
        target = laid.position(t) + duration
        empty_years = 0
        while empty_years < HORIZON_YEARS:
            if target <= laid.total:
                j = bisect_left(laid.after, target)
                return laid.starts[j] + target - laid.before[j]
            empty_years = empty_years + 1 if laid.total == 0 else 0
            target -= laid.total
            laid = self._year(from_us(laid.end).year)
        raise CalendarNeverOpensError(
            _("calendar {name} does not open for years").format(name=self.name)
        )

    def elapsed_us(self, a: int, b: int) -> int:
        """Business µs between ``a`` and ``b`` (negative when ``b`` is before ``a``)."""
        if b < a:
            return -self.elapsed_us(b, a)
        first, last = self._year_of(a), self._year_of(b)
        if first is last:
            return last.position(b) - first.position(a)
        total = first.total - first.position(a) + last.position(b)
        year = from_us(first.end).year
        while year < from_us(last.begin).year:
            total += self._year(year).total
            year += 1
        return total

    def _open_interval(self, t: int) -> tuple[int, int] | None:
        laid = self._year_of(t)
        i = bisect_right(laid.starts, t) - 1
        if i >= 0 and t < laid.ends[i]:
            return laid.starts[i], laid.ends[i]
        return None

    def next_opening_us(self, t: int) -> int:
        """``t`` itself when open, else the next instant the calendar opens."""
        laid = self._year_of(t)
        i = bisect_right(laid.starts, t) - 1
        if i >= 0 and t < laid.ends[i]:
            return t
        for _year in range(HORIZON_YEARS):
            if i + 1 < len(laid.starts):
                return laid.starts[i + 1]
            laid, i = self._year(from_us(laid.end).year), -1
        raise CalendarNeverOpensError(
            _("calendar {name} does not open for years").format(name=self.name)
        )

    def next_closing_us(self, t: int) -> int | None:
        """When the window open at ``t`` closes; ``None`` if closed or open for years."""
        span = self._open_interval(t)
        if span is None:
            return None
        for _year in range(HORIZON_YEARS):
            nxt = self._open_interval(span[1])
            if nxt is None:
                return span[1]
            span = nxt
        return None

    def intervals_us(self, a: int, b: int) -> list[tuple[int, int]]:
        """The open intervals between ``a`` and ``b``, clipped, year joins merged."""
        out: list[tuple[int, int]] = []
        laid = self._year_of(a)
        while laid.begin < b:
            i = max(bisect_right(laid.starts, a) - 1, 0)
            while i < len(laid.starts) and laid.starts[i] < b:
                s, e = max(laid.starts[i], a), min(laid.ends[i], b)
                if s < e:
                    if out and out[-1][1] == s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
                i += 1
            laid = self._year(from_us(laid.end).year)
        return out

    # -- datetime API ---------------------------------------------------------------

    # Instants come back in UTC: comparing or subtracting two datetimes of one non-UTC
    # zone goes by wall time and gets the autumn DST night wrong.  Convert to show them.

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The due instant (UTC): ``duration`` of business time counted from ``start``."""
        return from_us(self.add_us(to_us(start, "start"), td_us(duration)))

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two instants."""
        return timedelta(microseconds=self.elapsed_us(to_us(start, "start"), to_us(end, "end")))

    def is_open(self, at: datetime) -> bool:
        return self._open_interval(to_us(at)) is not None

    def next_opening(self, at: datetime) -> datetime:
        return from_us(self.next_opening_us(to_us(at)))

    def next_closing(self, at: datetime) -> datetime | None:
        closing = self.next_closing_us(to_us(at))
        return None if closing is None else from_us(closing)

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Open intervals between two instants (UTC)."""
        return [
            (from_us(s), from_us(e))
            for s, e in self.intervals_us(to_us(start, "start"), to_us(end, "end"))
        ]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for hs, he in holes:
            if he <= s or hs >= e:
                continue
            if hs > s:
                out.append((s, hs))
            s = max(s, he)
            if s >= e:
                break
        if s < e:
            out.append((s, e))
    return out
