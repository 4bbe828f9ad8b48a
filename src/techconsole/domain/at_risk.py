"""Which running clocks are in their warning band, found from their due times.

A running clock with ``remaining`` business time left is due at ``add(now, remaining)`` on
its plan's calendar, and that instant grows with ``remaining``.  A clock is in its warning
band when ``remaining`` is at most the policy's ``warning_left`` share of its target, so
its due time is at most ``add(now, warning_left × the plan's longest target)``: the queue
reads the incidents due between now and that horizon (off its due-time index) and keeps
those whose clock says it is at risk.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from techconsole.domain.instants import from_us, to_us
from techconsole.domain.policy import Plan, Policy
from techconsole.domain.sla import ClockState, ClockStatus

#: the states of a clock that is at risk and still running: not yet breached, not paused
#: (a paused clock does not move), not stopped
_RUNNING = frozenset({ClockStatus.WARNING, ClockStatus.CLOSED})


def longest_target(plan: Plan) -> timedelta | None:
    """The longest target any clock of ``plan`` has, or ``None`` when it has none."""
    spans = [
        span
        for target in plan.targets.values()
        for span in (*target.by_severity.values(), target.urgent)
        if span is not None
    ]
    return max(spans, default=None)


def horizon(policy: Policy, now: datetime) -> datetime:
    """The latest due time a running clock in its warning band can have at ``now``."""
    start = to_us(now, "now")
    latest = start
    for plan in policy.plans.values():
        longest = longest_target(plan)
        if longest is None:
            continue
        band = int(longest // timedelta(microseconds=1) * policy.warning_left)
        latest = max(latest, plan.calendar.add_us(start, band))
    return from_us(latest)


def at_risk(state: ClockState | None) -> bool:
    """Whether ``state`` is a running clock in its warning band (▲), not breached."""
    return state is not None and state.at_risk and state.status in _RUNNING
