"""Times said the way a technician says them on the phone, in Italian or English.

``domani alle 9:30``, ``lunedì 9:00``, ``lunedì prossimo alle 10``, ``dopodomani 15``,
``tra 4 ore``, ``fra mezz'ora``, ``2 ore fa``, ``ieri 17:30``, ``27 novembre 17:00``;
``tomorrow 9:30``, ``monday at 9``, ``next monday 10:00``, ``in 2 hours``, ``3 hours ago``,
``yesterday 17:30``, ``november 27 17:00``.  Each is read into a wall time of the policy's
zone (or a span from now) and nothing else: a phrase this grammar does not know is
refused, never guessed.  (General date parsers read ``mercoledì alle 15`` as the 15th of
the month and ``oggi 17`` as now: a closed grammar says what it reads or refuses.)

A weekday alone is the next one to come — today's when its time is still ahead — unless
the phrase says ``scorso``/``last`` (the last one gone) or ``prossimo``/``next`` (the one
after today).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from techconsole.domain.errors import DomainError
from techconsole.i18n import _

DAY_WORDS = {
    "oggi": 0,
    "today": 0,
    "domani": 1,
    "tomorrow": 1,
    "dopodomani": 2,
    "ieri": -1,
    "yesterday": -1,
    "altroieri": -2,
}
WEEKDAYS = {
    **dict.fromkeys(("lunedi", "lun", "monday", "mon"), 0),
    **dict.fromkeys(("martedi", "mar", "tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("mercoledi", "mer", "wednesday", "wed"), 2),
    **dict.fromkeys(("giovedi", "gio", "thursday", "thu", "thurs"), 3),
    **dict.fromkeys(("venerdi", "ven", "friday", "fri"), 4),
    **dict.fromkeys(("sabato", "sab", "saturday", "sat"), 5),
    **dict.fromkeys(("domenica", "dom", "sunday", "sun"), 6),
}
MONTHS = {
    **dict.fromkeys(("gennaio", "gen", "january", "jan"), 1),
    **dict.fromkeys(("febbraio", "feb", "february"), 2),
    **dict.fromkeys(("marzo", "march", "mar"), 3),
    **dict.fromkeys(("aprile", "apr", "april"), 4),
    **dict.fromkeys(("maggio", "mag", "may"), 5),
    **dict.fromkeys(("giugno", "giu", "june", "jun"), 6),
    **dict.fromkeys(("luglio", "lug", "july", "jul"), 7),
    **dict.fromkeys(("agosto", "ago", "august", "aug"), 8),
    **dict.fromkeys(("settembre", "set", "sett", "september", "sep", "sept"), 9),
    **dict.fromkeys(("ottobre", "ott", "october", "oct"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("dicembre", "dic", "december", "dec"), 12),
}
_NEXT = ("prossimo", "prossima", "next")
_LAST = ("scorso", "scorsa", "last")
_UNITS = {
    **dict.fromkeys(("minuto", "minuti", "min", "minute", "minutes", "mins", "m"), 60),
    **dict.fromkeys(("ora", "ore", "hour", "hours", "h"), 3600),
    **dict.fromkeys(("giorno", "giorni", "day", "days", "g", "d"), 86_400),
}
_ONE = ("un", "una", "uno", "a", "an", "1")
_SPAN = r"(?P<n>\d{1,4}|un'|un|una|uno|an|a|mezz'|mezza)\s*(?P<unit>[a-z]+)"
_RELATIVE = re.compile(rf"^(?:tra|fra|in)\s+{_SPAN}(?:\s+e\s+mezz[ao])?$")
_AGO = re.compile(rf"^{_SPAN}(?:\s+e\s+mezz[ao])?\s+(?:fa|ago)$")
_CLOCK = re.compile(
    r"^(?:(?:alle|all'|ore|at)\s*)?(?P<hh>\d{1,2})(?:[:.](?P<mm>\d{2}))?\s*(?P<ampm>am|pm)?$"
)
_NOON = {"mezzogiorno": time(12), "noon": time(12), "mezzanotte": time(0), "midnight": time(0)}


def fold(text: str) -> str:
    """Lower case, accents dropped (``lunedì`` → ``lunedi``), single spaces."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("’", "'")
    return " ".join(plain.split())


