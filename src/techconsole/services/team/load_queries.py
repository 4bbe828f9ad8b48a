"""The queries behind the team load (:mod:`techconsole.services.team.load`): counts in SQL,
the exact clock arithmetic in Python only where SQL cannot do it.  Plain values out;
``lead`` makes them into its views.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from techconsole.domain.at_risk import windows
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.instants import to_us
from techconsole.domain.policy import Policy
from techconsole.domain.scatti import units_for
from techconsole.domain.sla import ClockStatus
from techconsole.services.incidents import clocks
from techconsole.store.models import Incident
from techconsole.store.work import WorkSession

#: what the clocks of an incident need, as columns (the compliance module reads them too)
CLOCK_ROW = (
    Incident.id,
    Incident.assignee_id,
    Incident.plan,
    Incident.severity,
    Incident.urgent,
    Incident.arrived_at,
    Incident.acknowledged_at,
    Incident.on_site_at,
    Incident.resolved_at,
    Incident.due_sort,
    Incident.clock_log,  # its clock events
)
#: (open, at risk, breached)
Counts = tuple[int, int, int]


# ---------------------------------------------------------------------- open incidents
def open_counts(session: Session, policy: Policy, now: datetime) -> dict[int | None, Counts]:
    """Open, at-risk and breached incidents by assignee (``None``: unassigned).

    Each count reads an index of the open incidents alone: by assignee
    (``ix_incident_open_assignee``), and all of them (``ix_incident_open_queue``), the
    unassigned being the difference.  (One ``GROUP BY`` over all made SQLite walk
    ``ix_incident_assignee_open``, every incident ever opened: 10× slower at 1,000,000.)"""
    breached = func.sum(case((col(Incident.due_sort) < now, 1), else_=0))
    assigned = session.execute(
        sa_select(col(Incident.assignee_id), func.count(), breached)
        .where(col(Incident.is_open), col(Incident.assignee_id).is_not(None))
        .group_by(col(Incident.assignee_id))
    ).all()
    total, total_breached = session.execute(
        sa_select(func.count(), breached).where(col(Incident.is_open))
    ).one()
    at_risk = _at_risk(session, policy, now)
    counts: dict[int | None, Counts] = {
        assignee: (int(held), at_risk.get(assignee, 0), int(late or 0))
        for assignee, held, late in assigned
    }
    counts[None] = (
        int(total) - sum(held for held, _risk, _late in counts.values()),
        at_risk.get(None, 0),
        int(total_breached or 0) - sum(late for _held, _risk, late in counts.values()),
    )
    return counts


def risk_windows(policy: Policy, now: datetime) -> dict[tuple[str, str, bool], datetime]:
    """(plan, severity, urgent) → the latest due of an incident that can be at risk now
    (:func:`techconsole.domain.at_risk.windows`), for the plans whose calendar is open:
    a clock is ``warning`` only while it is, a closed one reads "opens …", not ▲."""
    now_us = to_us(now)
    return {
        key: latest
        for key, latest in windows(policy, now).items()
        if policy.plan(key[0]).calendar.next_opening_us(now_us) == now_us
    }


def risk_candidates(session: Session, policy: Policy, now: datetime) -> list[Any]:
    """The open incidents that may be at risk now (:func:`risk_windows`), as rows of the
    columns their clocks need.

    The SQL asks for a due between now and the latest window, spelled as ranges of
    ``ix_incident_open_queue`` (every value of its leading columns, then ``due_sort``):
    SQLite searches the index instead of walking it.  The windows of each plan, severity
    and urgency are then applied to the rows."""
    windows = risk_windows(policy, now)
    if not windows:
        return []
    rows = session.execute(
        sa_select(*(col(column) for column in CLOCK_ROW)).where(
            col(Incident.is_open),
            col(Incident.q_contract).in_((0, 1)),
            col(Incident.q_urgent).in_((0, 1)),
            col(Incident.q_severity).in_([severity.rank for severity in policy.severities]),
            col(Incident.due_sort) >= now,
            col(Incident.due_sort) <= max(windows.values()),
        )
    ).all()
    return [
        row
        for row in rows
        if (latest := windows.get((row.plan, row.severity, row.urgent))) is not None
        and row.due_sort <= latest
    ]


def _at_risk(session: Session, policy: Policy, now: datetime) -> dict[int | None, int]:
    """At-risk incidents by assignee, worked out exactly for those whose due is close."""
    rows = risk_candidates(session, policy, now)
    counts: dict[int | None, int] = defaultdict(int)
    for row, state in _primary_states(session, policy, rows, now):
        if state is not None and state.status is ClockStatus.WARNING:
            counts[row.assignee_id] += 1
    return counts


def _primary_states(
    session: Session, policy: Policy, rows: Sequence[Any], now: datetime
) -> Iterable[tuple[Any, Any]]:
    for chunk in chunks(rows):
        events = clocks.timelines(session, chunk)
        for row in chunk:
            yield row, clock_inputs(row, events).primary(policy, now)


def clock_inputs(row: Any, events: dict[int, list[Any]]) -> ClockInputs:
    return clocks.inputs(row, events.get(row.id, []))


def chunks(rows: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    """Slices of ``rows``: an ``IN`` list stays well under every driver's limit."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# ---------------------------------------------------------------------- work
def running_timers(session: Session) -> dict[int, Any]:
    """The running sessions by technician: ``kind``, ``started_at``, incident ``number``
    and ``subject``."""
    rows = session.execute(
        sa_select(
            col(WorkSession.technician_id),
            col(WorkSession.kind),
            col(WorkSession.started_at),
            col(Incident.number),
            col(Incident.subject),
        )
        .join(Incident, col(Incident.id) == col(WorkSession.incident_id))
        .where(col(WorkSession.ended_at).is_(None))
    ).all()
    return {row.technician_id: row for row in rows}


def scatti(
    session: Session,
    policy: Policy,
    ids: list[int],
    now: datetime,
    today: date,
    month: tuple[datetime, datetime],
) -> dict[int, tuple[int, int]]:
    """(today, this month) scatti by technician, from the sessions started this month."""
    month_first, month_last = month
    rows = session.execute(
        sa_select(
            col(WorkSession.id),
            col(WorkSession.technician_id),
            col(WorkSession.incident_id),
            col(WorkSession.started_at),
            col(WorkSession.ended_at),
        )
        .where(col(WorkSession.technician_id).in_(ids))
        .where(col(WorkSession.started_at) >= month_first)
        .where(col(WorkSession.started_at) < month_last)
    ).all()
    rules, zone = policy.billing, policy.zone
    per_day = rules.rounding_scope == "incident_day"
    # (technician, the incident (a day's sessions add up) or the session, local day)
    worked: dict[tuple[int, int, date], timedelta] = defaultdict(timedelta)
    for row in rows:
        span = max((row.ended_at or now) - row.started_at, timedelta(0))
        day = row.started_at.astimezone(zone).date()
        worked[(row.technician_id, row.incident_id if per_day else row.id, day)] += span
    out: dict[int, tuple[int, int]] = {}
    for (tech_id, _one, day), span in worked.items():
        units = units_for(rules, span)
        on_day, in_month = out.get(tech_id, (0, 0))
        out[tech_id] = (on_day + (units if day == today else 0), in_month + units)
    return out
