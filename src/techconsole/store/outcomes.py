"""The outcome of every SLA clock that has stopped: met or missed, and by how much.

One row per incident and clock (with a target) whose milestone was reached, kept in step
with the incident by the services each time it changes
(:mod:`techconsole.services.incidents.outcomes`), so that a month's SLA compliance is a
grouped count over ``ix_clock_outcome_plan_stopped`` (plan, when it stopped, met)
instead of the clocks of every incident of the month worked out again.

The clocks stopped before this table existed are recorded by migration 0023 with
:func:`record_all`, under the policy the program that upgrades runs with.  An upgrade
without a policy (a script, a test) cannot work them out: it leaves a row in
``clock_outcome_pending`` instead, the compliance is then worked out clock by clock as
before (exact, slower), and the next program that opens the database with a policy
records them (``Database.migrate``, with :func:`rerecord`).

:func:`record_all` reads and writes only the columns these tables had at 0023, through
its own table definitions: a later migration that changes them must keep it working for
an upgrade from before 0023.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import BigInteger, Connection, Index
from sqlmodel import Field

from techconsole.domain.clock_log import MILESTONES, SLA_KINDS, inputs, outcomes
from techconsole.domain.policy import Policy
from techconsole.store.types import Row, UTCDateTime


class ClockOutcome(Row, table=True):
    """How one SLA clock of an incident ended (:class:`~techconsole.domain.clock_log.
    Outcome`), under the incident's plan and customer as they are now."""

    __tablename__ = "clock_outcome"
    __table_args__ = (
        # the month's compliance: per plan, a range of stop times, met or not — and the
        # customer, for the missed clocks per customer: all read off the index
        Index("ix_clock_outcome_plan_stopped", "plan", "stopped_at", "met", "customer_id"),
    )

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    clock: str = Field(primary_key=True)
    plan: str
    customer_id: int = Field(foreign_key="customer.id")
    stopped_at: datetime = Field(sa_type=UTCDateTime)
    met: bool
    #: the clock's target and the business time it used, in microseconds
    target_us: int = Field(sa_type=BigInteger)
    used_us: int = Field(sa_type=BigInteger)


class ClockOutcomesPending(Row, table=True):
    """Present: the clocks stopped before ``since`` are not recorded yet (an upgrade made
    without a policy); the compliance is worked out clock by clock until they are."""

    __tablename__ = "clock_outcome_pending"

    since: datetime = Field(sa_type=UTCDateTime, primary_key=True)


# The columns as they were at 0023 (see the module's docstring).
_INCIDENT = sa.table(
    "incident",
    sa.column("id", sa.Integer()),
    sa.column("customer_id", sa.Integer()),
    sa.column("plan", sa.String()),
    sa.column("severity", sa.String()),
    sa.column("urgent", sa.Boolean()),
    sa.column("arrived_at", UTCDateTime()),
    sa.column("acknowledged_at", UTCDateTime()),
    sa.column("on_site_at", UTCDateTime()),
    sa.column("resolved_at", UTCDateTime()),
)
_EVENT = sa.table(
    "incident_event",
    sa.column("id", sa.Integer()),
    sa.column("incident_id", sa.Integer()),
    sa.column("at", UTCDateTime()),
    sa.column("kind", sa.String()),
    sa.column("data", sa.JSON()),
)
OUTCOME_0023 = sa.table(
    "clock_outcome",
    sa.column("incident_id", sa.Integer()),
    sa.column("clock", sa.String()),
    sa.column("plan", sa.String()),
    sa.column("customer_id", sa.Integer()),
    sa.column("stopped_at", UTCDateTime()),
    sa.column("met", sa.Boolean()),
    sa.column("target_us", sa.BigInteger()),
    sa.column("used_us", sa.BigInteger()),
)
PENDING_0023 = sa.table("clock_outcome_pending", sa.column("since", UTCDateTime()))
BATCH = 1000


def row_values(incident: Any, outcome: Any) -> dict[str, Any]:
    """The row of one outcome of ``incident`` (anything with ``id``, ``plan`` and
    ``customer_id``)."""
    return {
        "incident_id": incident.id,
        "clock": outcome.clock,
        "plan": incident.plan,
        "customer_id": incident.customer_id,
        "stopped_at": outcome.stopped_at,
        "met": outcome.met,
        "target_us": _us(outcome.target),
        "used_us": _us(outcome.used),
    }


