"""Opening an incident: number, plan from the contract, urgency, authorisation gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.domain.limits import FUTURE_SKEW, MAX_SUBJECT, as_id, is_number
from techconsole.i18n import N_, _
from techconsole.services import bounds, loaders
from techconsole.services.assets.coverage import find_asset, link
from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents import clocks
from techconsole.services.records import actor, event, like_pattern
from techconsole.services.views import IncidentView
from techconsole.store.assets import Asset
from techconsole.store.models import Contact, Customer, Incident, Technician

#: how far ahead of our clock an arrival time may be (another machine's clock)
ARRIVAL_SKEW = FUTURE_SKEW


@dataclass(frozen=True, slots=True)
class NewIncident:
    customer: int | str
    subject: str
    description: str = ""
    requester: int | None = None
    channel: str = "email"
    severity: str | None = None
    urgent: bool | None = None  # None: "URGENTE" in the subject decides
    urgent_on_request: bool = False
    level: int = 1
    category: str = ""
    arrived_at: datetime | None = None
    asset: int | None = None  # the machine it is about (``asset list``)
    #: the customer's program it is about (``customer programs``; seed 001)
    program: str = ""


def find_customer(session: Session, ref: int | str) -> Customer:
    """A customer by id, or by name (exact, then a unique partial match)."""
    if is_number(ref):
        number = as_id(ref)
        found = None if number is None else session.get(Customer, number)
        if found is None:
            raise NotFound(
                _("no customer with id {ref} (see: techconsole customer list)").format(ref=ref)
            )
        return found
    name = str(ref).strip()
    exact = session.exec(select(Customer).where(Customer.name == name)).all()
    if len(exact) == 1:
        return exact[0]
    like = session.exec(
        select(Customer)
        .where(col(Customer.name).ilike(like_pattern(name), escape="\\"))
        .order_by(col(Customer.name), col(Customer.id))
    ).all()
    if len(like) == 1:
        return like[0]
    if not like:
        raise NotFound(
            _("no customer matches '{name}' (see: techconsole customer list)").format(name=name)
        )
    names = ", ".join(f"{c.id}: {c.name}" for c in like[:5])
    raise InvalidInput(
        _("'{name}' matches several customers ({names}…); give the id").format(
            name=name, names=names
        )
    )


def next_number(session: Session, year: int) -> tuple[int, str]:
    seq = session.execute(
        text(
            "INSERT INTO number_counter (year, last) VALUES (:y, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = number_counter.last + 1 "
            "RETURNING last"
        ),
        {"y": year},
    ).scalar_one()
    return int(seq), f"{year}-{int(seq):06d}"


def open_incident(ctx: Context, new: NewIncident) -> IncidentView:
    """Record a request; its clocks start at ``arrived_at`` (default: now)."""
    policy = ctx.policy
    subject = new.subject.strip()
    if not subject:
        raise InvalidInput(_("the subject is empty: say in a few words what is wrong"))
    if len(subject) > MAX_SUBJECT:
        raise InvalidInput(
            _(
                "the subject is longer than {limit} characters; put the details in the description"
            ).format(limit=MAX_SUBJECT)
        )
    bounds.text(new.description, N_("description"))
    bounds.name(new.category, N_("category"))
    refusal = policy.intake.refusal(new.channel)
    if refusal:
        raise NotAllowed(
            _("policy '{policy}': {reason}").format(policy=policy.name, reason=refusal)
        )
    severity = new.severity or policy.default_severity()
    if severity not in {s.code for s in policy.severities}:
        codes = ", ".join(s.code for s in policy.severities)
        raise InvalidInput(
            _("unknown severity '{severity}'; this policy has: {codes}").format(
                severity=severity, codes=codes
            )
        )
    if new.level not in (1, 2):
        raise InvalidInput(_("level is 1 (remote) or 2 (on site, hardware)"))
    now = ctx.now()
    arrived = bounds.instant(new.arrived_at, N_("arrival time")) if new.arrived_at else now
    if arrived > now + ARRIVAL_SKEW:
        raise InvalidInput(
            _("the arrival time {when} is in the future").format(
                when=bounds.local(arrived, policy.zone)
            )
        )
    urgent = new.urgent if new.urgent is not None else policy.intake.is_urgent_subject(subject)
    with ctx.write() as session:
        who = actor(session, ctx)
        incident = record(
            session, ctx, new, who, now, arrived, severity, urgent, subject,
            triaged=not policy.needs_triage(new.severity),
        )  # fmt: skip
        return loaders.incident_view(session, incident)


def record(
    session: Session,
    ctx: Context,
    new: NewIncident,
    who: Technician | None,
    now: datetime,
    arrived: datetime,
    severity: str,
    urgent: bool,
    subject: str,
    *,
    service: str = "system",
    follow_up_of: Incident | None = None,
    triaged: bool = True,
    **opened: Any,
) -> Incident:
    """Write the checked request inside the caller's transaction: the incident, its
    ``opened`` event (with ``opened`` fields, e.g. the mail it came from) and its clocks.
    ``who`` is ``None`` when a service records it (``service``: ``mail``); ``triaged``:
    False when ``severity`` is the policy's default, given by no technician."""
    policy = ctx.policy
    customer = find_customer(session, new.customer)
    assert customer.id is not None
    requester = None
    if new.requester is not None:
        contact_id = as_id(new.requester)
        requester = None if contact_id is None else session.get(Contact, contact_id)
        if requester is None or requester.customer_id != customer.id:
            raise NotFound(
                _("contact {contact} is not a contact of {customer}").format(
                    contact=new.requester, customer=customer.name
                )
            )
    machine = None if new.asset is None else machine_of(session, ctx, customer, new.asset)
    program = programs.checked_program(session, customer, new.program)
    local_day = arrived.astimezone(policy.zone).date()
    plan, contract = loaders.plan_for(session, policy, customer.id, local_day)
    gated = requester is not None and requester.role in policy.intake.needs_authorisation
    seq, number = next_number(session, local_day.year)
    incident = Incident(
        number=number,
        year=local_day.year,
        seq=seq,
        customer_id=customer.id,
        requester_id=requester.id if requester else None,
        channel=new.channel,
        subject=subject,
        description=new.description,
        severity=severity,
        severity_triaged=triaged,
        urgent=urgent,
        urgent_on_request=new.urgent_on_request,
        level=new.level,
        category=new.category,
        program=program,
        status="awaiting_authorisation" if gated else "open",
        plan=plan,
        contract=contract,
        arrived_at=arrived,
        needs_authorisation=gated,
        follow_up_of_id=follow_up_of.id if follow_up_of else None,
        due_sort=clocks.FAR_FUTURE,
        updated_at=now,
    )
    session.add(incident)
    session.flush()
    assert incident.id is not None
    if machine is not None:
        link(session, incident.id, machine.id)
    if follow_up_of is not None:
        opened["follow_up_of"] = follow_up_of.number
    if machine is not None:
        opened["asset"] = machine.name
    if program:
        opened["program"] = program
    event(
        session,
        incident,
        who,
        "opened",
        arrived,  # the timeline starts when the request arrived, not when it was typed
        subject,
        service=service,
        plan=plan,
        severity=severity,
        urgent=urgent,
        channel=new.channel,
        customer=customer.name,
        recorded_at=now,
        **opened,
    )
    if gated:
        assert requester is not None
        event(
            session,
            incident,
            who,
            events.PAUSE,
            arrived,
            service=service,
            reason=events.WAITING_FOR_AUTHORISATION,
            contact=requester.name,
            role=requester.role,
        )
        from techconsole.services.mail import (
            notices,
        )  # imported when a notice may be due: reads stay quick

        notices.on_awaiting_authorisation(session, policy, incident, requester, who, now)
    clocks.refresh(session, policy, incident, now)
    return incident


def machine_of(session: Session, ctx: Context, customer: Customer, ref: int | str) -> Asset:
    """The machine ``ref`` when an incident of ``customer`` may name it: theirs, in service."""
    machine = find_asset(session, ref)
    if machine.customer_id != customer.id:
        raise InvalidInput(
            _("machine {id} ({name}) is not a machine of {customer}").format(
                id=machine.id, name=machine.name, customer=customer.name
            )
        )
    if machine.retired_at is not None:
        raise InvalidInput(
            _("machine {id} ({name}) is retired since {day}").format(
                id=machine.id,
                name=machine.name,
                day=f"{machine.retired_at.astimezone(ctx.policy.zone):%d/%m/%Y}",
            )
        )
    return machine
