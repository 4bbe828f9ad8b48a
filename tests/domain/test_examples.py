"""Every SLA row of spec/examples.md, through the calendar and through the SLA clock.

Default calendars: Europe/Rome; 8-hour plans open 09:00–13:00 and 14:00–18:00; Basic
closed on Italian public holidays; Enterprise always open.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers import ROME, rome
from techconsole.domain.sla import ClockStatus, Stopped, clock_state

H = timedelta(hours=1)

# (plan, severity, target, arrived, arrival weekday, expected due, due weekday)
EXAMPLES = [
    # 17–18 Friday = 1 h; Sat/Sun closed; Monday 09–12 = 3 h.
    pytest.param(
        "basic", "A", 4 * H, rome(2026, 11, 27, 17), "Fri",
        "2026-11-30T12:00:00+01:00", "Mon", id="basic-A-over-weekend",
    ),
    # 17–18 Friday = 1 h; Saturday is covered: 09–11 = 2 h.
    pytest.param(
        "professional", "A", 3 * H, rome(2026, 11, 27, 17), "Fri",
        "2026-11-28T11:00:00+01:00", "Sat", id="professional-A-saturday",
    ),
    # 24/7, no DST in November: 17:00 + 12 h = 05:00 next day.
    pytest.param(
        "enterprise", "C", 12 * H, rome(2026, 11, 27, 17), "Fri",
        "2026-11-28T05:00:00+01:00", "Sat", id="enterprise-C-overnight",
    ),
    # Friday 12–13 (1 h) + 14–18 (4 h) = 5 h; Sat 25 April / Sunday closed;
    # Monday 09–12 = 3 h -> 8 h.
    pytest.param(
        "basic", "B", 8 * H, rome(2026, 4, 24, 12), "Fri",
        "2026-04-27T12:00:00+02:00", "Mon", id="basic-B-liberation-day",
    ),
    # Monday 13:15 is lunch: 14–18 = 4 h; Tue 8 Dec (Immacolata) closed;
    # Wednesday 8 h (12 h); Thursday 09–13 = 4 h -> 16 h exactly at 13:00.
    pytest.param(
        "basic", "C", 16 * H, rome(2026, 12, 7, 13, 15), "Mon",
        "2026-12-10T13:00:00+01:00", "Thu", id="basic-C-immacolata",
    ),
    # 20:00+02:00 = 18:00Z; + 12 real hours = 06:00Z = 07:00+01:00 (DST ended at 03:00).
    pytest.param(
        "enterprise", "C", 12 * H, rome(2026, 10, 24, 20), "Sat",
        "2026-10-25T07:00:00+01:00", "Sun", id="enterprise-C-dst-ends",
    ),
    # Arrives before opening: the clock starts at 09:00; 09–13 = 4 h.
    pytest.param(
        "professional", "B", 4 * H, rome(2026, 1, 5, 7, 45), "Mon",
        "2026-01-05T13:00:00+01:00", "Mon", id="professional-B-before-opening",
    ),
    # Monday 16–18 = 2 h; Tue 2 June (Festa della Repubblica) closed; Wed 09–11 = 2 h.
    pytest.param(
        "basic", "A", 4 * H, rome(2026, 6, 1, 16), "Mon",
        "2026-06-03T11:00:00+02:00", "Wed", id="basic-A-festa-della-repubblica",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("plan", "severity", "target", "arrived", "arrived_day", "expected", "due_day"), EXAMPLES
)
def test_example_due_from_the_calendar(
    policy, plan, severity, target, arrived, arrived_day, expected, due_day
):
    assert arrived.strftime("%a") == arrived_day  # the table's weekdays are right
    assert policy.target(plan, "response", severity, urgent=False) == target
    due = policy.plan(plan).calendar.add(arrived, target)
    assert due == datetime.fromisoformat(expected)
    assert (
        due.astimezone(ROME).isoformat() == expected
    )  # same instant *and* the local offset of that day
    assert due.astimezone(ROME).strftime("%a") == due_day


@pytest.mark.parametrize(
    ("plan", "severity", "target", "arrived", "arrived_day", "expected", "due_day"), EXAMPLES
)
def test_example_due_from_the_sla_clock(
    policy, plan, severity, target, arrived, arrived_day, expected, due_day
):
    state = clock_state(
        policy,
        "response",
        arrived=arrived,
        plan=plan,
        severity=severity,
        urgent=False,
        now=arrived,
    )
    assert state.target == target
    assert state.elapsed == timedelta(0)
    assert state.remaining == target
    assert state.due is not None
    assert state.due.astimezone(ROME).isoformat() == expected


@pytest.mark.parametrize(
    ("plan", "severity", "arrived"),
    [
        # Basic A = 4 h from Monday 14:00: 14–18 = 4 h -> due 18:00 Monday.
        ("basic", "A", rome(2026, 11, 30, 14)),
        # Professional B = 4 h from Saturday 14:00 (covered): due 18:00 Saturday.
        ("professional", "B", rome(2026, 11, 28, 14)),
        # Basic B = 8 h from Monday 09:00: 09–13 + 14–18 = 8 h -> 18:00 Monday.
        ("basic", "B", rome(2026, 11, 30, 9)),
    ],
)
def test_target_met_exactly_at_closing_is_due_at_closing(policy, plan, severity, arrived):
    target = policy.target(plan, "response", severity, urgent=False)
    calendar = policy.plan(plan).calendar
    due = calendar.add(arrived, target)
    closing = arrived.replace(hour=18, minute=0)
    assert due == closing  # 18:00, not the next opening
    assert due.astimezone(ROME).isoformat().endswith("T18:00:00+01:00")
    assert not calendar.is_open(due)
    assert calendar.is_open(due - timedelta(microseconds=1))
    # and a milestone reached at 18:00 sharp meets the target
    state = clock_state(
        policy,
        "response",
        arrived=arrived,
        plan=plan,
        severity=severity,
        urgent=False,
        events=[Stopped(closing)],
        now=closing + timedelta(hours=3),
    )
    assert state.status is ClockStatus.MET
    assert state.remaining == timedelta(0)
    assert state.due == closing


def test_target_met_at_the_lunch_closing_is_due_at_13(policy):
    # Basic A = 4 h from Monday 09:00: 09–13 -> due 13:00, not 14:00.
    due = policy.plan("basic").calendar.add(rome(2026, 11, 30, 9), timedelta(hours=4))
    assert due.astimezone(ROME).isoformat() == "2026-11-30T13:00:00+01:00"