def _us(span: Any) -> int:
    return int(span.days * 86_400_000_000 + span.seconds * 1_000_000 + span.microseconds)


def record_all(
    connection: Connection,
    policy: Policy,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    *,
    only: Any = None,
) -> int:
    """Record the outcome of every clock stopped by ``now`` under ``policy``, into an
    empty table (or one without the rows of the incidents ``only`` selects, a condition
    on ``incident``); the number of outcomes recorded.  ``progress(incidents)`` after
    each batch.  Reads the incidents that reached one of the milestones the policy's
    clocks stop on, or were resolved, a batch at a time, in the order of their ids."""
    if not policy.clocks:
        return 0
    # resolving stops every clock (``incident_clocks.stop_of``)
    reached = sorted({MILESTONES[clock.stops_on] for clock in policy.clocks} | {"resolved_at"})
    any_reached = sa.or_(*(_INCIDENT.c[name].is_not(None) for name in reached))
    if only is not None:
        any_reached = sa.and_(any_reached, only)
    last, recorded, seen = 0, 0, 0
    while True:
        rows = connection.execute(
            sa.select(_INCIDENT)
            .where(_INCIDENT.c.id > last, any_reached)
            .order_by(_INCIDENT.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return recorded
        last = rows[-1].id
        events = _events(connection, [row.id for row in rows])
        values = [
            row_values(row, outcome)
            for row in rows
            for outcome in outcomes(inputs(row, events.get(row.id, []), loaner=False), policy, now)
        ]
        if values:
            connection.execute(OUTCOME_0023.insert(), values)
        recorded += len(values)
        seen += len(rows)
        if progress is not None:
            progress(seen)


def _events(connection: Connection, ids: list[int]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    query = (
        sa.select(_EVENT.c.incident_id, _EVENT.c.at, _EVENT.c.kind, _EVENT.c.data)
        .where(_EVENT.c.incident_id.in_(ids), _EVENT.c.kind.in_(SLA_KINDS))
        .order_by(_EVENT.c.incident_id, _EVENT.c.at, _EVENT.c.id)
    )
    for row in connection.execute(query):
        grouped[row.incident_id].append(row)
    return grouped


def rerecord(connection: Connection, policy: Policy, now: datetime) -> int:
    """Every outcome recorded again under ``policy`` (the pending mark taken away): the
    number recorded."""
    connection.execute(OUTCOME_0023.delete())
    connection.execute(PENDING_0023.delete())
    return record_all(connection, policy, now)


def resolved_unstopped(policy: Policy | None = None) -> Any:
    """The incidents resolved without reaching a milestone one of ``policy``'s clocks stops
    on (taken in charge, on site; without a policy, either): such a clock stops at the
    resolution since 0025 (``incident_clocks.stop_of``), and had no outcome before."""
    names = {"acknowledged_at", "on_site_at"}
    if policy is not None:
        names &= {MILESTONES[clock.stops_on] for clock in policy.clocks}
    if not names:
        return sa.false()
    missing = sa.or_(*(_INCIDENT.c[name].is_(None) for name in sorted(names)))
    return sa.and_(_INCIDENT.c.resolved_at.is_not(None), missing)


def any_resolved_unstopped(connection: Connection) -> bool:
    """Whether any incident is one of :func:`resolved_unstopped` (under any policy)."""
    query = sa.select(_INCIDENT.c.id).where(resolved_unstopped()).limit(1)
    return connection.execute(query).first() is not None


def record_resolved(connection: Connection, policy: Policy, now: datetime) -> int:
    """The outcomes of the incidents :func:`resolved_unstopped` under ``policy`` recorded
    afresh (their rows replaced); the number recorded."""
    only = resolved_unstopped(policy)
    chosen = sa.select(_INCIDENT.c.id).where(only)
    connection.execute(OUTCOME_0023.delete().where(OUTCOME_0023.c.incident_id.in_(chosen)))
    return record_all(connection, policy, now, only=only)


def pending(connection: Connection) -> bool:
    """Whether outcomes of clocks stopped before the table existed are still to record."""
    return connection.execute(sa.select(PENDING_0023.c.since).limit(1)).first() is not None


def mark_pending(connection: Connection, now: datetime) -> None:
    connection.execute(PENDING_0023.insert().values(since=now))
