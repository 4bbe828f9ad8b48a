"""SLA clocks computed on read from an incident's recorded events.

A clock counts business time of the plan's calendar from arrival, skips the time the
incident waited on the customer, and survives a change of plan, severity or urgency:
the business time already elapsed is kept and the new target applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from techconsole.domain.instants import from_us, to_us
from techconsole.i18n import N_

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy


class ClockStatus(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    PAUSED = "paused"
    CLOSED = "closed"  # the calendar is closed now; see ``opens_at``
    MET = "met"  # stopped in time
    MISSED = "missed"  # stopped late: the milestone came after the due time
    NO_TARGET = "no_target"


@dataclass(frozen=True, slots=True)
class Paused:
    """The incident waits on the customer from ``at``."""

    at: datetime


@dataclass(frozen=True, slots=True)
class Resumed:
    at: datetime


@dataclass(frozen=True, slots=True)
class Changed:
    """Plan, severity or urgency changed at ``at`` (``None`` keeps the old value)."""

    at: datetime
    plan: str | None = None
    severity: str | None = None
    urgent: bool | None = None


@dataclass(frozen=True, slots=True)
class Stopped:
    """The clock's milestone was reached (response given, technician on site…)."""

    at: datetime


ClockEvent = Paused | Resumed | Changed | Stopped


@dataclass(frozen=True, slots=True)
class ClockState:
    clock: str
    label: str
    status: ClockStatus
    target: timedelta | None
    elapsed: timedelta
    remaining: timedelta | None
    due: datetime | None
    opens_at: datetime | None
    fraction_used: float | None
    at_risk: bool
    stopped_at: datetime | None

    @property
    def breached(self) -> bool:
        return self.status is ClockStatus.BREACHED


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int
    plan: str


def clock_state(
    policy: Policy,
    clock: str,
    *,
    arrived: datetime,
    plan: str,
    severity: str,
    urgent: bool,
    events: Sequence[ClockEvent] = (),
    now: datetime,
) -> ClockState:
    """The state of ``clock`` at ``now`` for a request that arrived at ``arrived``."""
    definition = policy.clock(clock)
    start, now_us = to_us(arrived, "arrival"), to_us(now, "now")
    running, stopped_at = True, None
    runs: list[_Run] = []
    cursor = start
    for event in sorted(events, key=lambda e: to_us(e.at, N_("event time"))):
        at = max(to_us(event.at), start)
        if at > now_us:
            break
        if running and at > cursor:
            runs.append(_Run(cursor, at, plan))
        cursor = max(cursor, at)
        if isinstance(event, Paused):
            running = False
        elif isinstance(event, Resumed):
            running = True
        elif isinstance(event, Changed):
            plan = event.plan or plan
            severity = event.severity or severity
            urgent = urgent if event.urgent is None else event.urgent
        else:
            stopped_at = at
            break
    # Before arrival nothing has run yet: count from the arrival, not from "now".
    end = max(stopped_at if stopped_at is not None else now_us, start)
    if running and end > cursor:
        runs.append(_Run(cursor, end, plan))
    elapsed = sum(policy.plan(r.plan).calendar.elapsed_us(r.start, r.end) for r in runs)
    calendar = policy.plan(plan).calendar
    target = policy.target(plan, clock, severity, urgent)
    stopped = None if stopped_at is None else from_us(stopped_at)
    if target is None:
        return ClockState(
            clock,
            definition.label,
            ClockStatus.NO_TARGET,
            None,
            timedelta(microseconds=elapsed),
            None,
            None,
            None,
            None,
            False,
            stopped,
        )
    target_us = target // timedelta(microseconds=1)
    remaining = target_us - elapsed
    if remaining > 0:
        due = calendar.add_us(end, remaining)
    else:
        due = _crossing(policy, runs, target_us)
    opens_at = None
    if stopped_at is not None:
        status = ClockStatus.MET if remaining >= 0 else ClockStatus.MISSED
    elif remaining < 0 or (remaining == 0 and now_us > due):
        status = ClockStatus.BREACHED
    elif not running:
        status = ClockStatus.PAUSED
    elif calendar.next_opening_us(now_us) != now_us:
        status = ClockStatus.CLOSED
        opens_at = from_us(calendar.next_opening_us(now_us))
    elif remaining <= policy.warning_left * target_us:
        status = ClockStatus.WARNING
    else:
        status = ClockStatus.OK
    at_risk = status is not ClockStatus.MET and remaining <= policy.warning_left * target_us
    return ClockState(
        clock,
        definition.label,
        status,
        target,
        timedelta(microseconds=elapsed),
        timedelta(microseconds=remaining),
        None if status is ClockStatus.PAUSED else from_us(due),
        opens_at,
        elapsed / target_us,
        at_risk,
        stopped,
    )


def _crossing(policy: Policy, runs: list[_Run], target: int) -> int:
    """The instant the business time counted over ``runs`` reached ``target``."""
    acc = 0
    for run in runs:
        calendar = policy.plan(run.plan).calendar
        part = calendar.elapsed_us(run.start, run.end)
        if acc + part >= target:
            return calendar.add_us(run.start, target - acc)
        acc += part
    return runs[-1].end if runs else 0


def clock_states(
    policy: Policy,
    *,
    arrived: datetime,
    plan: str,
    severity: str,
    urgent: bool,
    events: Sequence[ClockEvent] = (),
    stops: dict[str, datetime] | None = None,
    now: datetime,
) -> list[ClockState]:
    """Every clock of the policy that applies to the request, in policy order.

    ``stops`` maps a clock name to the instant its milestone was reached.
    """
    final_urgent, now_us = urgent, to_us(now, "now")
    for event in sorted(events, key=lambda e: to_us(e.at, N_("event time"))):
        if isinstance(event, Changed) and event.urgent is not None and to_us(event.at) <= now_us:
            final_urgent = event.urgent
    states = []
    for definition in policy.clocks_for(final_urgent):
        own: list[ClockEvent] = list(events)
        if stops and definition.name in stops:
            own.append(Stopped(stops[definition.name]))
        states.append(
            clock_state(
                policy,
                definition.name,
                arrived=arrived,
                plan=plan,
                severity=severity,
                urgent=urgent,
                events=own,
                now=now,
            )
        )
    return states


def primary(states: Sequence[ClockState]) -> ClockState | None:
    """The clock that matters most now: the running one with the earliest due."""
    live = [s for s in states if s.stopped_at is None and s.status is not ClockStatus.NO_TARGET]
    if not live:
        return None
    return min(live, key=lambda s: (s.due is None, 0 if s.due is None else to_us(s.due)))
