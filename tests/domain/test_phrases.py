"""Times said as a technician says them, in Italian or English: each read exactly or
refused.  "Now" is Friday 4 December 2026, 22:00 in Rome (21:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain.errors import DomainError
from techconsole.domain.wall_time import parse_when

ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)  # Friday 22:00 in Rome


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("domani alle 9:30", rome(2026, 12, 5, 9, 30)),
        ("Domani 9.30", rome(2026, 12, 5, 9, 30)),
        ("tomorrow 9:30", rome(2026, 12, 5, 9, 30)),
        ("tomorrow at 9", rome(2026, 12, 5, 9, 0)),
        ("dopodomani 15", rome(2026, 12, 6, 15, 0)),
        ("oggi 23:15", rome(2026, 12, 4, 23, 15)),
        ("ieri 17:30", rome(2026, 12, 3, 17, 30)),
        ("yesterday 5pm", rome(2026, 12, 3, 17, 0)),
        # a weekday alone: the next to come (today's only while its time is ahead)
        ("lunedì 9:00", rome(2026, 12, 7, 9, 0)),
        ("lunedi alle 9", rome(2026, 12, 7, 9, 0)),
        ("monday at 9:00", rome(2026, 12, 7, 9, 0)),
        ("mercoledì alle 15", rome(2026, 12, 9, 15, 0)),
        ("venerdì 23:00", rome(2026, 12, 4, 23, 0)),  # today, still ahead
        ("venerdì 21:00", rome(2026, 12, 11, 21, 0)),  # today's is gone: next week's
        ("lunedì prossimo alle 10", rome(2026, 12, 7, 10, 0)),
        ("next friday 10:00", rome(2026, 12, 11, 10, 0)),
        ("venerdì scorso 9:00", rome(2026, 11, 27, 9, 0)),
        ("last monday 18:00", rome(2026, 11, 30, 18, 0)),
        ("27 novembre 17:00", rome(2026, 11, 27, 17, 0)),
        ("27 nov alle 17", rome(2026, 11, 27, 17, 0)),
        ("november 27 2025 17:00", rome(2025, 11, 27, 17, 0)),
        ("2 gennaio 2027 mezzogiorno", rome(2027, 1, 2, 12, 0)),
        # spans from now
        ("tra 4 ore", NOW + timedelta(hours=4)),
        ("fra 30 minuti", NOW + timedelta(minutes=30)),
        ("tra un'ora e mezza", NOW + timedelta(minutes=90)),
        ("tra mezz'ora", NOW + timedelta(minutes=30)),
        ("in 2 hours", NOW + timedelta(hours=2)),
        ("in an hour", NOW + timedelta(hours=1)),
        ("2 ore fa", NOW - timedelta(hours=2)),
        ("3 hours ago", NOW - timedelta(hours=3)),
        ("tra 2 giorni", NOW + timedelta(days=2)),
        # the strict forms of before still read the same
        ("+2h", NOW + timedelta(hours=2)),
        ("17:00", rome(2026, 12, 4, 17, 0)),
        ("27/11 17:00", rome(2026, 11, 27, 17, 0)),
        ("2026-11-27T17:00", rome(2026, 11, 27, 17, 0)),
    ],
)
def test_phrases_read_as_a_technician_means_them(typed, expected):
    assert parse_when(typed, ROME, NOW) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("domani", "at what time?"),
        ("lunedì prossimo", "at what time?"),
        ("domani alle 25", "not a time of day"),
        ("domani alle pranzo", "not a time I can read"),
        ("31 febbraio 10:00", "not a date"),
        ("tra 3 settimane", "not a time I can read"),
        ("quando puoi", "not a time"),
    ],
)
def test_what_is_not_understood_is_refused_never_guessed(typed, words):
    with pytest.raises(DomainError, match=words):
        parse_when(typed, ROME, NOW)


def test_a_wall_time_the_clocks_skip_is_refused_in_a_phrase_too():
    """29 March 2026: Rome's clocks jump from 02:00 to 03:00."""
    with pytest.raises(DomainError, match="does not exist"):
        parse_when("29 marzo 2026 alle 2:30", ROME, NOW)
    with pytest.raises(DomainError, match="happens twice"):
        parse_when("25 ottobre 2026 2:30", ROME, NOW)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1h30", 90),
        ("1:30", 90),
        ("90'", 90),
        ("90’", 90),
        ("90min", 90),
        ("1h30m", 90),
        ("0:45", 45),
    ],
)
def test_durations_as_people_write_them(typed, minutes):
    from techconsole.domain.instants import parse_duration

    assert parse_duration(typed) == timedelta(minutes=minutes)


@pytest.mark.parametrize("typed", ["1:75", "1h75", "90", "'", ":30", "1:3"])
def test_durations_that_are_not(typed):
    from techconsole.domain.instants import parse_duration

    with pytest.raises(DomainError):
        parse_duration(typed)
