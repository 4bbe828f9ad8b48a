"""Exact conversions between aware datetimes and integer microseconds since the epoch.

The engine works on integers so that sums and comparisons are exact and fast;
datetimes appear only at its edges.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from techconsole.domain.errors import DomainError, NaiveDatetimeError
from techconsole.i18n import N_, _

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


def require_aware(value: datetime, what: str = N_("instant")) -> datetime:
    """Return ``value`` if it carries a time zone, else raise a clear error; ``what``
    names it there, marked with ``N_`` ("arrival time") and translated then."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            _("{what} {when} has no time zone; give an offset such as +01:00").format(
                what=_(what), when=value.isoformat()
            )
        )
    return value


def to_us(value: datetime, what: str = N_("instant")) -> int:
    """Microseconds since the Unix epoch, exactly."""
    return (require_aware(value, what) - EPOCH) // US


def from_us(value: int, zone: tzinfo = UTC) -> datetime:
    """The aware datetime at ``value`` microseconds since the epoch, shown in ``zone``."""
    return (EPOCH + timedelta(microseconds=value)).astimezone(zone)


def td_us(value: timedelta) -> int:
    """A duration in whole microseconds."""
    return value // US


#: a guard against durations that would not fit in a date (about a century); the policy
#: bounds its own durations tighter
LONGEST_DURATION = timedelta(days=36_525)

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?\s*$"
)


#: the ways people write an hour and a half besides ``1h30m``: ``1h30``, ``1:30``; and
#: minutes with a prime, ``90'``
_HOURS_MINUTES = re.compile(r"^\s*(?P<h>\d{1,9})\s*(?:h|:)\s*(?P<m>\d{2})\s*$")
_PRIME = re.compile(r"^\s*(?P<m>\d{1,11})\s*['’]\s*$")


def parse_duration(text: str, longest: timedelta = LONGEST_DURATION) -> timedelta:
    """Read ``"4h"``, ``"30m"``, ``"1h30m"`` (or ``"1h30"``, ``"1:30"``, ``"90min"``,
    ``"90'"``), ``"60s"`` as a duration.

    Raises ``DomainError`` for anything else, including negative or empty values and
    durations over ``longest``.
    """
    if not isinstance(text, str):
        raise DomainError(
            _("'{text}' is not a duration; write it like 4h, 30m or 1h30m").format(text=text)
        )
    hours = mins = secs = None
    short = _HOURS_MINUTES.match(text)
    if short is not None:
        hours, mins = short["h"], short["m"]
        if int(mins) >= 60:
            raise DomainError(_("'{text}': minutes go up to 59").format(text=text.strip()))
    elif (prime := _PRIME.match(text)) is not None:
        mins = prime["m"]
    elif (match := _DURATION.match(text)) is not None:
        hours, mins, secs = match["h"], match["m"], match["s"]
    if hours is None and mins is None and secs is None:
        raise DomainError(
            _("'{text}' is not a duration; write it like 4h, 30m or 1h30m").format(text=text)
        )
    hours, mins, secs = hours or "0", mins or "0", secs or "0"
    limit = min(longest, LONGEST_DURATION) // timedelta(seconds=1)
    # no int() of a thousand digits: anything that long is too long anyway
    huge = len(hours) > 9 or len(mins) > 11 or len(secs) > 13
    seconds = limit + 1 if huge else (int(hours) * 60 + int(mins)) * 60 + int(secs)
    if seconds > limit:
        raise DomainError(
            _("'{text}' is too long: at most {hours}h").format(
                text=text.strip(), hours=limit // 3600
            )
        )
    return timedelta(seconds=seconds)


def format_span(value: timedelta) -> str:
    """A short span said to the second: ``42 s``, ``1 min``, ``1 min 30 s``; an hour or
    more as :func:`format_duration` says it."""
    seconds = max(td_us(value), 0) // SECOND
    if seconds >= 3600:
        return format_duration(value)
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


def format_duration(value: timedelta) -> str:
    """``2h 14m``; negative durations keep their sign (``-0h 12m``). Never days."""
    sign = "-" if value < timedelta(0) else ""
    hours, minutes = divmod(td_us(abs(value)) // MINUTE, 60)
    return f"{sign}{hours}h {minutes:02d}m"
