"""Reading instants and dates typed by a person."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.cli.output import fail
from techconsole.domain.errors import DomainError
from techconsole.domain.limits import supported_day
from techconsole.domain.wall_time import parse_when, resolve_wall_time
from techconsole.i18n import _


def parse_instant(
    text: str,
    zone: ZoneInfo,
    *,
    what: str = "--at",
    now: datetime | None = None,
    day: date | None = None,
) -> datetime:
    """ISO 8601, or what the console reads (``27/11 17:00``, ``domani alle 9:30``,
    ``lunedì 9:00``, ``tra 2 ore``, ``+2h``: :func:`~techconsole.domain.wall_time.parse_when`)
    from ``now`` (default: the wall clock); without an offset it is read as wall time in
    ``zone``; in the years techconsole works with.  A time of day alone is on ``day`` if
    given, else today.

    A wall time that does not exist (the spring DST gap) or exists twice (the autumn
    one) is refused with a hint, rather than guessed.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            return parse_when(text, zone, now or datetime.now(UTC), day)
        except DomainError as error:
            fail(f"{what}: {error}")
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
