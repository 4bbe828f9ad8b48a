"""From an incident's recorded timeline to its clock inputs, and the outcome of each
clock that has stopped.  Pure: rows in (anything with the attributes read), values out.

The services read the rows (``services.incidents.clocks``); the store reads them too,
when a migration or a maintenance step records the outcomes of the clocks stopped
before (``store.outcomes``).  Both must agree to the microsecond, so both build the
inputs here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from techconsole.domain import events as kinds
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.loaner import Estimate, LoanerInputs
from techconsole.domain.policy import Policy
from techconsole.domain.sla import Changed, ClockEvent, Paused, Resumed

#: Timeline kinds that matter to the clocks (the loaner-PC clock: the level, changed by a
#: triage, the repair estimates and the first loaner handed over).
CLOCK_KINDS = (
    "opened",
    "pause",
    "resume",
    "triage",
    "plan",
    kinds.ACKNOWLEDGED,
    kinds.ESTIMATED,
    kinds.LOANER_LENT,
)
#: the kinds the SLA clocks alone read (not the loaner-PC clock): enough for outcomes
SLA_KINDS = ("opened", "pause", "resume", "triage", "plan")
#: the fields of a timeline entry that the clocks read (:func:`inputs`); an incident's
#: clock log keeps these alone (the rest stays in its timeline)
CLOCK_FIELDS = ("plan", "severity", "urgent", "level", "old_level", "estimate")
#: milestone name → the incident's column that records when it was reached
MILESTONES = {
    "acknowledged": "acknowledged_at",
    "on_site": "on_site_at",
    "resolved": "resolved_at",
}


# ---------------------------------------------------------------------- the clock log
# Each incident carries its clock events (``Incident.clock_log``): ``[kind, at, fields]``
# per event of :data:`CLOCK_KINDS`, ``at`` in microseconds since the epoch (UTC), oldest
# first, as the timeline orders them (time, then order of recording).  A change reads its
# incident's clocks off its own row instead of reading its timeline again (issue 15), and
# a page of the queue reads them with its rows.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One entry of a clock log, with the attributes of a timeline row that
    :func:`inputs` reads."""

    kind: str
    at: datetime
    data: dict[str, Any]


def micros(at: datetime) -> int:
    """``at`` (aware) in whole microseconds since the epoch, exactly."""
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def log_entry(kind: str, at: datetime, data: dict[str, Any] | None) -> list[Any]:
    """The clock log's entry of a timeline event (``data``: its JSON fields)."""
    fields = data or {}
    return [kind, micros(at), {key: fields[key] for key in CLOCK_FIELDS if key in fields}]


def log_with(log: Sequence[Any], entry: list[Any]) -> list[Any]:
    """``log`` with ``entry`` (just recorded) in its place: after every entry of the same
    instant or earlier, as the timeline orders an event recorded last."""
    at = entry[1]
    place = len(log)
    while place and log[place - 1][1] > at:
        place -= 1
    return [*log[:place], entry, *log[place:]]


def build_log(rows: Sequence[Any]) -> list[Any]:
    """The clock log of a timeline (rows with ``kind``, ``at``, ``data``, in its order)."""
    return [log_entry(r.kind, r.at, r.data) for r in rows if r.kind in CLOCK_KINDS]


def log_rows(log: Sequence[Any]) -> list[LogRow]:
    """A clock log's entries as rows for :func:`inputs`."""
    return [LogRow(kind, _EPOCH + timedelta(microseconds=at), data) for kind, at, data in log]


def clock_event(row: Any) -> ClockEvent | None:
    """The clock event a timeline row is (``kind``, ``at``, ``data``), if any."""
    data = row.data or {}
    if row.kind == "pause":
        return Paused(row.at)
    if row.kind == "resume":
        return Resumed(row.at)
    if row.kind in ("triage", "plan"):
        severity, urgent, plan = data.get("severity"), data.get("urgent"), data.get("plan")
        if severity is None and urgent is None and plan is None:
            return None
        return Changed(row.at, plan=plan, severity=severity, urgent=urgent)
    return None


