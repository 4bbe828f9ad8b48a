"""What the timer hands out: work sessions as frozen views, and the listing of them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from techconsole.domain.policy import Policy
from techconsole.domain.prices import PriceBook, standard
from techconsole.domain.scatti import started_minutes, units_for
from techconsole.services.context import Context
from techconsole.services.records import actor, find_incident
from techconsole.services.work import billing, prices
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
    #: the price of a scatto on the day it started (the contract in force then, seed
    #: 003); ``None``: the policy's ``[billing]`` price
    unit_price: Decimal | None = None
    #: the incident's labour is free of charge for the customer (its bill says why: a
    #: follow-up of a visit that did not solve the problem, warranty…): ``amount`` is what
    #: the work is worth, not what is billed.  Known for the running session of
    #: :func:`techconsole.services.work.timer.status`, for what a start or a stop returns
    #: and in :func:`sessions`; ``None`` where it was not worked out.
    free: bool | None = None

    def price(self, policy: Policy) -> Decimal:
        """What a scatto of this session costs."""
        return policy.billing.unit_price if self.unit_price is None else self.unit_price

    @property
    def running(self) -> bool:
        return self.ended_at is None

    def elapsed(self, now: datetime) -> timedelta:
        return (self.ended_at or now) - self.started_at

    def length(self, now: datetime) -> timedelta:
        """How long it lasted as people read it beside its scatti: an ended session in
        whole minutes, a started one counting (40 min 30 s is 41 min, as its work report
        says and its 3 scatti bill); a running one as far as it has got, like a stopwatch."""
        if self.ended_at is None:
            return now - self.started_at
        return timedelta(minutes=started_minutes(self.ended_at - self.started_at))


def is_stale(policy: Policy, started: datetime, now: datetime) -> bool:
    """Running longer than the policy allows, or across local midnight."""
    zone = policy.zone
    return (
        now - started > policy.stale_timer_after
        or started.astimezone(zone).date() != now.astimezone(zone).date()
    )


def view(
    policy: Policy,
    row: WorkSession,
    incident: Incident,
    login: str,
    now: datetime,
    book: PriceBook | None = None,
) -> SessionView:
    """The session as handed out, priced from ``book`` (else at ``[billing]``'s price)."""
    assert row.id is not None
    end = row.ended_at or now
    units = units_for(policy.billing, max(end - row.started_at, timedelta(0)))
    price = (
        (book or PriceBook(standard(policy.billing)))
        .on(row.started_at.astimezone(policy.zone).date())
        .unit_price
    )
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
        price * units,
        row.ended_at is None and is_stale(policy, row.started_at, now),
        unit_price=price,
    )


def priced(
    session: Session,
    policy: Policy,
    row: WorkSession,
    incident: Incident,
    login: str,
    now: datetime,
) -> SessionView:
    """:func:`view` at the prices of the contract of the incident's customer."""
    return view(
        policy, row, incident, login, now, prices.book(session, policy, incident.customer_id)
    )


@retried_read
def sessions(
    ctx: Context,
    *,
    technician: str | None = None,
    month: str | None = None,
    incident: str | int | None = None,
    everyone: bool = False,
    free: bool = True,
) -> list[SessionView]:
    """Sessions, oldest first: the actor's (or ``technician``'s, or everyone's), optionally
    of one month (YYYY-MM, local time) or one incident; with ``free``, each knows whether
    its incident's labour is free of charge (one bill per incident: a caller that reads
    the bill itself passes ``free=False``)."""
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
        rows = session.exec(query.order_by(col(WorkSession.started_at), col(WorkSession.id))).all()
        books = prices.books(session, ctx.policy, (i.customer_id for _s, i, _t in rows))
        views = [view(ctx.policy, s, i, t.login, now, books[i.customer_id]) for s, i, t in rows]
        if not free:
            return views
        # whether each incident's labour is free of charge: its bill says (a few ms each)
        incidents = {i.id: i for _s, i, _t in rows}
        known = {key: is_free(session, ctx, i) for key, i in incidents.items()}
        return [replace(v, free=known[v.incident_id]) for v in views]


def is_free(session: Session, ctx: Context, incident: Incident) -> bool:
    """Whether ``incident``'s labour is free of charge for the customer (its bill's reason)."""
    return billing.incident_bill(session, ctx, incident).bill.free_code is not None


def with_free(ctx: Context, view: SessionView) -> SessionView:
    """``view`` with :attr:`SessionView.free` known, read after the write (the bill is
    not worked out while the write lock is held)."""
    try:
        with ctx.db.read() as session:
            incident = session.get(Incident, view.incident_id)
            return view if incident is None else replace(view, free=is_free(session, ctx, incident))
    except SQLAlchemyError:  # the change is committed: say it, without the hint
        return view
