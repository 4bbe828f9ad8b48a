"""Reading incidents: one with its timeline, or a filtered list."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col, select

from techconsole.domain import levels
from techconsole.domain.statuses import STATUSES as STATUSES
from techconsole.services import loaders
from techconsole.services.context import Context
from techconsole.services.records import find_incident
from techconsole.services.views import AuditView, IncidentDetail, IncidentView
from techconsole.store.models import AuditEntry, Incident
from techconsole.store.retry import retried_read


@retried_read
def show(ctx: Context, ref: str | int) -> IncidentDetail:
    """An incident with its timeline, the machine it is about with whether the work on it
    is on a covered machine, the customer's contract today and until when, and the level
    its work is billed at (seed 004: level 2 only with work at the customer's site)."""
    from techconsole.services.assets import coverage
    from techconsole.services.customers.covers import cover_of
    from techconsole.store.work import WorkSession

    with ctx.db.read() as session:
        incident = find_incident(session, ref)
        detail = loaders.incident_detail(session, incident)
        machine = coverage.for_incident(session, ctx.policy, incident, ctx.now())
        contract = cover_of(session, ctx, incident.customer_id)
        kinds = session.exec(
            select(WorkSession.kind)
            .where(WorkSession.incident_id == incident.id)
            .where(col(WorkSession.ended_at).is_not(None))
        ).all()
        found = levels.check(incident.level, kinds, incident.on_site_at is not None)
        return replace(detail, machine=machine, contract=contract, level_check=found)


@retried_read
def list_incidents(
    ctx: Context, *, status: str | None = None, customer_id: int | None = None, limit: int = 100
) -> list[IncidentView]:
    """Incidents newest first (any status, unlike the queue)."""
    with ctx.db.read() as session:
        query = (
            select(Incident)
            .order_by(col(Incident.arrived_at).desc(), col(Incident.id).desc())
            .limit(limit)
        )
        if status:
            query = query.where(Incident.status == status)
        if customer_id is not None:
            query = query.where(Incident.customer_id == customer_id)
        return [loaders.incident_view(session, i) for i in session.exec(query).all()]


@retried_read
def audit_trail(
    ctx: Context, *, entity: str | None = None, entity_id: int | None = None, limit: int = 1000
) -> list[AuditView]:
    with ctx.db.read() as session:
        query = select(AuditEntry).order_by(col(AuditEntry.id)).limit(limit)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        return [
            AuditView(
                a.id or 0,
                a.at,
                a.actor,
                a.action,
                a.entity,
                a.entity_id,
                dict(a.data or {}),
                a.os_user,
                a.db_user,
            )
            for a in session.exec(query)
        ]
