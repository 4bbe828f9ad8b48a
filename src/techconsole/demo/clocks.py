"""The outcome of each SLA clock an incident stopped, worked out in whole microseconds.

The services record an outcome when a milestone is reached (``store.outcomes``), from the
incident's clock log through ``domain.clock_log.inputs`` and ``outcomes``, which build
datetimes, clock inputs and a full clock state (its due, its status) for each clock.  The
demo makes up to millions of incidents: it works out the same values straight from the
clock log it has just made, in integers, the way ``domain.sla.clock_state`` counts them
(the runs between pauses, each under the plan in force, the target of the plan, severity
and urgency reached at the stop).  ``tests/services/test_clock_outcomes.py`` checks that
a fresh recording of every outcome by the store finds exactly these rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from techconsole.domain.clock_log import MILESTONES
from techconsole.domain.incident_clocks import stop_of
from techconsole.domain.policy import Policy

_US = 1_000_000
#: resolving stops every clock not stopped yet (``incident_clocks.stop_of``)
_RESOLVED = MILESTONES["resolved"]
#: the timeline kinds that move an SLA clock (``clock_log.clock_event``)
_PAUSE, _RESUME, _CHANGE = "pause", "resume", ("triage", "plan")
#: an event of the clock log: (µs, kind, plan, severity, urgent)
_Event = tuple[int, str, Any, Any, Any]


class Outcomes:
    """``rows(...)``: the ``clock_outcome`` values of one incident (without its
    ``stopped_at`` text), for ``policy`` at ``now_us``."""

    def __init__(self, policy: Policy, now_us: int) -> None:
        self.policy = policy
        self.now_us = now_us
        self._targets: dict[tuple[str, str, str, bool], int | None] = {}
        self._clocks = {
            urgent: tuple((c.name, MILESTONES[c.stops_on]) for c in policy.clocks_for(urgent))
            for urgent in (False, True)
        }
        self._elapsed = {name: plan.calendar.elapsed_us for name, plan in policy.plans.items()}

    def _target(self, plan: str, clock: str, severity: str, urgent: bool) -> int | None:
        key = (plan, clock, severity, urgent)
        if key not in self._targets:
            target: timedelta | None = self.policy.target(plan, clock, severity, urgent)
            self._targets[key] = None if target is None else target // timedelta(microseconds=1)
        return self._targets[key]

    def rows(
        self,
        arrived: int,
        plan: str,
        severity: str,
        urgent: bool,
        log: list[Any],
        reached: dict[str, int],
    ) -> list[tuple[str, int, bool, int, int]]:
        """(clock, stopped at µs, met, target µs, used µs) of each clock with a target
        that stopped by now (its milestone reached, or the incident resolved before):
        ``reached`` maps the incident's milestone
        columns (``acknowledged_at``…) to µs; ``log`` is its clock log, oldest first, and
        ``plan``, ``severity``, ``urgent`` are the incident's (those it was opened with
        are the log's, when it says)."""
        start = arrived * _US
        now_us = self.now_us
        events: list[_Event] = []
        opened = False
        for kind, at, data in log:
            if kind == "opened":
                if not opened:  # the first one (the only one)
                    opened = True
                    plan = data.get("plan", plan)
                    severity = data.get("severity", severity)
                    urgent = data.get("urgent", urgent)
            elif kind in (_PAUSE, _RESUME):
                events.append((at, kind, None, None, None))
            elif kind in _CHANGE:
                changed = (data.get("plan"), data.get("severity"), data.get("urgent"))
                if changed != (None, None, None):
                    events.append((at, kind, *changed))
        events.sort(key=_at)  # as the clocks sort them (stable: the log's order)
        urgent_now = urgent
        for at, _, _, _, changed_urgent in events:
            if changed_urgent is not None and at <= now_us:
                urgent_now = changed_urgent
        out: list[tuple[str, int, bool, int, int]] = []
        resolved = reached.get(_RESOLVED)
        for clock, column in self._clocks[urgent_now]:
            stop = stop_of(reached.get(column), resolved)
            if stop is None:
                continue
            found = self._one(clock, start, plan, severity, urgent, events, stop)
            if found is not None:
                out.append(found)
        return out

    def _one(
        self,
        clock: str,
        start: int,
        plan: str,
        severity: str,
        urgent: bool,
        events: list[_Event],
        stop: int,
    ) -> tuple[str, int, bool, int, int] | None:
        """As ``domain.sla.clock_state`` with the clock's ``Stopped`` event last."""
        now_us, elapsed_us = self.now_us, self._elapsed
        running, stopped_at, cursor, used = True, None, start, 0
        # the events up to the stop (at the same instant too: it was sorted in last)
        upto = [e for e in events if e[0] <= stop]
        for at, kind, new_plan, new_severity, new_urgent in (*upto, (stop, "", None, None, None)):
            at = max(at, start)
            if at > now_us:
                break
            if running and at > cursor:
                used += elapsed_us[plan](cursor, at)
            cursor = max(cursor, at)
            if kind == _PAUSE:
                running = False
            elif kind == _RESUME:
                running = True
            elif kind:
                plan = new_plan or plan
                severity = new_severity or severity
                urgent = urgent if new_urgent is None else new_urgent
            else:
                stopped_at = at
                break
        if stopped_at is None:
            return None  # still running now: no outcome
        if running and stopped_at > cursor:
            used += elapsed_us[plan](cursor, stopped_at)
        target = self._target(plan, clock, severity, urgent)
        if target is None:
            return None
        return clock, stopped_at, used <= target, target, used


def _at(event: _Event) -> int:
    return event[0]
