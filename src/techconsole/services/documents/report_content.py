"""What a work report says about one incident, built from the store and the billing rules."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from techconsole.domain.billing_types import Bill
from techconsole.domain.coverage import gap_args
from techconsole.domain.money import ZERO
from techconsole.domain.policy import Policy
from techconsole.services.context import Context
from techconsole.services.documents.report_views import (
    Party,
    ReportContent,
    ReportGap,
    ReportMaterial,
    ReportNote,
    ReportPrepaid,
    ReportSession,
)
from techconsole.services.work.bill_lines import minutes
from techconsole.services.work.billing import facts, fitted_parts, incident_bill
from techconsole.store.models import Contact, Customer, Incident, IncidentEvent, Technician
from techconsole.store.work import WorkSession as SessionRow

#: timeline entries that say what was done, in the report's "work done"
WORK_EVENTS = ("note", "resolved", "on_site")


def report_day(ctx: Context, incident: Incident) -> date:
    """The report's date: the day the intervention ended, in the policy's zone."""
    when = incident.resolved_at or incident.closed_at or incident.updated_at
    return when.astimezone(ctx.policy.zone).date()


def build(session: Session, ctx: Context, incident: Incident) -> ReportContent:
    """The content of ``incident``'s work report as of now."""
    policy = ctx.policy
    customer = session.get(Customer, incident.customer_id)
    assert customer is not None
    assert incident.id is not None
    contact = session.get(Contact, incident.requester_id) if incident.requester_id else None
    names = {t.id: t.display_name for t in session.exec(select(Technician))}
    rows = list(
        session.exec(
            select(SessionRow)
            .where(SessionRow.incident_id == incident.id)
            .order_by(col(SessionRow.started_at), col(SessionRow.id))
        )
    )
    done = [r for r in rows if r.ended_at is not None]
    materials = list(session.exec(fitted_parts(incident)))  # a proposal is not billed
    priced = incident_bill(session, ctx, incident)
    billed, machine = priced.bill, priced.machine
    job, _free = facts(session, ctx, incident, rows, machine)
    term = job.arrival_term
    rules = policy.billing
    plan = policy.plans.get(incident.plan)
    technicians = [names[r.technician_id] for r in done]
    if incident.assignee_id is not None:
        technicians.insert(0, names[incident.assignee_id])
    events = session.exec(
        select(IncidentEvent)
        .where(IncidentEvent.incident_id == incident.id)
        .where(col(IncidentEvent.kind).in_(WORK_EVENTS))
        .order_by(col(IncidentEvent.at), col(IncidentEvent.id))
    )
    notes = [
        ReportNote(e.at, names.get(e.actor_id, "") if e.actor_id else "", e.text)
        for e in events
        if e.text.strip()
    ]
    notes += [
        ReportNote(r.ended_at, names[r.technician_id], r.note)
        for r in done
        if r.note and r.ended_at is not None
    ]
    notes.sort(key=lambda n: n.at)
    follow = session.exec(
        select(Incident.number)
        .where(Incident.follow_up_of_id == incident.id)
        .order_by(col(Incident.id))
    )
    company = policy.company
    first_prices = billed.prices[0]
    priced_by = policy.plans.get(first_prices.plan) if first_prices.plan else None
    non_material = [ln for ln in billed.lines if ln.kind != "material"]
    return ReportContent(
        report_date=report_day(ctx, incident),
        zone=policy.zone.key,
        company=Party(
            company.name, company.address, company.vat_number, company.phone, company.email
        ),
        customer=Party(customer.name, customer.address, customer.vat_number),
        site=customer.address,
        contact=contact.name if contact else None,
        contact_role=contact.role if contact else None,
        contract=incident.contract,
        plan=incident.plan,
        plan_label=plan.label if plan else incident.plan,
        incident=incident.number,
        subject=incident.subject,
        description=incident.description,
        severity=incident.severity,
        urgent=incident.urgent,
        level=incident.level,
        category=incident.category,
        warranty=incident.warranty,
        reported_at=incident.arrived_at,
        promised_on_site_at=incident.promised_on_site_at,
        on_site_at=incident.on_site_at,
        late_minutes=minutes(billed.late_by) if billed.late_by else None,
        technicians=tuple(dict.fromkeys(technicians)),
        sessions=tuple(
            ReportSession(
                names[r.technician_id],
                r.kind,
                r.started_at,
                r.ended_at,
                minutes(r.ended_at - r.started_at),
                r.note,
            )
            for r in done
            if r.ended_at is not None
        ),
        work_done=tuple(notes),
        resolved=incident.resolved,
        resolved_at=incident.resolved_at,
        follow_up=follow.first(),
        lines=priced.lines,
        materials=tuple(
            ReportMaterial(
                m.description, m.quantity, m.unit_price, ln.amount, m.code, m.serial, m.warranty
            )
            for m, ln in zip(
                materials, [ln for ln in billed.lines if ln.kind == "material"], strict=True
            )
        ),
        units=billed.units,
        unit_minutes=rules.unit_minutes,
        unit_price=first_prices.unit_price,
        labour=sum((ln.amount for ln in non_material if ln.kind != "discount"), ZERO),
        discounts=billed.discounts,
        materials_total=billed.materials,
        taxable=billed.taxable,
        vat_percent=billed.vat_percent,
        vat=billed.vat,
        total=billed.total,
        free_reason=billed.free_code,
        free_reason_args=dict(billed.free_args),
        machine=machine.name if machine else None,
        program=incident.program,
        machine_gaps=tuple(ReportGap(g.code, gap_args(g)) for g in machine.coverage.gaps)
        if machine
        else (),
        guaranteed_on_site_at=job.guaranteed_on_site_at,
        arrival_term=term.kind if term else None,
        on_site_agreed=incident.on_site_agreed,
        price_plan=priced_by.label if priced_by else None,
        mixed_prices=len(billed.prices) > 1,
        effective_level=_level(policy, billed),
        prepaid=tuple(
            ReportPrepaid(u.block, u.allowance, u.used, u.training_used, u.left, u.training_left)
            for u in priced.prepaid
        ),
    )


def _level(policy: Policy, billed: Bill) -> int | None:
    """The level the work was billed at, said when the policy names its levels (seed 004)
    or when it is not the one declared; ``None``: the report does not speak of levels."""
    found = billed.level_check
    return found.effective if policy.service.levels or found.differs else None
