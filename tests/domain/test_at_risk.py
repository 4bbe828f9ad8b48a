"""The at-risk view's windows: every running clock in its warning band is due by the end
of the window of its plan, severity and urgency, and so by the horizon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import rome
from techconsole.domain.at_risk import at_risk, horizon, windows
from techconsole.domain.sla import ClockStatus, clock_states, primary
from techconsole.services.policies import load

POLICY = load("default")


def test_each_plan_severity_and_urgency_has_its_window():
    """Friday 27/11/2026 17:00, a quarter of the longest target: Basic C (16 h of office
    time: 4 h, 17–18 then Monday 09–12), Basic A (4 h: 1 h, 18:00), Enterprise A (1 h
    round the clock: 15 min) and C (12 h: 3 h, 20:00); a plan without targets has no
    window (never at risk).  The latest window ends at the horizon."""
    now = rome(2026, 11, 27, 17)
    found = windows(POLICY, now)
    assert found[("basic", "C", False)] == rome(2026, 11, 30, 12).astimezone(UTC)
    assert found[("basic", "A", False)] == rome(2026, 11, 27, 18).astimezone(UTC)
    assert found[("enterprise", "A", False)] == rome(2026, 11, 27, 17, 15).astimezone(UTC)
    assert found[("enterprise", "C", False)] == rome(2026, 11, 27, 20).astimezone(UTC)
    assert not any(plan == "none" for plan, _severity, _urgent in found)
    assert max(found.values()) == horizon(POLICY, now)


def test_the_horizon_is_the_latest_end_of_a_band_over_the_plans():
    """Friday 27/11/2026 17:00: a quarter of Basic's 16 h is 4 business hours (17–18,
    then Monday 09–12: Monday 12:00); Professional's 2 h of its 7-day office (Saturday
    10:00); Enterprise's 3 h round the clock (20:00).  The latest is Monday noon."""
    assert horizon(POLICY, rome(2026, 11, 27, 17)) == rome(2026, 11, 30, 12).astimezone(UTC)


MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=500, deadline=None)
@given(
    arrived=MOMENTS,
    elapsed=st.integers(min_value=0, max_value=24 * 60 * 14),
    plan=st.sampled_from(["basic", "professional", "enterprise"]),
    severity=st.sampled_from(["A", "B", "C"]),
    urgent=st.booleans(),
)
def test_every_clock_in_its_band_is_due_by_its_window(arrived, elapsed, plan, severity, urgent):
    now = arrived + timedelta(minutes=elapsed)
    state = primary(
        clock_states(POLICY, arrived=arrived, plan=plan, severity=severity, urgent=urgent, now=now)
    )
    if at_risk(state):
        assert state is not None and state.due is not None
        assert now <= state.due <= windows(POLICY, now)[(plan, severity, urgent)]
        assert state.due <= horizon(POLICY, now)
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
