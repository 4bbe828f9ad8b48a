"""Times typed by a person: wall-clock times read in the policy's zone, never guessed.

The command line and the console read ISO 8601, the way the console shows times
(``27/11/2026 17:00``), short forms a technician types on the phone with a customer
(``17:00`` today, ``+2h``) and Italian or English phrases (``domani alle 9:30``,
``lunedì 9:00``, ``tra 4 ore``: :mod:`techconsole.domain.phrases`).  A wall time the zone skips
(the spring DST night) or repeats (the autumn one) is refused with a hint.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration
from techconsole.domain.limits import supported_time
from techconsole.domain.phrases import read_phrase
from techconsole.i18n import N_, _

UTC = ZoneInfo("UTC")

#: what the console's time fields accept, for hints next to them (``_(FORMATS)`` when shown)
FORMATS = N_(
    "27/11/2026 17:00, 27/11 17:00, 17:00, tomorrow 9:30, monday 9:00, in 2 hours, +2h "
    "or 2026-11-27T17:00"
)

_DAY_WORDS = {"today": 0, "oggi": 0, "tomorrow": 1, "domani": 1}
_CLOCK = r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})"
_DAY_MONTH = re.compile(rf"^(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?\s+{_CLOCK}$")
_WORD = re.compile(rf"^(?:(?P<word>[a-z]+)\s+)?{_CLOCK}$")
_AHEAD = re.compile(r"^\+\s*(?P<span>.+)$")


def resolve_wall_time(value: datetime, zone: ZoneInfo) -> datetime:
    """``value`` (naive) as the instant it names in ``zone``; aware values pass through.

    Raises :class:`DomainError` when the wall time does not exist in ``zone`` or exists
    twice there, rather than picking one; and a time outside the years techconsole works
    with (:func:`~techconsole.domain.limits.supported_time`).
    """
    supported_time(value)
    if value.tzinfo is not None:
        return value
    first = value.replace(tzinfo=zone)
    second = value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    there = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if there != value:
        raise DomainError(
            _("{when} does not exist in {zone} (the clocks jump forward); give an offset").format(
                when=f"{value:%Y-%m-%d %H:%M}", zone=zone.key
            )
        )
    raise DomainError(
        _(
            "{when} happens twice in {zone} (the clocks go back); "
            "add {first} for the first or {second} for the second"
        ).format(
            when=f"{value:%Y-%m-%d %H:%M}",
            zone=zone.key,
            first=_offset(first),
            second=_offset(second),
        )
    )


def _offset(value: datetime) -> str:
    """``+02:00``: the UTC offset of an aware datetime."""
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _wall(day: date, hh: str, mm: str, text: str) -> datetime:
    try:
        return datetime.combine(day, time(int(hh), int(mm)))
    except ValueError:
        raise DomainError(_("'{text}' is not a time of day").format(text=text)) from None


def parse_when(text: str, zone: ZoneInfo, now: datetime, day: date | None = None) -> datetime:
    """A time typed in the console (see :data:`FORMATS`), as an aware instant.

    ``now`` (aware) gives today's date and the start of ``+2h``; forms without an
    offset are read as wall time in ``zone``.  A time of day alone (``18:30``) is on
    ``day`` when one is given (the end of a session: the day it started), else today.
    """
    typed = " ".join(text.strip().lower().split())
    if not typed:
        raise DomainError(_("no time given"))
    today = now.astimezone(zone).date()
    ahead = _AHEAD.match(typed)
    if ahead:
        return supported_time(now + parse_duration(ahead["span"].replace(" ", "")))
    day_month = _DAY_MONTH.match(typed)
    if day_month:
        try:
            day = date(int(day_month["y"] or today.year), int(day_month["m"]), int(day_month["d"]))
        except ValueError:
            raise DomainError(_("'{text}' is not a date").format(text=text.strip())) from None
        return resolve_wall_time(_wall(day, day_month["hh"], day_month["mm"], text), zone)
    phrase = read_phrase(text, now.astimezone(zone).replace(tzinfo=None))
    if phrase is not None and phrase.span is not None:
        return supported_time(now + phrase.span)
    if phrase is not None and phrase.wall is not None:
        return resolve_wall_time(phrase.wall, zone)
    word = _WORD.match(typed)
    if word:
        offset = _DAY_WORDS.get(word["word"] or "today")
        if offset is None:
            raise DomainError(
                _("'{word}'? write today or tomorrow, or a date").format(word=word["word"])
            )
        on = day if day is not None and not word["word"] else today + timedelta(days=offset)
        return resolve_wall_time(_wall(on, word["hh"], word["mm"], text), zone)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(
            _("'{text}' is not a time; write it like {formats}").format(
                text=text.strip(), formats=_(FORMATS)
            )
        ) from None
    return resolve_wall_time(value, zone)
