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
from techconsole.i18n import N_, _

#: the forms accepted, for the hint under the field (an English msgid: :func:`formats`)
FORMATS = N_("18:30, 24/11 01:15, 24/11/2026 01:15 or 2026-11-24T01:15")

_CLOCK = r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})"
_TIME = re.compile(rf"^{_CLOCK}$")
_DAY_TIME = re.compile(rf"^(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?\s+{_CLOCK}$")


class NotATime(ValueError):
    """What was typed is not a time that can be used; the message says why."""


def formats() -> str:
    """The forms accepted, in the language in use."""
    return _(FORMATS)


def parse_end(text: str, zone: ZoneInfo, started: datetime) -> datetime:
    """The instant ``text`` names; a time alone is on ``started``'s day in ``zone``."""
    typed = " ".join(text.strip().split())
    if not typed:
        raise NotATime(_("type when you really stopped, e.g. {formats}").format(formats=formats()))
    first_day = started.astimezone(zone).date()
    alone = _TIME.match(typed)
    if alone:
        return _in_zone(_wall(first_day, alone["hh"], alone["mm"], typed), zone)
    with_day = _DAY_TIME.match(typed)
    if with_day:
        try:
            day = date(int(with_day["y"] or first_day.year), int(with_day["m"]), int(with_day["d"]))
        except ValueError:
            raise NotATime(_("'{text}' is not a date").format(text=typed)) from None
        return _in_zone(_wall(day, with_day["hh"], with_day["mm"], typed), zone)
    try:
        value = datetime.fromisoformat(typed)
    except ValueError:
        said = _("'{text}' is not a time; write it like {formats}")
        raise NotATime(said.format(text=typed, formats=formats())) from None
    return _in_zone(value, zone)


def _wall(day: date, hh: str, mm: str, typed: str) -> datetime:
    try:
        return datetime.combine(day, time(int(hh), int(mm)))
    except ValueError:
        raise NotATime(_("'{text}' is not a time of day").format(text=typed)) from None


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
    when = f"{value:%d/%m/%Y %H:%M}"
    after = first.astimezone(UTC).astimezone(zone)  # the wall time once the clocks moved
    if after.replace(tzinfo=None) != value:
        said = _(
            "{when} does not exist in {zone} (the clocks jump forward); "
            "give an offset, e.g. {example}"
        )
        example = after.isoformat(timespec="minutes")  # 2026-03-29T03:30+02:00
        raise NotATime(said.format(when=when, zone=zone.key, example=example))
    said = _(
        "{when} happens twice in {zone} (the clocks go back); "
        "add {first} for the first or {second} for the second, e.g. {example}"
    )
    example = second.isoformat(timespec="minutes")  # 2026-10-25T02:30+01:00
    raise NotATime(
        said.format(
            when=when, zone=zone.key, first=_offset(first), second=_offset(second), example=example
        )
    )


def _offset(value: datetime) -> str:
    """``+02:00``: the UTC offset of an aware datetime."""
    return value.isoformat(timespec="minutes")[-6:]
