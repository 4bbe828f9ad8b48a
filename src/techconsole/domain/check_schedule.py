"""The day of the month a customer's machines are checked (seed 004, "scadenziario su base
mensile"): the agreed rule, read from a few words or an RRULE, and the day it gives in a
month.

A rule is kept as text in one of two canonical forms:

- ``FIRST-WORKING-DAY``: the first day of the month the contract's calendar is open (the
  default, when the customer has agreed on nothing);
- an RFC 5545 ``RRULE`` of frequency ``MONTHLY`` (``FREQ=MONTHLY;BYDAY=+1TU``: the first
  Tuesday), read by :mod:`dateutil.rrule`.

A few words read as a rule, in English or Italian: ``first tuesday`` / ``primo martedì``,
``last friday`` / ``ultimo venerdì``, ``day 15`` / ``giorno 15`` (or ``15``), ``last day``
/ ``ultimo giorno``, ``first working day`` / ``primo giorno lavorativo``.  When a rule
gives no day in a month (the 31st in February), the check is due on the month's last day.
Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final

from dateutil.rrule import MONTHLY, rrule, rrulestr

from techconsole.domain.errors import DomainError
from techconsole.i18n import N_, NP_, _, language, translate, translator

WORKING_DAY: Final = "FIRST-WORKING-DAY"

_ORDINALS: Final[dict[str, int]] = {
    **dict.fromkeys(("first", "1st", "primo", "prima", "1"), 1),
    **dict.fromkeys(("second", "2nd", "secondo", "seconda", "2"), 2),
    **dict.fromkeys(("third", "3rd", "terzo", "terza", "3"), 3),
    **dict.fromkeys(("fourth", "4th", "quarto", "quarta", "4"), 4),
    **dict.fromkeys(("last", "ultimo", "ultima"), -1),
}
_DAYS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("MO", ("monday", "mon", "lunedi", "lun")),
    ("TU", ("tuesday", "tue", "martedi", "mar")),
    ("WE", ("wednesday", "wed", "mercoledi", "mer")),
    ("TH", ("thursday", "thu", "giovedi", "gio")),
    ("FR", ("friday", "fri", "venerdi", "ven")),
    ("SA", ("saturday", "sat", "sabato", "sab")),
    ("SU", ("sunday", "sun", "domenica", "dom")),
)
_WEEKDAY: Final[dict[str, str]] = {word: code for code, words in _DAYS for word in words}
_FILLER: Final = frozenset({"the", "of", "month", "every", "each", "il", "la", "l", "del"})
_FILLER_IT: Final = frozenset({"mese", "ogni", "di"})
_WORKING: Final = (("first", "working", "day"), ("primo", "giorno", "lavorativo"))
_DAY_WORDS: Final = frozenset({"day", "giorno"})

#: the weekdays' names (English msgids), Monday first, as a rule's words say them
WEEKDAY_NAMES: Final = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_CODES: Final = tuple(code for code, _words in _DAYS)
#: what a rule's words say, and what is refused
EXAMPLES: Final = N_(
    'a schedule is a few words such as "first tuesday", "last friday", "day 15", '
    '"first working day" (or in Italian: "primo martedì", "ultimo venerdì", "giorno 15", '
    '"primo giorno lavorativo"), or a monthly RRULE such as "FREQ=MONTHLY;BYDAY=+1TU"'
)


def _plain(text: str) -> list[str]:
    """``Il primo Martedì del mese`` → ``["primo", "martedi"]``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.split(r"[^a-z0-9]+", ascii_.replace("°", ""))
    return [w for w in words if w and w not in _FILLER and w not in _FILLER_IT]


def parse(text: str) -> str:
    """The canonical rule of ``text`` (words or an RRULE); a :class:`DomainError` that
    shows what may be written otherwise."""
    typed = " ".join(text.split())
    if not typed:
        raise DomainError(_(EXAMPLES))
    upper = typed.upper()
    if upper.startswith(("RRULE:", "FREQ=")):
        return _rrule(upper.removeprefix("RRULE:").strip())
    words = _plain(typed)
    if tuple(words) in _WORKING or words in (["default"], ["predefinito"]):
        return WORKING_DAY
    if len(words) == 2 and words[0] in _ORDINALS and words[1] in _WEEKDAY:
        n = _ORDINALS[words[0]]
        return f"FREQ=MONTHLY;BYDAY={n:+d}{_WEEKDAY[words[1]]}"
    if len(words) == 2 and words[0] in ("last", "ultimo") and words[1] in _DAY_WORDS:
        return "FREQ=MONTHLY;BYMONTHDAY=-1"
    day = words[1:] if len(words) == 2 and words[0] in _DAY_WORDS else words
    if len(day) == 1 and re.fullmatch(r"[0-9]{1,2}(st|nd|rd|th)?", day[0]):
        number = int(re.sub(r"[a-z]", "", day[0]))
        if 1 <= number <= 31:
            return f"FREQ=MONTHLY;BYMONTHDAY={number}"
    raise DomainError(
        _("'{text}' is not a schedule: {examples}").format(text=typed, examples=_(EXAMPLES))
    )


