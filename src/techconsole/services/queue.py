"""The queue: open incidents in policy order, with their live clock states."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, or_
from sqlmodel import col, select

from techconsole.domain.policy import Policy
from techconsole.services import clocks
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.records import actor
from techconsole.services.views import QueuePage, QueueRow
from techconsole.store.models import Customer, Incident, Technician

View = Literal["all", "mine", "unassigned", "waiting", "breached"]
VIEWS: tuple[View, ...] = ("all", "mine", "unassigned", "waiting", "breached")

_COLUMNS: dict[str, Any] = {
    "contract": Incident.q_contract,
    "urgent": Incident.q_urgent,
    "severity": Incident.q_severity,
    "due": Incident.due_sort,
    "arrival": Incident.arrived_at,
}


def order_by(policy: Policy) -> list[Any]:
    """ORDER BY of the policy's queue order (matches ``ix_incident_queue`` by default)."""
    return [col(_COLUMNS[key]) for key in policy.queue_order] + [col(Incident.number)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def queue(
    ctx: Context,
    *,
    view: View = "all",
    customer: str | None = None,
    text: str | None = None,
    limit: int = 200,
    offset: int = 0,
    now: datetime | None = None,
) -> QueuePage:
    """Open incidents in queue order, filtered, with each one's primary clock state."""
    if view not in VIEWS:
        raise InvalidInput(f"unknown view '{view}'; views: {', '.join(VIEWS)}")
    now = now or ctx.now()
    with ctx.db.read() as session:
        query = (
            select(Incident, Customer.name, Technician.login)
            .join(Customer, col(Customer.id) == col(Incident.customer_id))
            .join(Technician, col(Technician.id) == col(Incident.assignee_id), isouter=True)
            .where(col(Incident.is_open))
        )
        if view == "mine":
            me = actor(session, ctx)
            query = query.where(col(Incident.assignee_id) == me.id)
        elif view == "unassigned":
            query = query.where(col(Incident.assignee_id).is_(None))
        elif view == "waiting":
            query = query.where(col(Incident.status).in_(("waiting", "awaiting_authorisation")))
        elif view == "breached":
            query = query.where(col(Incident.due_at) < now)
        if customer:
            if customer.isdigit():
                query = query.where(col(Incident.customer_id) == int(customer))
            else:
                pattern = f"%{_escape_like(customer)}%"
                query = query.where(col(Customer.name).ilike(pattern, escape="\\"))
        if text:
            pattern = f"%{_escape_like(text)}%"
            query = query.where(
                or_(
                    col(Incident.subject).ilike(pattern, escape="\\"),
                    col(Incident.number).ilike(pattern, escape="\\"),
                    col(Customer.name).ilike(pattern, escape="\\"),
                )
            )
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(query.order_by(*order_by(ctx.policy)).limit(limit).offset(offset)).all()
        events = clocks.events_by_incident(session, [i.id for i, _, _ in rows if i.id])
        out = []
        for incident, customer_name, login in rows:
            assert incident.id is not None
            inputs = clocks.inputs(incident, events.get(incident.id, []))
            out.append(
                QueueRow(
                    id=incident.id,
                    number=incident.number,
                    severity=incident.severity,
                    urgent=incident.urgent,
                    customer=customer_name,
                    plan=incident.plan,
                    contract=incident.contract,
                    subject=incident.subject,
                    status=incident.status,
                    assignee=login,
                    arrived_at=incident.arrived_at,
                    due_at=incident.due_at,
                    clocks=inputs,
                    clock=inputs.primary(ctx.policy, now),
                )
            )
        return QueuePage(tuple(out), int(total), now)