def inputs(incident: Any, rows: Sequence[Any], *, loaner: bool = True) -> ClockInputs:
    """Clock inputs of ``incident`` from its clock events (:data:`CLOCK_KINDS`), oldest
    first.  Rows with the same attributes as the tables' do as well (column rows).
    Without ``loaner`` the loaner-PC clock is left out (and :data:`SLA_KINDS` will do)."""
    opened = next((r for r in rows if r.kind == "opened"), None)
    start = (opened.data if opened else None) or {}
    events = tuple(e for e in (clock_event(r) for r in rows if r.kind != "opened") if e)
    milestones = tuple(
        (name, at)
        for name, at in (
            ("acknowledged", incident.acknowledged_at),
            ("on_site", incident.on_site_at),
            ("resolved", incident.resolved_at),
        )
        if at is not None
    )
    return ClockInputs(
        arrived=incident.arrived_at,
        plan=start.get("plan", incident.plan),
        severity=start.get("severity", incident.severity),
        urgent=start.get("urgent", incident.urgent),
        events=events,
        milestones=milestones,
        loaner=loaner_inputs(incident, rows) if loaner else None,
    )


def _instant(value: Any) -> datetime | None:
    """An instant stored in an event's fields (ISO 8601 text), else ``None``."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def loaner_inputs(incident: Any, rows: Sequence[Any]) -> LoanerInputs | None:
    """What the loaner-PC clock needs, from the incident's timeline; ``None`` for rows
    that do not carry the level and the contract (the team load's counts, which leave
    the loaner clock out)."""
    level, contract = getattr(incident, "level", None), getattr(incident, "contract", None)
    if level is None or contract is None:
        return None
    levels: list[tuple[datetime, int]] = []
    estimates: list[Estimate] = []
    lent: list[datetime] = []
    for row in rows:
        data = row.data or {}
        if row.kind == "triage" and data.get("level") is not None:
            if not levels and data.get("old_level") is not None:
                level = data["old_level"]  # the level it arrived with
            levels.append((row.at, int(data["level"])))
        elif row.kind == kinds.ACKNOWLEDGED and data.get("estimate"):
            estimates.append(Estimate(row.at, _instant(data["estimate"])))
        elif row.kind == kinds.ESTIMATED:
            estimates.append(Estimate(row.at, _instant(data.get("estimate"))))
        elif row.kind == kinds.LOANER_LENT:
            lent.append(row.at)
    return LoanerInputs(
        contract=bool(contract),
        level=int(level),
        levels=tuple(levels),
        estimates=tuple(estimates),
        lent_at=min(lent) if lent else None,
        resolved_at=getattr(incident, "resolved_at", None),
    )


# ---------------------------------------------------------------------- outcomes
@dataclass(frozen=True, slots=True)
class Outcome:
    """How one SLA clock of an incident ended: it stopped at ``stopped_at`` (its milestone
    was reached) after ``used`` of business time against its ``target``."""

    clock: str
    stopped_at: datetime
    target: timedelta
    used: timedelta

    @property
    def met(self) -> bool:
        """Stopped in time: the clock's status is ``met`` (used ≤ target)."""
        return self.used <= self.target

    @property
    def margin(self) -> timedelta:
        """Business time left when it stopped; negative: missed by that much."""
        return self.target - self.used


def outcomes(clock_inputs: ClockInputs, policy: Policy, now: datetime) -> tuple[Outcome, ...]:
    """The SLA clocks of an incident that have stopped by ``now`` and have a target (the
    ones the month's compliance counts), in the policy's order.

    A clock stops when its milestone is reached, or the incident is resolved before
    (:func:`.incident_clocks.stop_of`), and never changes after that, with one
    exception: a milestone taken back (a resolved incident reopened) starts its clock
    again, and it has no outcome until the milestone is reached anew.  The clocks that
    apply are those of the incident's urgency now, as everywhere else."""
    if not clock_inputs.milestones:
        return ()
    return tuple(
        Outcome(state.clock, state.stopped_at, state.target, state.elapsed)
        for state in clock_inputs.states(policy, now, stopped_only=True)
        if state.target is not None and state.stopped_at is not None
    )
