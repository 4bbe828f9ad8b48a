"""Materials and spare parts used on an incident.

A part is fitted and billed at once, unless it waits for the customer's OK (seed 003,
:mod:`techconsole.domain.parts`): then it is recorded as proposed, and
:mod:`.part_answers` records the customer's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from techconsole.domain import events, parts
from techconsole.domain.money import cents
from techconsole.i18n import N_, _, ngettext
from techconsole.i18n.formats import AmountError, parse_amount
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.incidents.gate import require_authorised
from techconsole.services.records import actor, event, find_incident
from techconsole.services.work.months import ensure_open, hold_months
from techconsole.store.models import Contact, Customer, Incident
from techconsole.store.retry import retried_read
from techconsole.store.work import Material


@dataclass(frozen=True, slots=True)
class MaterialView:
    id: int
    incident: str
    description: str
    code: str
    serial: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    warranty: bool
    #: the day it was fitted (a proposal: the day it was proposed)
    used_on: date
    #: domain.parts.STATES: fitted (billed), proposed (waiting for the customer's OK:
    #: not billed), declined; why it waits (domain.parts.ASKED or ABOVE_LIMIT)
    state: str = parts.FITTED
    proposed_because: str = ""
    #: the customer's answer to a proposal: who (the contact's name), when, how
    answered_by: str | None = None
    answered_at: datetime | None = None
    answered_via: str = ""

    @property
    def waiting(self) -> bool:
        """Proposed, the customer's OK not recorded yet: not fitted, not billed."""
        return self.state == parts.PROPOSED


#: quantities and prices stay below this: beyond it a typo, and beyond the columns' range
LIMIT = Decimal(10) ** 9


def decimal(value: str | Decimal, what: str, *, places: int) -> Decimal:
    """A quantity or price typed by a person in the language in use (``1.234,5`` or
    ``12,5`` in Italian; a plain ``12.5`` too); never a float. ``what`` names it in a
    refusal, marked with ``N_`` ("quantity") and translated then."""
    if isinstance(value, float):
        raise InvalidInput(f"{what} must be exact (a string or Decimal), not a float")
    try:
        number = value if isinstance(value, Decimal) else parse_amount(value)
    except AmountError as error:
        if error.readings is not None:  # 1.250 in Italian: 1250, or 1.25?
            first, second = error.readings
            raise InvalidInput(
                _("{what} '{value}' is ambiguous: type {first} or {second}").format(
                    what=_(what), value=value, first=first, second=second
                )
            ) from None
        raise InvalidInput(
            _("{what} '{value}' is not a number").format(what=_(what), value=value)
        ) from None
    if not number.is_finite():
        raise InvalidInput(_("{what} '{value}' is not a number").format(what=_(what), value=value))
    if abs(number) >= LIMIT:
        raise InvalidInput(
            _("{what} '{value}' is too large (it must be below 1000000000)").format(
                what=_(what), value=value
            )
        )
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise InvalidInput(
            ngettext(
                "{what} '{value}' has more than {places} decimal",
                "{what} '{value}' has more than {places} decimals",
                places,
            ).format(what=_(what), value=value, places=places)
        )
    return number


def add_material(
    ctx: Context,
    ref: str | int,
    description: str,
    *,
    quantity: str | Decimal,
    unit_price: str | Decimal,
    code: str = "",
    serial: str = "",
    warranty: bool = False,
    used_on: date | None = None,
) -> MaterialView:
    qty = decimal(quantity, N_("quantity"), places=3)
    price = decimal(unit_price, N_("unit price"), places=2)
    if qty <= 0:
        raise InvalidInput(_("the quantity must be more than zero"))
    if price < 0:
        raise InvalidInput(_("the unit price cannot be negative"))
    if not description.strip():
        raise InvalidInput(_("describe the material (e.g. 'RAM 8 GB DDR4')"))
    bounds.text(description, N_("description"))
    bounds.name(code, N_("code"))
    bounds.name(serial, N_("serial number"))
    now = ctx.now()
    day = used_on or now.astimezone(ctx.policy.zone).date()
    with ctx.write() as session:
        who = actor(session, ctx)
        hold_months(session, day)  # before the incident's row lock (see store.locks)
        incident = find_incident(session, ref, lock=True)
        if incident.status == "closed":
            raise InvalidTransition(_("{number} is closed").format(number=incident.number))
        require_authorised(session, ctx, incident, day)
        ensure_open(session, N_("materials"), day)
        customer = session.get(Customer, incident.customer_id)
        assert customer is not None
        reason = parts.approval_reason(
            notify_before_parts=customer.notify_before_parts,
            approval_above=ctx.policy.parts.approval_above,
            value=Decimal(0) if warranty else cents(qty * price),
        )
        row = Material(
            incident_id=incident.id or 0,
            description=description.strip(),
            code=code,
            serial=serial,
            quantity=qty,
            unit_price=price,
            warranty=warranty,
            used_on=day,
            added_by_id=who.id,
            created_at=now,
            state=parts.state_after_adding(reason),
            proposed_because=reason or "",
        )
        session.add(row)
        session.flush()
        proposal = {} if reason is None else {"state": row.state, "reason": reason}
        event(
            session,
            incident,
            who,
            events.MATERIAL_ADDED,
            now,
            description.strip(),
            material_id=row.id,
            quantity=str(qty),
            unit_price=str(price),
            warranty=warranty,
            **proposal,
        )
        work_reports.sync(session, ctx, incident, who, now)
        return view(row, incident.number)


def view(row: Material, number: str, answered_by: str | None = None) -> MaterialView:
    amount = Decimal("0.00") if row.warranty else cents(row.quantity * row.unit_price)
    return MaterialView(
        row.id or 0,
        number,
        row.description,
        row.code,
        row.serial,
        row.quantity,
        row.unit_price,
        amount,
        row.warranty,
        row.used_on,
        row.state,
        row.proposed_because,
        answered_by,
        row.answered_at,
        row.answered_via,
    )


def rows_of(session: Session, incident: Incident) -> list[MaterialView]:
    """The parts of ``incident``, in the order they were recorded, each in its state."""
    names = dict(
        session.exec(
            select(Contact.id, Contact.name).where(Contact.customer_id == incident.customer_id)
        ).all()
    )
    rows = session.exec(
        select(Material).where(Material.incident_id == incident.id).order_by(col(Material.id))
    ).all()
    return [
        view(r, incident.number, names.get(r.answered_by_id) if r.answered_by_id else None)
        for r in rows
    ]


@retried_read
def materials(ctx: Context, ref: str | int) -> list[MaterialView]:
    with ctx.db.read() as session:
        return rows_of(session, find_incident(session, ref))
