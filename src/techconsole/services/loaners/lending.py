"""Lending a loaner PC to a customer and taking it back: one transaction each, an audit
row, and, when it is lent for an incident, the incident's timeline (which stops its
loaner-PC clock, :mod:`techconsole.domain.loaner`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.domain.limits import FUTURE_SKEW
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.assets.coverage import asset_of
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.incidents import clocks
from techconsole.services.incidents.intake import find_customer, machine_of
from techconsole.services.loaners.records import find_loaner, loan_views, open_loan
from techconsole.services.loaners.views import LoanView
from techconsole.services.records import actor, audit, event, find_incident, status_word
from techconsole.store.assets import Asset
from techconsole.store.loaners import Loan, Loaner
from techconsole.store.models import OPEN_STATUSES, Customer, Incident


@dataclass(frozen=True, slots=True)
class Lending:
    """What a person says when a loaner goes out: which one, for which incident (or to
    which customer), standing in for which of their machines, with whose data."""

    loaner: int | str
    incident: str | int | None = None
    customer: int | str | None = None
    machine: int | None = None
    #: whose data were copied onto it; by default the machine's it stands in for
    data_from: str = ""
    note: str = ""
    at: datetime | None = None


def _day(value: datetime, ctx: Context) -> str:
    return bounds.local(value, ctx.policy.zone)


def _moment(ctx: Context, at: datetime | None, what: str) -> datetime:
    now = ctx.now()
    if at is None:
        return now
    bounds.instant(at, what)
    if at > now + FUTURE_SKEW:
        raise InvalidInput(
            _("{what} {when} is in the future").format(what=_(what), when=at.isoformat())
        )
    return at


def _customer(session: Session, lending: Lending, incident: Incident | None) -> Customer:
    if incident is None:
        if lending.customer is None:
            raise InvalidInput(
                _("say whom it is lent to: an incident (--incident) or a customer (--customer)")
            )
        return find_customer(session, lending.customer)
    owner = find_customer(session, incident.customer_id)
    if lending.customer is not None and find_customer(session, lending.customer).id != owner.id:
        raise InvalidInput(
            _("{number} is a request of {customer}, not of the customer named").format(
                number=incident.number, customer=owner.name
            )
        )
    return owner


def _refuse_if_out(session: Session, ctx: Context, loaner: Loaner) -> None:
    assert loaner.id is not None
    current = open_loan(session, loaner.id)
    if current is not None:
        out = loan_views(session, [current])[0]
        raise InvalidTransition(
            _(
                "loaner PC {name} is out already: lent to {customer} on {day}; "
                "record its return first (techconsole loaner return {name})"
            ).format(
                name=loaner.name,
                customer=out.customer,
                day=_day(out.lent_at, ctx),
            )
        )


def lend(ctx: Context, lending: Lending) -> LoanView:
    """Hand a loaner of ours over to a customer."""
    bounds.text(lending.note, N_("note"))
    data_from = bounds.name(" ".join(lending.data_from.split()), N_("whose data"))
    when = _moment(ctx, lending.at, N_("time lent"))
    with ctx.write() as session:
        who = actor(session, ctx)
        loaner = find_loaner(session, lending.loaner, lock=True)
        if loaner.retired_at is not None:
            raise InvalidTransition(
                _("loaner PC {name} is retired: it is not lent any more").format(name=loaner.name)
            )
        _refuse_if_out(session, ctx, loaner)
        incident = None
        if lending.incident is not None:
            incident = find_incident(session, lending.incident, lock=True)
            if incident.status not in OPEN_STATUSES:
                raise InvalidTransition(
                    _("cannot lend a loaner PC for {number}: it is {status}").format(
                        number=incident.number, status=status_word(incident.status)
                    )
                )
            bounds.after_arrival(incident, when, N_("time lent"), ctx.policy.zone)
        customer = _customer(session, lending, incident)
        machine: Asset | None = None
        if lending.machine is not None:
            machine = machine_of(session, ctx, customer, lending.machine)
        elif incident is not None:
            machine = asset_of(session, incident.id)
        data_from = data_from or (machine.name if machine is not None else "")
        if not data_from:
            raise InvalidInput(
                _(
                    "say whose data were copied onto the loaner (--data) or the machine it "
                    "stands in for (--machine)"
                )
            )
        assert loaner.id is not None
        assert customer.id is not None
        assert who.id is not None
        back = _last_return(session, loaner.id)
        if back is not None and when < back:
            raise InvalidInput(
                _("loaner PC {name} came back only at {back}: it cannot go out at {when}").format(
                    name=loaner.name, back=_day(back, ctx), when=_day(when, ctx)
                )
            )
        now = ctx.now()
        row = Loan(
            loaner_id=loaner.id,
            customer_id=customer.id,
            asset_id=machine.id if machine is not None else None,
            incident_id=incident.id if incident is not None else None,
            data_from=data_from,
            lent_at=when,
            lent_by_id=who.id,
            note=lending.note,
            recorded_at=now,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "loaner.lend",
            "loan",
            row.id,
            now,
            loaner=loaner.name,
            customer=customer.name,
            incident=incident.number if incident is not None else None,
            asset=machine.name if machine is not None else None,
            data_from=data_from,
            lent_at=when,
        )
        if incident is not None:
            event(
                session,
                incident,
                who,
                events.LOANER_LENT,
                when,
                lending.note,
                loan=row.id,
                loaner=loaner.name,
                data_from=data_from,
            )
            clocks.refresh(session, ctx.policy, incident, now)
        return loan_views(session, [row])[0]


def _last_return(session: Session, loaner_id: int) -> datetime | None:
    """When the loaner last came back, if it ever went out."""
    query = (
        select(Loan.returned_at)
        .where(Loan.loaner_id == loaner_id)
        .where(col(Loan.returned_at).is_not(None))
        .order_by(col(Loan.returned_at).desc())
        .limit(1)
    )
    return session.exec(query).first()


def give_back(
    ctx: Context, loaner_ref: int | str, *, note: str = "", at: datetime | None = None
) -> LoanView:
    """The customer gave the loaner back: its loan ends (the time is recorded)."""
    bounds.text(note, N_("note"))
    when = _moment(ctx, at, N_("time returned"))
    with ctx.write() as session:
        who = actor(session, ctx)
        loaner = find_loaner(session, loaner_ref, lock=True)
        assert loaner.id is not None
        loan = open_loan(session, loaner.id)
        if loan is None:
            raise InvalidTransition(
                _("loaner PC {name} is not out: there is nothing to return").format(
                    name=loaner.name
                )
            )
        if when < loan.lent_at:
            raise InvalidInput(
                _("the return {when} is before loaner PC {name} was lent ({lent})").format(
                    when=_day(when, ctx), name=loaner.name, lent=_day(loan.lent_at, ctx)
                )
            )
        now = ctx.now()
        loan.returned_at, loan.returned_by_id, loan.return_note = when, who.id, note
        session.add(loan)
        audit(
            session,
            ctx.actor,
            "loaner.return",
            "loan",
            loan.id,
            now,
            loaner=loaner.name,
            returned_at=when,
        )
        if loan.incident_id is not None:
            query = select(Incident).where(Incident.id == loan.incident_id).with_for_update()
            incident = session.exec(query).one()
            event(
                session,
                incident,
                who,
                events.LOANER_RETURNED,
                when,
                note,
                loan=loan.id,
                loaner=loaner.name,
            )
            clocks.refresh(session, ctx.policy, incident, now)
        session.flush()
        return loan_views(session, [loan])[0]
