"""Times typed in the console, read in the policy's zone (Europe/Rome)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain.errors import DomainError
from techconsole.domain.wall_time import parse_when, resolve_wall_time

ROME = ZoneInfo("Europe/Rome")
#: Monday 23 November 2026, 10:00 in Rome
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "wall"),
    [
        ("27/11/2026 17:00", datetime(2026, 11, 27, 17, 0)),
        ("27/11 17:00", datetime(2026, 11, 27, 17, 0)),
        ("5/1/2027 8.30", datetime(2027, 1, 5, 8, 30)),
        ("17:00", datetime(2026, 11, 23, 17, 0)),
        ("today 9:30", datetime(2026, 11, 23, 9, 30)),
        ("Tomorrow 9:30", datetime(2026, 11, 24, 9, 30)),
        ("domani  12:00", datetime(2026, 11, 24, 12, 0)),
        ("2026-11-27T17:00", datetime(2026, 11, 27, 17, 0)),
    ],
)
def test_forms_a_technician_types(typed: str, wall: datetime) -> None:
    assert parse_when(typed, ROME, NOW) == wall.replace(tzinfo=ROME)


def test_a_time_alone_can_be_on_another_day() -> None:
    """The end of a session typed as ``18:30`` is on the day the session started."""
    friday = date(2026, 11, 20)
    assert parse_when("18:30", ROME, NOW, friday) == datetime(2026, 11, 20, 18, 30, tzinfo=ROME)
    # a day said in words or numbers is that day
    assert parse_when("today 18:30", ROME, NOW, friday) == datetime(
        2026, 11, 23, 18, 30, tzinfo=ROME
    )
    assert parse_when("ieri alle 17", ROME, NOW, friday) == datetime(
        2026, 11, 22, 17, 0, tzinfo=ROME
    )
    assert parse_when("21/11 9:00", ROME, NOW, friday) == datetime(2026, 11, 21, 9, tzinfo=ROME)


def test_ahead_of_now_and_an_explicit_offset() -> None:
    assert parse_when("+2h", ROME, NOW) == NOW + timedelta(hours=2)
    assert parse_when("+1h30m", ROME, NOW) == NOW + timedelta(minutes=90)
    stated = parse_when("2026-11-27T17:00+00:00", ROME, NOW)
    assert stated == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "no time given"),
        ("31/11 12:00", "is not a date"),
        ("25:00", "is not a time of day"),
        ("soon 9:00", "write today or tomorrow"),
        ("+soon", "is not a duration"),
        ("next week", "is not a time"),
    ],
)
def test_what_does_not_read_is_said(typed: str, said: str) -> None:
    with pytest.raises(DomainError, match=said):
        parse_when(typed, ROME, NOW)


def test_the_dst_nights_are_refused_not_guessed() -> None:
    with pytest.raises(DomainError, match="does not exist in Europe/Rome"):
        parse_when("29/03/2026 02:30", ROME, NOW)
    with pytest.raises(DomainError, match=r"happens twice .* \+02:00 for the first"):
        resolve_wall_time(datetime(2026, 10, 25, 2, 30), ROME)
