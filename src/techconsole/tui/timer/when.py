"""Reading the real end of a forgotten timer, typed by a person, in the policy's zone.

A time alone (``18:30``) is on the day the timer started, which is what a forgotten
timer needs; ``24/11 01:15``, ``24/11/2026 01:15`` and ISO 8601 (``2026-11-24T01:15``,
with or without an offset) say the day.  A wall time the zone skips (the spring DST
night) or repeats (the autumn one) is refused with a hint instead of guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from techconsole.domain.errors import DomainError
from techconsole.domain.limits import supported_time

#: the forms accepted, for the hint under the field
FORMATS = "18:30, 24/11 01:15, 24/11/2026 01:15 or 2026-11-24T01:15"

_CLOCK = r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})"
_TIME = re.compile(rf"^{_CLOCK}$")
_DAY_TIME = re.compile(rf"^(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?\s+{_CLOCK}$")


class NotATime(ValueError):
    """What was typed is not a time that can be used; the message says why."""


def parse_end(text: str, zone: ZoneInfo, started: datetime) -> datetime:
    """The instant ``text`` names; a time alone is on ``started``'s day in ``zone``."""
    typed = " ".join(text.strip().split())
    if not typed:
        raise NotATime(f"type when you really stopped, e.g. {FORMATS}")
    first_day = started.astimezone(zone).date()
    alone = _TIME.match(typed)
    if alone:
        return _in_zone(_wall(first_day, alone["hh"], alone["mm"], typed), zone)
    with_day = _DAY_TIME.match(typed)
    if with_day:
        try:
            day = date(int(with_day["y"] or first_day.year), int(with_day["m"]), int(with_day["d"]))
        except ValueError:
            raise NotATime(f"'{typed}' is not a date") from None
        return _in_zone(_wall(day, with_day["hh"], with_day["mm"], typed), zone)
    try:
        value = datetime.fromisoformat(typed)
    except ValueError:
        raise NotATime(f"'{typed}' is not a time; write it like {FORMATS}") from None
    return _in_zone(value, zone)


def _wall(day: date, hh: str, mm: str, typed: str) -> datetime:
    try:
        return datetime.combine(day, time(int(hh), int(mm)))
    except ValueError:
        raise NotATime(f"'{typed}' is not a time of day") from None


def _in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall time as the one instant it names in ``zone`` (aware values pass)."""
    try:
        supported_time(value)
    except DomainError as error:
        raise NotATime(str(error)) from None
    if value.tzinfo is not None:
        return value
    first, second = value.replace(tzinfo=zone), value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise NotATime(
            f"{value:%d/%m/%Y %H:%M} does not exist in {zone.key} (the clocks jump "
            "forward); give an offset, e.g. 2026-03-29T03:30+02:00"
        )
    raise NotATime(
        f"{value:%d/%m/%Y %H:%M} happens twice in {zone.key} (the clocks go back); add "
        "+02:00 for the first or +01:00 for the second, e.g. 2026-10-25T02:30+01:00"
    )
