"""From recorded events to clock inputs, and the queue columns derived from them.

The inputs are built by :mod:`techconsole.domain.clock_log` (``inputs``,
``loaner_inputs`` and ``CLOCK_KINDS`` are re-exported here for the services); the
timeline's clock events are read by :func:`techconsole.services.records.clock_events`
(re-exported here too), which the recording of an event reads as well."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from techconsole.domain.clock_log import CLOCK_KINDS, inputs, loaner_inputs, log_rows
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.policy import Policy
from techconsole.services.records import clock_events
from techconsole.store.models import OPEN_STATUSES, Incident, IncidentEvent

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)

__all__ = [
    "CLOCK_KINDS",
    "DERIVED",
    "FAR_FUTURE",
    "apply",
    "clock_events",
    "events_by_incident",
    "inputs",
    "inputs_of",
    "loaner_inputs",
    "refresh",
    "timeline",
    "timelines",
]


def inputs_of(session: Session, incident: Incident) -> ClockInputs:
    """Clock inputs of ``incident`` as recorded: off its clock log (its timeline read
    only for a row written without one)."""
    return inputs(incident, timeline(session, incident))


def timeline(session: Session, incident: Any) -> list[Any]:
    """The clock events of ``incident`` (a row or an ORM object with ``id`` and
    ``clock_log``): its clock log's, else read off its timeline."""
    log = incident.clock_log
    if log is not None:
        return log_rows(log)
    return clock_events(session, [incident.id])[incident.id]


def timelines(session: Session, rows: Sequence[Any]) -> dict[int, list[Any]]:
    """:func:`timeline` of each of ``rows`` (by id), their timelines read in one query
    for the rows written without a clock log."""
    found: dict[int, list[Any]] = {}
    missing = []
    for row in rows:
        if row.clock_log is None:
            missing.append(row.id)
        else:
            found[row.id] = log_rows(row.clock_log)
    if missing:
        found.update(clock_events(session, missing))
    return found


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


def refresh(session: Session, policy: Policy, incident: Incident, now: datetime) -> ClockInputs:
    """Recompute the incident's queue columns (open flag, ranks, due) after a change, and
    record the outcome of its clocks that have stopped (:mod:`.outcomes`); its clock
    inputs as they are now (for its view, without reading them again).  Its clock events
    are on its own row (its clock log): nothing of its timeline is read."""
    assert incident.id is not None
    found = inputs(incident, timeline(session, incident))
    apply(policy, incident, found, now)
    from techconsole.services.incidents import outcomes  # a change's: listings skip it

    outcomes.record(session, policy, incident, found, now)
    return found


#: the incident's columns :func:`apply` works out from the rest after every change
DERIVED = (
    "is_open",
    "q_contract",
    "q_urgent",
    "q_severity",
    "due_at",
    "due_sort",
    "updated_at",
    "version",
)


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
