"""What the timer hands out: work sessions as frozen views, and the listing of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import col, select

from techconsole.domain.billing import units_for
from techconsole.domain.policy import Policy
from techconsole.services.context import Context
from techconsole.services.records import actor, find_incident
from techconsole.services.work.months import month_bounds
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read
from techconsole.store.work import WorkSession


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    incident_id: int
    incident: str
    subject: str
    technician: str
    kind: str
    started_at: datetime
    ended_at: datetime | None
    note: str
    units: int
    amount: Decimal
    stale: bool
    #: taken back within the policy's grace time (``discard``): not billed, gone
    discarded: bool = False

    @property
    def running(self) -> bool:
        return self.ended_at is None

    def elapsed(self, now: datetime) -> timedelta:
        return (self.ended_at or now) - self.started_at


def is_stale(policy: Policy, started: datetime, now: datetime) -> bool:
    """Running longer than the policy allows, or across local midnight."""
    zone = policy.zone
    return (
        now - started > policy.stale_timer_after
        or started.astimezone(zone).date() != now.astimezone(zone).date()
    )


def view(
    policy: Policy, row: WorkSession, incident: Incident, login: str, now: datetime
) -> SessionView:
    assert row.id is not None
    end = row.ended_at or now
    units = units_for(policy.billing, max(end - row.started_at, timedelta(0)))
    return SessionView(
        row.id,
        incident.id or 0,
        incident.number,
        incident.subject,
        login,
        row.kind,
        row.started_at,
        row.ended_at,
        row.note,
        units,
        policy.billing.unit_price * units,
        row.ended_at is None and is_stale(policy, row.started_at, now),
    )


@retried_read
def sessions(
    ctx: Context,
    *,
    technician: str | None = None,
    month: str | None = None,
    incident: str | int | None = None,
    everyone: bool = False,
) -> list[SessionView]:
    """Sessions, oldest first: the actor's (or ``technician``'s, or everyone's), optionally
    of one month (YYYY-MM, local time) or one incident."""
    now = ctx.now()
    zone = ctx.policy.zone
    with ctx.db.read() as session:
        who = actor(session, ctx)
        query = (
            select(WorkSession, Incident, Technician)
            .join(Incident, col(Incident.id) == col(WorkSession.incident_id))
            .join(Technician, col(Technician.id) == col(WorkSession.technician_id))
        )
        if incident is not None:
            query = query.where(col(Incident.id) == find_incident(session, incident).id)
        elif not everyone:
            login = technician or who.login
            query = query.where(col(Technician.login) == login)
        if month is not None:
            first, last = month_bounds(month, zone)
            query = query.where(
                col(WorkSession.started_at) >= first, col(WorkSession.started_at) < last
            )
        rows = session.exec(query.order_by(col(WorkSession.started_at))).all()
        return [view(ctx.policy, s, i, t.login, now) for s, i, t in rows]