def _rrule(text: str) -> str:
    """A typed RRULE, checked: monthly, every month, without an end or a start of its own."""
    parts = [p for p in text.split(";") if p.strip()]
    keys = [p.split("=", 1)[0].strip() for p in parts]
    refused = sorted({"COUNT", "UNTIL", "DTSTART"} & set(keys))
    if refused:
        raise DomainError(
            _("the schedule's RRULE may not say {keys}: it runs as long as the contract").format(
                keys=", ".join(refused)
            )
        )
    try:
        rule = rrulestr(text, dtstart=datetime(2026, 1, 1))  # noqa: DTZ001 - wall days
    except (ValueError, TypeError, KeyError) as error:
        raise DomainError(
            _("'{text}' is not an RRULE ({error}): {examples}").format(
                text=text, error=error, examples=_(EXAMPLES)
            )
        ) from None
    if not isinstance(rule, rrule) or rule._freq != MONTHLY:
        raise DomainError(_("the schedule's RRULE must be FREQ=MONTHLY: a day of each month"))
    if rule._interval != 1:
        raise DomainError(
            _(
                "the schedule's RRULE must repeat every month (no INTERVAL): how many months "
                "apart the checks are is the policy's service.health_check_every_months"
            )
        )
    return ";".join(p.strip() for p in parts)


def month_end(first: date) -> date:
    """The last day of ``first``'s month."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after ``first``'s."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=4096)
def _rule_day(rule: str, year: int, month: int) -> date | None:
    first = datetime(year, month, 1)  # noqa: DTZ001 - a rule gives wall days, no zone
    found: datetime | None = rrulestr(rule, dtstart=first).after(first, inc=True)
    if found is None or (found.year, found.month) != (year, month):
        return None
    return found.date()


def due_day(rule: str, first: date, working: Callable[[date], bool]) -> date:
    """The day ``rule`` gives in ``first``'s month: its first occurrence in the month,
    else (the 31st in February) the month's last day; for :data:`WORKING_DAY` the first
    day ``working`` says the office is open (else the first of the month)."""
    last = month_end(first)
    if rule == WORKING_DAY:
        day = first
        while day <= last:
            if working(day):
                return day
            day += timedelta(days=1)
        return first
    return _rule_day(rule, first.year, first.month) or last


#: the ordinals of a weekday in the month with their article, as a rule's words say them;
#: Italian has a feminine for Sunday (``la prima domenica``, ``l'ultimo venerdì``)
ORDINALS: Final[dict[int, tuple[str, str]]] = {
    1: (NP_("masculine", "the first"), NP_("feminine", "the first")),
    2: (NP_("masculine", "the second"), NP_("feminine", "the second")),
    3: (NP_("masculine", "the third"), NP_("feminine", "the third")),
    4: (NP_("masculine", "the fourth"), NP_("feminine", "the fourth")),
    -1: (NP_("masculine", "the last"), NP_("feminine", "the last")),
}


def describe(rule: str, lang: str | None = None) -> str:
    """A rule in words, in ``lang`` (default: the language in use): ``the first Tuesday
    of the month``; an RRULE of another shape as it is."""
    words = translator(lang or language())
    if rule == WORKING_DAY:
        return words.gettext("the first working day of the month")
    by_day = re.fullmatch(r"FREQ=MONTHLY;BYDAY=([+-]?[1-4])(MO|TU|WE|TH|FR|SA|SU)", rule)
    if by_day:
        n, code = int(by_day[1]), by_day[2]
        weekday = words.gettext(WEEKDAY_NAMES[_CODES.index(code)])
        ordinal = translate(words, ORDINALS[n][code == "SU"])
        said = words.gettext("{ordinal} {weekday} of the month")
        return said.format(ordinal=ordinal, weekday=weekday)
    by_date = re.fullmatch(r"FREQ=MONTHLY;BYMONTHDAY=(-1|[0-9]{1,2})", rule)
    if by_date:
        if by_date[1] == "-1":
            return words.gettext("the last day of the month")
        said = words.gettext("day {day} of the month (the last day when the month is shorter)")
        return said.format(day=int(by_date[1]))
    return rule
