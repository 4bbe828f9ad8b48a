"""A customisation requested, and its dates agreed: (000) "il cliente deve definire con
il nostro reparto ricerca e sviluppo, i tempi di realizzazione, test, collaudo e
conferma" — outside the high-work period ("NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE
… in periodo di alto lavoro … da marzo ad agosto")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from techconsole.domain import change_calendar as calendar
from techconsole.domain import changes as rules
from techconsole.domain.changes import Step, day_text
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.changes.common import day_of, not_before, refusals, step
from techconsole.services.changes.records import change_view, named
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, NotFound
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit
from techconsole.store.changes import ChangeRequest
from techconsole.store.models import Contact, Technician


@dataclass(frozen=True, slots=True)
class NewChange:
    """What a person says when a customer asks for a customisation."""

    customer: int | str
    description: str
    #: a "personalizzazione forte" (001): the customer tests it within the policy's days
    heavy: bool = False
    #: who asked for it (a contact of the customer's): the delivery notice goes to them
    contact: int | None = None
    #: the day it was asked for (default: today)
    requested_on: date | None = None


def _contact(session: Session, customer_id: int, contact: int | None) -> Contact | None:
    if contact is None:
        return None
    found = session.get(Contact, contact)
    if found is None or found.customer_id != customer_id:
        raise NotFound(
            _("the customer has no contact #{id} (see: techconsole customer show)").format(
                id=contact
            )
        )
    return found


def add_change(ctx: Context, new: NewChange) -> ChangeView:
    """Record a customisation request; its dates are agreed later (:func:`schedule`)."""
    description = bounds.text(new.description.strip(), N_("description"), MAX_TEXT)
    if not description:
        raise InvalidInput(_("say what the customisation is: the description is empty"))
    requested = day_of(ctx, new.requested_on, N_("request day"))
    with ctx.write() as session:
        who = actor(session, ctx)
        customer = find_customer(session, new.customer)
        assert customer.id is not None
        assert who.id is not None
        contact = _contact(session, customer.id, new.contact)
        now = ctx.now()
        row = ChangeRequest(
            customer_id=customer.id,
            contact_id=contact.id if contact is not None else None,
            description=description,
            heavy=new.heavy,
            status=rules.Status.REQUESTED.value,
            requested_on=requested,
            created_by_id=who.id,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "change.add",
            "change",
            row.id,
            now,
            customer_id=customer.id,
            customer=customer.name,
            heavy=new.heavy,
            requested_on=requested.isoformat(),
            contact=contact.name if contact is not None else None,
        )
        return change_view(ctx, session, row)


def schedule(ctx: Context, ref: int | str, start_on: date, due_on: date) -> ChangeView:
    """Agree when the work starts and when it is delivered: refused when either falls in,
    or the work runs through, the high-work period (the first day allowed is said)."""
    bounds.day(start_on, N_("work start"))
    bounds.day(due_on, N_("delivery day"))
    if due_on < start_on:
        raise InvalidInput(
            _("the delivery ({due}) is before the work starts ({start})").format(
                due=day_text(due_on), start=day_text(start_on)
            )
        )
    with refusals():
        calendar.check_work(ctx.policy.changes, start_on, due_on)

    def change(
        session: Session, who: Technician, row: ChangeRequest, now: datetime
    ) -> dict[str, Any]:
        before = rules.Status(row.status)
        row.status = rules.after(before, Step.SCHEDULE, named(row)).value
        not_before(start_on, row.requested_on, N_("work start"), N_("the request"))
        if before is rules.Status.AGREED and (row.start_on, row.due_on) == (start_on, due_on):
            raise InvalidInput(
                _("{what} is agreed for {start} to {due} already").format(
                    what=named(row), start=day_text(start_on), due=day_text(due_on)
                )
            )
        old = {"old_start_on": _iso(row.start_on), "old_due_on": _iso(row.due_on)}
        row.start_on, row.due_on = start_on, due_on
        return {"start_on": start_on.isoformat(), "due_on": due_on.isoformat(), **old}

    return step(ctx, ref, "schedule", change)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
