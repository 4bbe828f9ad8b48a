"""Reading rows and turning them into views (inside a transaction the caller holds)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import column, text
from sqlmodel import Session, col, select

from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.policy import Policy
from techconsole.services.incidents import clocks
from techconsole.services.views import EventView, IncidentDetail, IncidentView
from techconsole.store.database import Database
from techconsole.store.models import (
    Contract,
    Incident,
    IncidentEvent,
    Technician,
)


def active_contract(session: Session, customer_id: int, on: date) -> Contract | None:
    """The contract in force on ``on``; an ended one does not count.  Of overlapping ones
    the one that started last, then the last recorded (as ``domain.contracts.in_force``)."""
    query = (
        select(Contract)
        .where(Contract.customer_id == customer_id)
        .where(col(Contract.starts_on) <= on)
        .where(col(Contract.ends_on) >= on)
        .order_by(col(Contract.starts_on).desc(), col(Contract.id).desc())
    )
    return session.exec(query).first()


def plan_for(session: Session, policy: Policy, customer_id: int, on: date) -> tuple[str, bool]:
    """The plan a request is served under, and whether it is a contract plan."""
    contract = active_contract(session, customer_id, on)
    if contract is None or contract.plan not in policy.plans:
        return policy.no_contract_plan, False
    plan = policy.plans[contract.plan]
    return plan.name, plan.contract


def view_after_write(db: Database, incident: Incident, clock_inputs: ClockInputs) -> IncidentView:
    """The view of ``incident`` just written, read once its write transaction committed:
    the names around it (customer, contacts, assignee, machine) are read outside the write
    lock, which then lasts only as long as the change (issue 15: writes per second)."""
    with db.read() as session:
        return incident_view(session, incident, clock_inputs)


#: the names around an incident (:func:`around_of`): a lookup by primary key each
AROUND = text(
    "SELECT (SELECT name FROM customer WHERE id = :customer) AS customer,"
    " (SELECT name FROM contact WHERE id = :requester) AS requester,"
    " (SELECT role FROM contact WHERE id = :requester) AS requester_role,"
    " (SELECT name FROM contact WHERE id = :authoriser) AS authoriser,"
    " (SELECT name FROM contact WHERE id = :provider) AS provider,"
    " (SELECT login FROM technician WHERE id = :assignee) AS assignee,"
    " (SELECT display_name FROM technician WHERE id = :assignee) AS assignee_name,"
    " (SELECT number FROM incident WHERE id = :follow_up_of) AS follow_up_of,"
    " a.id AS asset_id, a.name AS asset"
    " FROM (SELECT 1) AS one"
    " LEFT JOIN incident_asset AS l ON l.incident_id = :incident"
    " LEFT JOIN asset AS a ON a.id = l.asset_id"
).columns(
    *(
        column(name)
        for name in (
            "customer",
            "requester",
            "requester_role",
            "authoriser",
            "provider",
            "assignee",
            "assignee_name",
            "follow_up_of",
            "asset_id",
            "asset",
        )
    )
)


def around_params(incident: Incident) -> dict[str, Any]:
    """The parameters of :data:`AROUND` for ``incident``: the ids it holds now."""
    return {
        "customer": incident.customer_id,
        "requester": incident.requester_id,
        "authoriser": incident.authorised_by_id,
        "provider": incident.account_provided_by_id,
        "assignee": incident.assignee_id,
        "follow_up_of": incident.follow_up_of_id,
        "incident": incident.id,
    }


def around_of(session: Session, incident: Incident) -> Any:
    """The names around ``incident`` (its customer, contacts, assignee, the incident it
    follows up, its machine), by the ids it holds now, in one query."""
    return session.execute(AROUND, around_params(incident)).one()


def incident_view(
    session: Session, incident: Incident, clock_inputs: ClockInputs | None = None
) -> IncidentView:
    """``incident`` as a view; ``clock_inputs``: its clock inputs when the caller has just
    computed them (:func:`techconsole.services.incidents.clocks.refresh`), else read."""
    assert incident.id is not None
    if clock_inputs is None:
        clock_inputs = clocks.inputs_of(session, incident)
    return view_of(incident, clock_inputs, around_of(session, incident))


def view_of(incident: Incident, clock_inputs: ClockInputs, around: Any) -> IncidentView:
    """``incident`` as a view, with the names ``around`` it (a row of :data:`AROUND`)."""
    assert incident.id is not None
    return IncidentView(
        id=incident.id,
        number=incident.number,
        customer_id=incident.customer_id,
        customer=around.customer or "?",
        requester=around.requester,
        requester_role=around.requester_role,
        channel=incident.channel,
        subject=incident.subject,
        description=incident.description,
        severity=incident.severity,
        urgent=incident.urgent,
        urgent_on_request=incident.urgent_on_request,
        warranty=incident.warranty,
        level=incident.level,
        category=incident.category,
        status=incident.status,
        assignee=around.assignee,
        assignee_name=around.assignee_name,
        plan=incident.plan,
        contract=incident.contract,
        arrived_at=incident.arrived_at,
        acknowledged_at=incident.acknowledged_at,
        estimated_resolution_at=incident.estimated_resolution_at,
        promised_on_site_at=incident.promised_on_site_at,
        on_site_at=incident.on_site_at,
        resolved_at=incident.resolved_at,
        closed_at=incident.closed_at,
        resolved=incident.resolved,
        follow_up_of=around.follow_up_of,
        needs_authorisation=incident.needs_authorisation,
        authorised_by=around.authoriser,
        authorised_at=incident.authorised_at,
        authorised_via=incident.authorised_via,
        authorised_until=incident.authorised_until,
        account_provided_at=incident.account_provided_at,
        account_provided_by=around.provider,
        due_at=incident.due_at,
        version=incident.version,
        clocks=clock_inputs,
        asset_id=around.asset_id,
        asset=around.asset,
        on_site_agreed=incident.on_site_agreed,
        account_valid_until=incident.account_valid_until,
        fixed_in_release=incident.fixed_in_release,
        severity_triaged=incident.severity_triaged,
        program=incident.program,
    )


def incident_detail(session: Session, incident: Incident) -> IncidentDetail:
    assert incident.id is not None
    rows = session.exec(
        select(IncidentEvent, Technician)
        .join(Technician, col(IncidentEvent.actor_id) == col(Technician.id), isouter=True)
        .where(IncidentEvent.incident_id == incident.id)
        .order_by(col(IncidentEvent.at), col(IncidentEvent.id))
    ).all()
    timeline = tuple(
        EventView(e.id or 0, e.at, t.login if t else None, e.kind, e.text, dict(e.data or {}))
        for e, t in rows
    )
    follow_ups = tuple(
        session.exec(
            select(Incident.number)
            .where(Incident.follow_up_of_id == incident.id)
            .order_by(col(Incident.id))
        ).all()
    )
    return IncidentDetail(incident_view(session, incident), timeline, follow_ups)
