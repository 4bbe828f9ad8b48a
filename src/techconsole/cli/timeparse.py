"""Reading instants and dates typed by a person."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.cli.output import fail


def parse_instant(text: str, zone: ZoneInfo, *, what: str = "--at") -> datetime:
    """ISO 8601; without an offset it is read as wall time in ``zone``.

    A wall time that does not exist (the spring DST gap) or exists twice (the autumn
    one) is refused with a hint, rather than guessed.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(
            f"{what}: '{text}' is not an ISO 8601 time (e.g. 2026-11-27T17:00 or "
            "2026-11-27T17:00+01:00)"
        )
    if value.tzinfo is not None:
        return value
    first = value.replace(tzinfo=zone)
    second = value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        there = first.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
        if there != value:
            fail(
                f"{what}: {value:%Y-%m-%d %H:%M} does not exist in {zone.key} "
                "(the clocks jump forward); give an offset"
            )
        fail(
            f"{what}: {value:%Y-%m-%d %H:%M} happens twice in {zone.key} (the clocks go "
            "back); add +02:00 for the first or +01:00 for the second"
        )
    return first


def parse_day(text: str, zone: ZoneInfo, *, what: str = "--from") -> date:
    """``YYYY-MM-DD``, or ``today`` / ``tomorrow`` in ``zone``."""
    lowered = text.strip().lower()
    today = datetime.now(zone).date()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    try:
        return date.fromisoformat(lowered)
    except ValueError:
        fail(f"{what}: '{text}' is not a date; write YYYY-MM-DD, today or tomorrow")
