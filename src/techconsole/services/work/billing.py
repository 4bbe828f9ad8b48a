"""The bill of an incident: its sessions and materials through the policy's rules.

The level the work is billed at is the one its sessions bear out (seed 004, see
:mod:`techconsole.domain.levels`): :attr:`Bill.level_check` says it, with its warnings.

An incident about a machine that was not covered while it was worked on (seed 004: the
antivirus or the backup missing, no contract in force…) is billed as outside the
contract: no labour the contract would make free, and the bill says why
(:attr:`IncidentBill.machine`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from techconsole.domain import parts as parts_rule
from techconsole.domain.billing import bill
from techconsole.domain.billing_types import Bill, Job, Part, WorkSession
from techconsole.domain.free import FreeFacts
from techconsole.domain.lateness import on_site_guarantee
from techconsole.services.assets import coverage
from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.incidents import clocks
from techconsole.services.records import find_incident
from techconsole.services.views import MachineCoverage, PrepaidUse
from techconsole.services.work import prices
from techconsole.services.work.bill_lines import BillLine, coded
from techconsole.store.models import Customer, Incident
from techconsole.store.retry import retried_read
from techconsole.store.work import Material
from techconsole.store.work import WorkSession as SessionRow


@dataclass(frozen=True, slots=True)
class IncidentBill:
    number: str
    customer: str
    plan: str
    contract: bool
    bill: Bill
    #: the machine the incident is about, and whether the work was on a covered machine
    machine: MachineCoverage | None = None
    #: what its labour took from the contract's training allowance and prepaid block of
    #: hours, and what was left after it (seed 000, :mod:`.prepaid`)
    prepaid: tuple[PrepaidUse, ...] = ()
    #: parts proposed to the customer and waiting for their OK: not billed (seed 003)
    proposed: int = 0
    #: the bill's lines but the materials, as codes for the front ends to word
    lines: tuple[BillLine, ...] = ()

    @property
    def outside_contract(self) -> bool:
        """Billed as outside the contract because the machine was not covered."""
        return self.contract and self.machine is not None and not self.machine.covered


def facts(
    session: Session,
    ctx: Context,
    incident: Incident,
    sessions: list[SessionRow],
    machine: MachineCoverage | None = None,
) -> tuple[Job, FreeFacts]:
    """What the billing rules need to know about ``incident``; work on a ``machine`` that
    was not covered is outside the contract."""
    customer = session.get(Customer, incident.customer_id)
    assert customer is not None
    zone = ctx.policy.zone
    first = min((s.started_at for s in sessions), default=incident.arrived_at)
    original = session.get(Incident, incident.follow_up_of_id) if incident.follow_up_of_id else None
    plan = ctx.policy.plans.get(incident.plan)
    covered = machine is None or machine.covered
    free = FreeFacts(
        work_date=first.astimezone(zone).date(),
        deployment=customer.deployment,
        category=incident.category,
        reseller_since=programs.reseller_since(session, customer, incident),
        warranty=incident.warranty,
        follow_up_of_unresolved=original is not None and original.resolved is False,
        level=incident.level,
        contract=incident.contract and covered,
        plan_covers_category=bool(
            covered and plan and incident.category and incident.category in plan.included_categories
        ),
        included_levels=plan.included_levels if plan and plan.contract else (),
        arrived_on_site=incident.on_site_at is not None,
    )
    job = Job(
        free=free,
        urgent=incident.urgent,
        urgent_on_request=incident.urgent_on_request,
        on_site=incident.on_site_at is not None or any(s.kind == "on_site" for s in sessions),
        promised_on_site_at=incident.promised_on_site_at,
        on_site_at=incident.on_site_at,
        guaranteed_on_site_at=guarantee(session, ctx, incident),
        promise_agreed=bool(incident.on_site_agreed),
        prices=prices.book(session, ctx.policy, incident.customer_id),
    )
    return job, free


def guarantee(session: Session, ctx: Context, incident: Incident) -> datetime | None:
    """When the policy guarantees the technician on site for ``incident`` (seed 003: within
    4 business hours when urgent), by its on-site clock, once the technician has been on
    site (the clock stopped then: the guarantee stays what it was); ``None`` before, or
    when the policy has no such clock."""
    if incident.on_site_at is None:
        return None
    now = max(ctx.now(), incident.on_site_at)
    return on_site_guarantee(ctx.policy, clocks.inputs_of(session, incident), now)


def fitted_parts(incident: Incident) -> Any:
    """The query of ``incident``'s parts that are billed: fitted ones only, not those
    proposed to the customer and waiting for their OK, nor those declined (seed 003)."""
    return (
        select(Material)
        .where(Material.incident_id == incident.id)
        .where(Material.state == parts_rule.FITTED)
        .order_by(col(Material.id))
    )


def incident_bill(session: Session, ctx: Context, incident: Incident) -> IncidentBill:
    rows = list(
        session.exec(
            select(SessionRow)
            .where(SessionRow.incident_id == incident.id)
            .order_by(col(SessionRow.started_at), col(SessionRow.id))
        )
    )
    parts = [
        Part(m.description, m.quantity, m.unit_price, m.code, m.serial, m.warranty)
        for m in session.exec(fitted_parts(incident))
    ]
    machine = coverage.for_incident(
        session, ctx.policy, incident, ctx.now(), [r.ended_at for r in rows]
    )
    job, _ = facts(session, ctx, incident, rows, machine)
    work = [WorkSession(r.started_at, r.ended_at, r.kind, id=r.id or 0) for r in rows]
    plan = ctx.policy.plan(incident.plan)
    from techconsole.services.work import prepaid  # it reads facts() of this module

    draws, uses = prepaid.for_bill(session, ctx, incident, rows)
    result = bill(ctx.policy.billing, plan.calendar, job, work, parts, draws)
    customer = session.get(Customer, incident.customer_id)
    proposed = session.exec(
        select(func.count())
        .select_from(Material)
        .where(Material.incident_id == incident.id, Material.state == parts_rule.PROPOSED)
    ).one()
    return IncidentBill(
        incident.number,
        customer.name if customer else "?",
        incident.plan,
        incident.contract,
        result,
        machine,
        uses,
        int(proposed),
        coded(ctx.policy.billing, ctx.policy.zone, [r for r in rows if r.ended_at], result),
    )


@retried_read
def bill_incident(ctx: Context, ref: str | int) -> IncidentBill:
    with ctx.db.read() as session:
        return incident_bill(session, ctx, find_incident(session, ref))
