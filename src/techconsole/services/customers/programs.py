"""A customer's programs (seed 001: "Il rivenditore avra' assistenza 7/7 il primo anno di
gestione del programma (per ogni programma) gratuitamente"): each with the day its
reseller began managing it, so that the free first year counts per program for the
incidents that name one; an incident naming none keeps the customer's own date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, NotFound
from techconsole.services.records import actor, audit
from techconsole.store.models import Customer, Incident
from techconsole.store.programs import CustomerProgram
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class ProgramView:
    id: int
    customer_id: int
    name: str
    reseller_since: date | None


def _customer(session: Session, ref: int | str) -> Customer:
    # imported here: intake reads this module when it records a request
    from techconsole.services.incidents.intake import find_customer

    return find_customer(session, ref)


def _view(row: CustomerProgram) -> ProgramView:
    return ProgramView(row.id or 0, row.customer_id, row.name, row.reseller_since)


def add_program(
    ctx: Context, customer: int | str, name: str, *, reseller_since: date | None = None
) -> ProgramView:
    """A program ``customer`` uses; ``reseller_since``: the first day its reseller managed
    it (its free first year runs from then)."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("name the program (e.g. 'Gestionale Hotel')"))
    bounds.name(name, N_("program"))
    if reseller_since is not None:
        bounds.day(reseller_since, N_("reseller since"))
    now = ctx.now()
    with ctx.write() as session:
        who = actor(session, ctx)
        owner = _customer(session, customer)
        assert owner.id is not None
        if program_of(session, owner.id, name) is not None:
            raise Conflict(
                _("{customer} has the program '{name}' already").format(
                    customer=owner.name, name=name
                )
            )
        row = CustomerProgram(
            customer_id=owner.id, name=name, reseller_since=reseller_since, created_at=now
        )
        session.add(row)
        session.flush()
        since = reseller_since.isoformat() if reseller_since else None
        audit(
            session, who.login, "customer.program", "customer", owner.id, now,
            name=name, reseller_since=since,
        )  # fmt: skip
        return _view(row)


@retried_read
def programs(ctx: Context, customer: int | str) -> list[ProgramView]:
    with ctx.db.read() as session:
        owner = _customer(session, customer)
        rows = session.exec(
            select(CustomerProgram)
            .where(CustomerProgram.customer_id == owner.id)
            .order_by(col(CustomerProgram.name))
        )
        return [_view(r) for r in rows]


def program_of(session: Session, customer_id: int, name: str) -> CustomerProgram | None:
    """The customer's program called ``name`` (any case)."""
    for row in session.exec(
        select(CustomerProgram).where(CustomerProgram.customer_id == customer_id)
    ):
        if row.name.casefold() == name.strip().casefold():
            return row
    return None


def checked_program(session: Session, customer: Customer, name: str) -> str:
    """``name`` as the customer's program is spelled, or "" for none; refused, with the
    customer's programs, when it is not one of theirs."""
    if not name.strip():
        return ""
    assert customer.id is not None
    found = program_of(session, customer.id, name)
    if found is None:
        known = session.exec(
            select(CustomerProgram.name)
            .where(CustomerProgram.customer_id == customer.id)
            .order_by(col(CustomerProgram.name))
        ).all()
        raise NotFound(
            _(
                "'{name}' is not a program of {customer}; its programs: {known} "
                "(techconsole customer program-add)"
            ).format(name=name.strip(), customer=customer.name, known=", ".join(known) or "—")
        )
    return found.name


def reseller_since(session: Session, customer: Customer, incident: Incident) -> date | None:
    """Since when the reseller manages what ``incident`` is about: the program it names,
    when that program has its own date, else the customer's (``None``: no reseller)."""
    if incident.program:
        found = program_of(session, customer.id or 0, incident.program)
        if found is not None and found.reseller_since is not None:
            return found.reseller_since
    return customer.reseller_since if customer.reseller else None