@dataclass(frozen=True, slots=True)
class Phrase:
    """What a phrase says: a span from now, or a wall time (naive, in the policy's zone)."""

    span: timedelta | None = None
    wall: datetime | None = None


def _span(number: str, unit: str, half: bool, text: str) -> timedelta:
    seconds = _UNITS.get(unit)
    if seconds is None:
        raise DomainError(_("'{text}' is not a time I can read").format(text=text))
    if number in ("mezz'", "mezza"):
        count = 0.5
    elif number in _ONE or number == "un'":
        count = 1.0
    else:
        count = float(int(number))
    return timedelta(seconds=int(seconds * (count + (0.5 if half else 0))))


def _clock(words: str, text: str) -> time | None:
    """The time of day at the end of a phrase (``alle 9:30``, ``9``, ``5pm``); ``None``
    when the phrase gives none."""
    if not words:
        return None
    if words in _NOON:
        return _NOON[words]
    match = _CLOCK.match(words)
    if match is None:
        raise DomainError(_("'{text}' is not a time I can read").format(text=text))
    hour, minute = int(match["hh"]), int(match["mm"] or 0)
    if match["ampm"] == "pm" and hour < 12:
        hour += 12
    elif match["ampm"] == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise DomainError(_("'{text}' is not a time of day").format(text=text))
    return time(hour, minute)


def _day(words: list[str], today: date) -> tuple[date, bool, int] | None:
    """The day the first words name, whether it was a weekday, and how many words it took."""
    if not words:
        return None
    first = words[0]
    if first in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[first]), False, 1
    if first in _NEXT + _LAST and len(words) > 1 and words[1] in WEEKDAYS:  # next monday
        return _weekday(today, WEEKDAYS[words[1]], first), True, 2
    if first in WEEKDAYS:
        if len(words) > 1 and words[1] in _NEXT + _LAST:  # lunedì prossimo
            return _weekday(today, WEEKDAYS[first], words[1]), True, 2
        return _weekday(today, WEEKDAYS[first], ""), True, 1
    return _month_day(words, today)


def _weekday(today: date, weekday: int, which: str) -> date:
    ahead = (weekday - today.weekday()) % 7
    if which in _LAST:
        return today - timedelta(days=(7 - ahead) % 7 or 7)
    if which in _NEXT:
        return today + timedelta(days=ahead or 7)
    return today + timedelta(days=ahead)


def _month_day(words: list[str], today: date) -> tuple[date, bool, int] | None:
    """``27 novembre [2026]`` or ``november 27 [2026]``."""
    if len(words) < 2:
        return None
    if words[0].isdigit() and words[1] in MONTHS:
        day, month, used = int(words[0]), MONTHS[words[1]], 2
    elif words[0] in MONTHS and words[1].isdigit():
        day, month, used = int(words[1]), MONTHS[words[0]], 2
    else:
        return None
    year = today.year
    if len(words) > used and re.fullmatch(r"\d{4}", words[used]):
        year, used = int(words[used]), used + 1
    try:
        return date(year, month, day), False, used
    except ValueError:
        raise DomainError(_("'{text}' is not a date").format(text=" ".join(words))) from None


def read_phrase(text: str, now_wall: datetime) -> Phrase | None:
    """What ``text`` says, read against ``now_wall`` (naive, the policy zone's wall time);
    ``None`` when it is not a phrase of this grammar."""
    typed = fold(text)
    for pattern, sign in ((_RELATIVE, 1), (_AGO, -1)):
        match = pattern.match(typed)
        if match:
            half = " e mezz" in typed
            return Phrase(span=sign * _span(match["n"], match["unit"], half, text))
    words = typed.replace(",", " ").split()
    found = _day(words, now_wall.date())
    if found is None:
        return None
    day, weekday, used = found
    at = _clock(" ".join(words[used:]), text)
    if at is None:
        raise DomainError(
            _("'{text}': at what time? e.g. {example}").format(
                text=text.strip(), example=f"{' '.join(words[:used])} 9:30"
            )
        )
    wall = datetime.combine(day, at)
    plain_weekday = weekday and not set(words[:used]) & set(_NEXT + _LAST)
    if plain_weekday and wall <= now_wall:  # today's hour is gone: next week's
        wall += timedelta(days=7)
    return Phrase(wall=wall)
