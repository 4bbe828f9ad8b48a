"""The customer's answer to a proposed spare part (seed 003: "Il cliente può comunque
richiedere sempre di essere avvisato prima della sostituzione di qualunque parte di
ricambio"): who agreed, when and how; approved, the part is fitted and billed on the
day of the answer, declined, it never is."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from techconsole.domain import events, parts
from techconsole.domain.limits import as_id, is_number
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents.gate import require_authorised
from techconsole.services.incidents.workflow import _when
from techconsole.services.records import actor, event, find_incident
from techconsole.services.work.materials import MaterialView, view
from techconsole.services.work.months import ensure_open, hold_months
from techconsole.store.models import Contact, Incident
from techconsole.store.work import Material


def contact_of(session: Session, incident: Incident, typed: str | int) -> Contact:
    """The contact of ``incident``'s customer named by ``typed``: their id, or their name
    (any case); refused, with the customer's contacts, when it names none or several."""
    text = str(typed).strip()
    query = select(Contact).where(Contact.customer_id == incident.customer_id)
    if is_number(text):
        number = as_id(text)
        found = session.get(Contact, number) if number is not None else None
        if found is not None and found.customer_id == incident.customer_id:
            return found
        matches: list[Contact] = []
    else:
        wanted = query.where(func.lower(col(Contact.name)) == text.lower())
        matches = list(session.exec(wanted))
        if len(matches) == 1:
            return matches[0]
    known = ", ".join(f"{c.id} {c.name}" for c in session.exec(query.order_by(col(Contact.id))))
    said = (
        _("'{typed}' names more than one contact of this customer; give the id: {known}")
        if matches
        else _("'{typed}' is not a contact of this incident's customer; its contacts: {known}")
    )
    raise NotFound(said.format(typed=text, known=known or "—"))


def approve_part(
    ctx: Context,
    part: int,
    *,
    contact: str | int,
    via: str,
    at: datetime | None = None,
) -> MaterialView:
    """The customer agreed to the proposed ``part``: it is fitted, and billed, on the day
    of their answer."""
    return _answer(ctx, part, parts.FITTED, contact, via, at)


def decline_part(
    ctx: Context,
    part: int,
    *,
    contact: str | int | None = None,
    via: str = "",
    at: datetime | None = None,
) -> MaterialView:
    """The customer did not want the proposed ``part`` (or it is withdrawn): never fitted,
    never billed; who said so and how, when known."""
    return _answer(ctx, part, parts.DECLINED, contact, via, at)


def _answer(
    ctx: Context,
    part: int,
    state: str,
    contact: str | int | None,
    via: str,
    at: datetime | None,
) -> MaterialView:
    if via not in parts.VIA and (via or state == parts.FITTED):
        raise InvalidInput(
            _("the customer's answer via '{via}'? Use one of: {ways}").format(
                via=via, ways=", ".join(parts.VIA)
            )
        )
    if at is not None:
        bounds.instant(at, N_("time of the customer's answer"))
    now = ctx.now()
    day = (at or now).astimezone(ctx.policy.zone).date()
    number = as_id(part)
    with ctx.write() as session:
        who = actor(session, ctx)
        found = session.get(Material, number) if number is not None else None
        if found is None:
            raise NotFound(_("no part {part} (see: techconsole material list)").format(part=part))
        number_of = session.exec(
            select(Incident.number).where(Incident.id == found.incident_id)
        ).one()
        if state == parts.FITTED:
            hold_months(session, day)  # before the incident's row lock (see store.locks)
        incident = find_incident(session, number_of, lock=True)
        session.refresh(found)  # as it is now that the incident is ours
        if found.state != parts.PROPOSED:
            said = (
                _("part {part} is already fitted: nothing waits for the customer's answer")
                if found.state == parts.FITTED
                else _("part {part} was declined: record a new proposal instead")
            )
            raise InvalidTransition(said.format(part=found.id))
        if incident.status == "closed":
            raise InvalidTransition(_("{number} is closed").format(number=incident.number))
        when = _when(at, now, N_("time of the customer's answer"), incident, ctx.policy.zone)
        if when < found.created_at:
            raise InvalidInput(
                _("the customer cannot have answered before the part was proposed ({when})").format(
                    when=bounds.local(found.created_at, ctx.policy.zone)
                )
            )
        person = None if contact is None else contact_of(session, incident, contact)
        if state == parts.FITTED:
            require_authorised(session, ctx, incident, when)
            ensure_open(session, N_("materials"), day)
            found.used_on = day
        found.state = state
        found.answered_by_id = person.id if person else None
        found.answered_at = when
        found.answered_via = via
        session.add(found)
        kind = events.MATERIAL_APPROVED if state == parts.FITTED else events.MATERIAL_DECLINED
        event(
            session,
            incident,
            who,
            kind,
            when,
            found.description,
            material_id=found.id,
            contact=person.name if person else None,
            via=via or None,
        )
        work_reports.sync(session, ctx, incident, who, now)
        return view(found, incident.number, person.name if person else None)
