"""What a console's alerts look at (:mod:`techconsole.domain.alerts`): one read.

The incidents that concern the person — their own and the unassigned ones; a lead's, the
whole team's — that are in a clock's warning band or past its due time, those recorded
after a given one, and those resolved since a given instant.  The clocks come from the
queue's own views (``at_risk``, ``breached``), so the alerts and the views agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col

from techconsole.domain.alerts import Seen
from techconsole.services.context import Context
from techconsole.services.incidents import queue as queue_service
from techconsole.services.views import QueueRow
from techconsole.store.models import Customer, Incident, Technician
from techconsole.store.retry import retried_read

#: the queue's views an alert's clocks come from, and the band each says
_VIEWS: tuple[tuple[queue_service.View, str], ...] = (
    ("breached", "breached"),
    ("at_risk", "warning"),
)
#: at most this many lines of each kind in one read (the rest waits for the next one)
LIMIT = 500


@dataclass(frozen=True, slots=True)
class Line:
    """One incident an alert may speak of, with what a toast or a hook says of it."""

    number: str
    subject: str
    customer: str
    assignee: str | None
    status: str
    plan: str
    clock: str = ""
    band: str = ""
    due: datetime | None = None
    staffed: bool = True

    def seen(self) -> Seen:
        return Seen(self.number, self.clock, self.band, self.staffed)


@dataclass(frozen=True, slots=True)
class Scan:
    now: datetime
    clocks: tuple[Line, ...]  # in a warning band or breached
    opened: tuple[Line, ...]  # recorded after ``after_id``
    resolved: tuple[Line, ...]  # resolved after ``since``
    last_id: int  # the newest incident's id: the next scan's ``after_id``


def _concerns(login: str, team: bool, assignee: str | None) -> bool:
    return team or assignee is None or assignee == login


def _clock_line(row: QueueRow, band: str, staffed: bool) -> Line:
    return Line(
        row.number,
        row.subject,
        row.customer,
        row.assignee,
        row.status,
        row.plan,
        row.clock.clock if row.clock else "",
        band,
        row.due_at,
        staffed,
    )


def _lines(rows: Iterable[Any]) -> tuple[Line, ...]:
    return tuple(
        Line(r.number, r.subject, r.customer_name, r.assignee_login, r.status, r.plan) for r in rows
    )


@retried_read
def scan(
    ctx: Context, *, team: bool, after_id: int | None, since: datetime | None, now: datetime
) -> Scan:
    """The incidents that concern ``ctx.actor`` (``team``: everyone's) worth an alert at
    ``now``; ``after_id``/``since`` ``None``: none opened or resolved (the first scan)."""
    clocks: list[Line] = []
    for view, band in _VIEWS:
        page = queue_service.queue(ctx, view=view, limit=LIMIT, now=now)
        for row in page.rows:
            if _concerns(ctx.actor, team, row.assignee):
                calendar = ctx.policy.plan(row.plan).calendar
                clocks.append(_clock_line(row, band, calendar.is_open(now)))
    with ctx.db.read() as session:
        last_id = session.execute(sa_select(func.coalesce(func.max(col(Incident.id)), 0))).one()[0]
        shown: Any = sa_select(
            col(Incident.number),
            col(Incident.subject),
            col(Incident.status),
            col(Incident.plan),
            col(Customer.name).label("customer_name"),
            col(Technician.login).label("assignee_login"),
        )
        shown = shown.join(Customer, col(Customer.id) == col(Incident.customer_id)).join(
            Technician, col(Technician.id) == col(Incident.assignee_id), isouter=True
        )
        mine = or_(col(Technician.login) == ctx.actor, col(Incident.assignee_id).is_(None))
        opened: tuple[Line, ...] = ()
        if after_id is not None:
            query = shown.where(col(Incident.id) > after_id).order_by(col(Incident.id))
            if not team:
                query = query.where(mine)
            opened = _lines(session.execute(query.limit(LIMIT)).all())
        resolved: tuple[Line, ...] = ()
        if since is not None:
            query = shown.where(col(Incident.resolved_at) > since, col(Incident.resolved_at) <= now)
            if not team:
                query = query.where(col(Technician.login) == ctx.actor)
            resolved = _lines(session.execute(query.order_by(col(Incident.number)).limit(LIMIT)))
    return Scan(now, tuple(clocks), opened, resolved, int(last_id))
