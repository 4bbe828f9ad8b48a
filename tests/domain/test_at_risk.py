"""The at-risk view's horizon: every running clock in its warning band is due by then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import rome
from techconsole.domain.at_risk import at_risk, horizon, longest_target
from techconsole.domain.sla import ClockStatus, clock_states, primary
from techconsole.services.policies import load

POLICY = load("default")


def test_the_longest_target_of_each_plan():
    assert longest_target(POLICY.plan("basic")) == timedelta(hours=16)
    assert longest_target(POLICY.plan("enterprise")) == timedelta(hours=12)
    assert longest_target(POLICY.plan("none")) is None  # no target: never at risk


def test_the_horizon_is_the_latest_end_of_a_band_over_the_plans():
    """Friday 27/11/2026 17:00: a quarter of Basic's 16 h is 4 business hours (17–18,
    then Monday 09–12: Monday 12:00); Professional's 2 h of its 7-day office (Saturday
    10:00); Enterprise's 3 h round the clock (20:00).  The latest is Monday noon."""
    assert horizon(POLICY, rome(2026, 11, 27, 17)) == rome(2026, 11, 30, 12).astimezone(UTC)


MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    arrived=MOMENTS,
    elapsed=st.integers(min_value=0, max_value=24 * 60 * 14),
    plan=st.sampled_from(["basic", "professional", "enterprise"]),
    severity=st.sampled_from(["A", "B", "C"]),
)
def test_every_clock_in_its_band_is_due_by_the_horizon(arrived, elapsed, plan, severity):
    now = arrived + timedelta(minutes=elapsed)
    state = primary(
        clock_states(POLICY, arrived=arrived, plan=plan, severity=severity, urgent=False, now=now)
    )
    if at_risk(state):
        assert state is not None and state.due is not None
        assert now <= state.due <= horizon(POLICY, now)
        assert state.status in (ClockStatus.WARNING, ClockStatus.CLOSED)


def test_breached_paused_and_stopped_clocks_are_not_at_risk():
    arrived = rome(2026, 11, 23, 10)
    states = clock_states(
        POLICY,
        arrived=arrived,
        plan="enterprise",
        severity="B",
        urgent=False,
        now=arrived + timedelta(minutes=100),
    )
    assert at_risk(primary(states))  # 20 of 120 minutes left
    late = clock_states(
        POLICY,
        arrived=arrived,
        plan="enterprise",
        severity="B",
        urgent=False,
        now=arrived + timedelta(minutes=121),
    )
    assert primary(late).status is ClockStatus.BREACHED and not at_risk(primary(late))
    assert not at_risk(None)
