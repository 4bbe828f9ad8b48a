"""Everything needed to compute an incident's clocks at any instant, without a database.

The console keeps one of these per visible row and recomputes the countdown every
second from it; the services build it from the incident's recorded events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from techconsole.domain.loaner import LoanerInputs, loaner_clock
from techconsole.domain.policy import Policy
from techconsole.domain.sla import ClockEvent, ClockState, Stopped, clock_state, primary

#: an instant: aware, or in microseconds since the epoch (the demo's)
_When = TypeVar("_When", datetime, int)


def stop_of(milestone: _When | None, resolved: _When | None) -> _When | None:
    """When a clock stops: when its milestone (taken in charge, on site) is reached, or
    when the incident is resolved if that comes first.  A request resolved has been
    answered and needs no technician on site any more: a technician who resolves it
    without recording the taking in charge does not leave its clock running — nor
    uncounted in the month's compliance — for ever.  ``int``: microseconds (the demo)."""
    if resolved is not None and (milestone is None or resolved < milestone):
        return resolved
    return milestone


@dataclass(frozen=True, slots=True)
class ClockInputs:
    arrived: datetime
    plan: str
    severity: str
    urgent: bool
    events: tuple[ClockEvent, ...] = ()
    #: milestone name (acknowledged, on_site, resolved) → when it was reached
    milestones: tuple[tuple[str, datetime], ...] = ()
    #: what the loaner-PC clock needs (seed 004); ``None`` when it was not read
    loaner: LoanerInputs | None = None

    def current_urgent(self, now: datetime) -> bool:
        urgent = self.urgent
        for event in sorted(self.events, key=lambda e: e.at):
            changed = getattr(event, "urgent", None)
            if changed is not None and event.at <= now:
                urgent = changed
        return urgent

    def states(
        self, policy: Policy, now: datetime, *, stopped_only: bool = False
    ) -> list[ClockState]:
        """Every clock that applies now, in policy order; with ``stopped_only``, those
        whose milestone was reached (their outcome: ``domain.clock_log.outcomes``)."""
        reached = dict(self.milestones)
        out = []
        for definition in policy.clocks_for(self.current_urgent(now)):
            stop = stop_of(reached.get(definition.stops_on), reached.get("resolved"))
            if stop is None and stopped_only:
                continue
            events: tuple[ClockEvent, ...] = self.events
            if stop is not None:
                events = (*events, Stopped(stop))
            out.append(
                clock_state(
                    policy,
                    definition.name,
                    arrived=self.arrived,
                    plan=self.plan,
                    severity=self.severity,
                    urgent=self.urgent,
                    events=events,
                    now=now,
                )
            )
        return out

    def primary(self, policy: Policy, now: datetime) -> ClockState | None:
        return primary(self.states(policy, now))

    def loaner_state(self, policy: Policy, now: datetime) -> ClockState | None:
        """The loaner-PC clock (:mod:`techconsole.domain.loaner`) when a loaner is due
        under the policy's ``service.loaner_after``; it stays apart from the SLA clocks
        (:meth:`states`), which order the queue."""
        return loaner_clock(policy.service.loaner_after, self.loaner, now, policy.warning_left)
