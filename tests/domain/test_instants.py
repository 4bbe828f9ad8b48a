"""Durations as people write them, and exact instant <-> microsecond conversions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import ROME, rome
from techconsole.domain.errors import DomainError, NaiveDatetimeError
from techconsole.domain.instants import (
    EPOCH,
    HOUR,
    MINUTE,
    SECOND,
    format_duration,
    format_span,
    from_us,
    parse_duration,
    td_us,
    to_us,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", timedelta(hours=4)),
        ("30m", timedelta(minutes=30)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1h 30m", timedelta(hours=1, minutes=30)),
        ("90min", timedelta(minutes=90)),
        ("2h 14m", timedelta(hours=2, minutes=14)),
        ("  16h  ", timedelta(hours=16)),
        ("0m", timedelta(0)),
        ("100h", timedelta(hours=100)),
        ("0h 12m", timedelta(minutes=12)),
        ("60s", timedelta(seconds=60)),
        ("1m 30s", timedelta(minutes=1, seconds=30)),
        ("1h 0m 5s", timedelta(hours=1, seconds=5)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "h",
        "m",
        "-1h",
        "-0h 12m",
        "1d",
        "1.5h",
        "4",
        "4 hours",
        "30m4h",
        "5s1m",
        "90ms",
    ],
)
def test_parse_duration_refuses_anything_else(text):
    with pytest.raises(DomainError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (timedelta(seconds=42), "42 s"),
        (timedelta(seconds=42, microseconds=900_000), "42 s"),
        (timedelta(seconds=60), "1 min"),
        (timedelta(seconds=90), "1 min 30 s"),
        (timedelta(minutes=59, seconds=59), "59 min 59 s"),
        (timedelta(hours=2, minutes=14), "2h 14m"),
        (timedelta(seconds=-5), "0 s"),
    ],
)
def test_format_span_says_short_spans_to_the_second(value, said):
    assert format_span(value) == said


def test_parse_duration_refuses_non_strings():
    with pytest.raises(DomainError):
        parse_duration(240)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(hours=2, minutes=14), "2h 14m"),
        (timedelta(minutes=-12), "-0h 12m"),
        (timedelta(hours=-1, minutes=-5), "-1h 05m"),
        (timedelta(0), "0h 00m"),
        (timedelta(minutes=5), "0h 05m"),
        (timedelta(hours=26), "26h 00m"),  # never days
        (timedelta(days=3, hours=2), "74h 00m"),
        (timedelta(hours=2, minutes=14, seconds=59), "2h 14m"),  # whole minutes, truncated
        (-timedelta(minutes=12, seconds=30), "-0h 12m"),  # toward zero, not -13
    ],
)
def test_format_duration(value, expected):
    assert format_duration(value) == expected


@given(st.integers(min_value=0, max_value=10_000 * 60))
def test_format_then_parse_round_trips_whole_minutes(minutes):
    value = timedelta(minutes=minutes)
    assert parse_duration(format_duration(value)) == value


def test_units():
    assert SECOND == 1_000_000
    assert MINUTE == 60 * SECOND
    assert HOUR == 3_600_000_000
    assert td_us(timedelta(days=1, microseconds=1)) == 86_400_000_001
    assert td_us(timedelta(microseconds=-1)) == -1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EPOCH, 0),
        (datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC), 1),
        (datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), -1),
        # 01:00 at +01:00 is midnight UTC
        (datetime(1970, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))), 0),
        # 946684800 s is 2000-01-01Z; 2026-01-01Z is 9497 days later
        # (26 × 365 + 7 leap days) = 1_767_225_600 s
        (datetime(2000, 1, 1, tzinfo=UTC), 946_684_800 * SECOND),
        (datetime(2026, 1, 1, tzinfo=UTC), 1_767_225_600 * SECOND),
        (rome(2026, 1, 1, 1), 1_767_225_600 * SECOND),  # CET = +01:00
        (rome(2026, 7, 1, 2), (1_767_225_600 + 181 * 86_400) * SECOND),  # CEST = +02:00
        (rome(2026, 1, 1, 1, 0, 0, 123456), 1_767_225_600 * SECOND + 123456),
    ],
)
def test_to_us_is_exact(value, expected):
    assert to_us(value) == expected


def test_the_repeated_autumn_hour_gives_two_instants():
    first, second = rome(2026, 10, 25, 2, 30), rome(2026, 10, 25, 2, 30, fold=1)
    assert to_us(second) - to_us(first) == HOUR
    assert from_us(to_us(first), ROME).utcoffset() == timedelta(hours=2)
    assert from_us(to_us(second), ROME).utcoffset() == timedelta(hours=1)
    assert from_us(to_us(second), ROME).fold == 1


def test_from_us():
    assert from_us(0) == EPOCH
    assert from_us(0).tzinfo is UTC
    assert from_us(-1) == datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    rome_new_year = from_us(1_767_225_600 * SECOND, ROME)
    assert rome_new_year.isoformat() == "2026-01-01T01:00:00+01:00"
    assert rome_new_year.tzinfo is ROME


def test_to_us_refuses_naive_and_non_datetimes():
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        to_us(datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="must be a datetime"):
        to_us("2026-01-01T00:00:00Z")  # type: ignore[arg-type]


@given(
    st.integers(min_value=-(2**50), max_value=2**55),
    st.sampled_from([UTC, ROME, timezone(timedelta(hours=-5, minutes=-30))]),
)
def test_from_us_then_to_us_round_trips(us, zone):
    value = from_us(us, zone)
    assert to_us(value) == us
    assert value.tzinfo is zone


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from([UTC, ROME]),
        allow_imaginary=False,
    )
)
def test_to_us_then_from_us_is_the_same_instant(value):
    back = from_us(to_us(value), value.tzinfo)
    assert back == value
    assert back.utcoffset() == value.utcoffset()
