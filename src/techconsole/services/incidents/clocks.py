"""From recorded events to clock inputs, and the queue columns derived from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from techconsole.domain import events as kinds
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.loaner import Estimate, LoanerInputs
from techconsole.domain.policy import Policy
from techconsole.domain.sla import Changed, ClockEvent, Paused, Resumed
from techconsole.store.models import OPEN_STATUSES, Incident, IncidentEvent

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
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)


def _clock_event(row: IncidentEvent) -> ClockEvent | None:
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


def inputs(incident: Incident, rows: Sequence[IncidentEvent]) -> ClockInputs:
    """Clock inputs of ``incident`` from its clock events, oldest first.

    Rows with the same attributes do as well (the queue passes column rows).
    """
    opened = next((r for r in rows if r.kind == "opened"), None)
    start = (opened.data if opened else None) or {}
    events = tuple(e for e in (_clock_event(r) for r in rows if r.kind != "opened") if e)
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
        loaner=loaner_inputs(incident, rows),
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


def inputs_of(session: Session, incident: Incident) -> ClockInputs:
    """Clock inputs of ``incident`` as recorded (its clock events read now)."""
    assert incident.id is not None
    return inputs(incident, events_by_incident(session, [incident.id])[incident.id])


def events_by_incident(session: Session, ids: Iterable[int]) -> dict[int, list[IncidentEvent]]:
    wanted = list(ids)
    grouped: dict[int, list[IncidentEvent]] = defaultdict(list)
    if not wanted:
        return grouped
    query = (
        select(IncidentEvent)
        .where(col(IncidentEvent.incident_id).in_(wanted))
        .where(col(IncidentEvent.kind).in_(CLOCK_KINDS))
        .order_by(col(IncidentEvent.incident_id), col(IncidentEvent.at), col(IncidentEvent.id))
    )
    for row in session.exec(query):
        grouped[row.incident_id].append(row)
    return grouped


def clock_events(session: Session, ids: Iterable[int]) -> dict[int, list[Any]]:
    """``events_by_incident`` for lists: the same events, as light rows (``incident_id``,
    ``at``, ``kind``, ``data``) instead of ORM objects, which cost more than the query."""
    wanted = list(ids)
    grouped: dict[int, list[Any]] = defaultdict(list)
    if not wanted:
        return grouped
    query = (
        sa_select(
            col(IncidentEvent.incident_id),
            col(IncidentEvent.at),
            col(IncidentEvent.kind),
            col(IncidentEvent.data),
        )
        .where(col(IncidentEvent.incident_id).in_(wanted))
        .where(col(IncidentEvent.kind).in_(CLOCK_KINDS))
        .order_by(col(IncidentEvent.incident_id), col(IncidentEvent.at), col(IncidentEvent.id))
    )
    for row in session.execute(query):
        grouped[row.incident_id].append(row)
    return grouped


def refresh(session: Session, policy: Policy, incident: Incident, now: datetime) -> ClockInputs:
    """Recompute the incident's queue columns (open flag, ranks, due) after a change; its
    clock inputs as they are now (for its view, without reading its events again)."""
    assert incident.id is not None
    session.flush()
    rows = clock_events(session, [incident.id])[incident.id]
    found = inputs(incident, rows)
    apply(policy, incident, found, now)
    return found


def apply(policy: Policy, incident: Incident, clock_inputs: ClockInputs, now: datetime) -> None:
    incident.is_open = incident.status in OPEN_STATUSES
    incident.q_contract = 0 if incident.contract else 1
    incident.q_urgent = 0 if incident.urgent else 1
    incident.q_severity = policy.severity(incident.severity).rank
    state = clock_inputs.primary(policy, now) if incident.is_open else None
    incident.due_at = state.due if state is not None else None
    incident.due_sort = incident.due_at or FAR_FUTURE
    incident.updated_at = now
    incident.version += 1
