"""Which running clocks are in their warning band, found from their due times.

A running clock with ``remaining`` business time left is due at ``add(now, remaining)`` on
its plan's calendar, and that instant grows with ``remaining``.  A clock is in its warning
band when ``remaining`` is at most the policy's ``warning_left`` share of its target, so
its due time is at most ``add(now, warning_left × the longest target)`` for its plan,
severity and urgency (:func:`windows`): the queue reads the incidents due between now and
the end of their plan's latest window (off its due-time index), works out the clocks of
those due within their own window only, and keeps those whose clock says it is at risk.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from techconsole.domain.instants import from_us, to_us
from techconsole.domain.policy import Policy
from techconsole.domain.sla import ClockState, ClockStatus

#: the states of a clock that is at risk and still running: not yet breached, not paused
#: (a paused clock does not move), not stopped
_RUNNING = frozenset({ClockStatus.WARNING, ClockStatus.CLOSED})
_US = timedelta(microseconds=1)


#: what a window is kept under: (plan, severity, urgent)
Key = tuple[str, str, bool]


def windows(policy: Policy, now: datetime) -> dict[Key, datetime]:
    """(plan, severity, urgent) → the latest due a running clock of such an incident can
    have at ``now`` and be in its warning band: ``warning_left`` of the longest target the
    plan gives that severity and urgency, counted on the plan's calendar from ``now`` (a
    closed calendar counts from its next opening).  A combination without targets is
    never at risk: it has no window."""
    start = to_us(now, "now")
    found: dict[Key, datetime] = {}
    for name, plan in policy.plans.items():
        for severity in policy.severities:
            for urgent in (False, True):
                targets = [
                    target
                    for clock in policy.clocks_for(urgent)
                    if (target := policy.target(name, clock.name, severity.code, urgent))
                ]
                if targets:
                    band = math.ceil(policy.warning_left * (max(targets) // _US))
                    found[(name, severity.code, urgent)] = from_us(
                        plan.calendar.add_us(start, band)
                    )
    return found


def horizon(policy: Policy, now: datetime) -> datetime:
    """The latest due time a running clock in its warning band can have at ``now``: the
    end of the latest window (``now`` when no plan has targets)."""
    return max(windows(policy, now).values(), default=now)


def at_risk(state: ClockState | None) -> bool:
    """Whether ``state`` is a running clock in its warning band (▲), not breached."""
    return state is not None and state.at_risk and state.status in _RUNNING
