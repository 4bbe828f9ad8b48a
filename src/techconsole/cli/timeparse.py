"""Reading instants and dates typed by a person."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.cli.output import fail
from techconsole.domain.errors import DomainError
from techconsole.domain.limits import supported_day
from techconsole.domain.wall_time import resolve_wall_time
from techconsole.i18n import _


def parse_instant(text: str, zone: ZoneInfo, *, what: str = "--at") -> datetime:
    """ISO 8601; without an offset it is read as wall time in ``zone``; in the years
    techconsole works with (:data:`~techconsole.domain.limits.FIRST_YEAR` to ``LAST_YEAR``).

    A wall time that does not exist (the spring DST gap) or exists twice (the autumn
    one) is refused with a hint, rather than guessed.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(
            _(
                "{option}: '{text}' is not an ISO 8601 time (e.g. 2026-11-27T17:00 or "
                "2026-11-27T17:00+01:00)"
            ).format(option=what, text=text)
        )
    try:
        return resolve_wall_time(value, zone)
    except DomainError as error:
        fail(f"{what}: {error}")


def parse_day(text: str, zone: ZoneInfo, *, what: str = "--from") -> date:
    """``YYYY-MM-DD``, or ``today`` / ``tomorrow`` (``oggi`` / ``domani``) in ``zone``."""
    lowered = text.strip().lower()
    today = datetime.now(zone).date()
    if lowered in ("today", "oggi"):
        return today
    if lowered in ("tomorrow", "domani"):
        return today + timedelta(days=1)
    try:
        day = date.fromisoformat(lowered)
    except ValueError:
        fail(
            _("{option}: '{text}' is not a date; write YYYY-MM-DD, today or tomorrow").format(
                option=what, text=text
            )
        )
    try:
        return supported_day(day)
    except DomainError as error:
        fail(f"{what}: {error}")
