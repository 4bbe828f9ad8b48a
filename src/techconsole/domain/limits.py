"""The bounds of what techconsole accepts: ids, the years it works in, the length of texts.

Each bound is checked where a value comes in (the command line, the console's forms,
the services), so that a number too big for the database, a time in year 1 or a text of
a megabyte is refused with a message naming the bound, never met half-way through.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from techconsole.domain.errors import DomainError
from techconsole.i18n import _

#: the largest id or number a row can have: the id columns are INTEGER, 32 bits on
#: PostgreSQL (which refuses even to compare one with a larger number)
MAX_ID = 2**31 - 1

#: the largest amount of money techconsole takes (a price, a fee, a prepaid contract)
MAX_AMOUNT = Decimal("999999999.99")

#: the years techconsole works in: every time typed, stored or computed lies in them
FIRST_YEAR = 2000
LAST_YEAR = 2100
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)

#: how far ahead of now a time of something that happened may be (clocks drift)
FUTURE_SKEW = timedelta(minutes=5)

#: the length of texts, in characters
MAX_SUBJECT = 300  # an incident's subject: a few words
MAX_NAME = 200  # a name, an e-mail, a phone, a code: one line
MAX_TEXT = 20_000  # a description, a note, the work done: about ten printed pages

_DIGITS = re.compile(r"[0-9]+")


def is_number(value: object) -> bool:
    """Whether ``value`` is an int or text of ASCII digits (an id, whatever its size)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, str) and _DIGITS.fullmatch(value.strip()) is not None
    )


def as_id(value: object) -> int | None:
    """``value`` (an int, or text of ASCII digits) as a row id, or ``None`` when it
    cannot be one (not a whole number, zero, or beyond :data:`MAX_ID`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        digits = value.strip().lstrip("0")
        if len(digits) > len(str(MAX_ID)):
            return None
        number = int(digits or "0")
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def years_said() -> str:
    return f"{FIRST_YEAR}–{LAST_YEAR}"


def check_year(year: int, shown: str) -> None:
    """Refuse a year outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`; ``shown`` is the
    value as the person typed it."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("{when} is outside the years techconsole works with ({years})").format(
                when=shown, years=years_said()
            )
        )


def supported_time(value: datetime) -> datetime:
    """``value`` (naive or aware) when its year is one techconsole works with."""
    check_year(value.year, value.isoformat(timespec="minutes"))
    return value


def supported_day(value: date) -> date:
    """``value`` when its year is one techconsole works with."""
    check_year(value.year, value.isoformat())
    return value


def length_problem(text: str, limit: int, what: str) -> str | None:
    """Why ``text`` is too long for a field (``what``, already translated), or ``None``."""
    if len(text) <= limit:
        return None
    return _("the {what} is {count} characters long; at most {limit} are allowed").format(
        what=what, count=len(text), limit=limit
    )
