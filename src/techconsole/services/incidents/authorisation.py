"""Who may ask (policy.md §5): a titolare's or ADS's authorisation, server accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from techconsole.domain import events
from techconsole.domain.authorisation import VIA
from techconsole.domain.limits import as_id
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents.workflow import _when, mutate, require_status
from techconsole.services.records import event
from techconsole.services.views import IncidentView
from techconsole.store.models import Contact, Incident, Technician


def _contact_of(session: Session, incident: Incident, contact_id: int) -> Contact:
    number = as_id(contact_id)
    contact = None if number is None else session.get(Contact, number)
    if contact is None or contact.customer_id != incident.customer_id:
        raise NotFound(
            _("contact {contact} is not a contact of this incident's customer").format(
                contact=contact_id
            )
        )
    return contact


def authorise(
    ctx: Context,
    ref: str | int,
    *,
    contact_id: int,
    via: str,
    until: datetime | None = None,
    at: datetime | None = None,
    note: str = "",
) -> IncidentView:
    """Record the temporary authorisation of a titolare or ADS; the clocks start again.

    An incident whose authorisation has an end (``until``) may be authorised again, to
    work on it after that end (seed 001: "in maniera temporanea")."""
    if via not in VIA:
        raise InvalidInput(
            _("authorisation via '{via}'? Use one of: {ways}").format(via=via, ways=", ".join(VIA))
        )
    if until is not None:
        bounds.instant(until, N_("authorisation end"))
    bounds.text(note, N_("note"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        renewal = incident.is_open and incident.authorised_until is not None
        if not renewal:
            require_status(
                incident,
                ("awaiting_authorisation",),
                N_("cannot authorise {number}: it is {status}"),
            )
        contact = _contact_of(session, incident, contact_id)
        if contact.role not in ctx.policy.intake.authorisers:
            roles = list(ctx.policy.intake.authorisers)
            allowed = (
                roles[-1]
                if len(roles) < 2
                else _("{some} or {last}").format(some=", ".join(roles[:-1]), last=roles[-1])
            )
            raise NotAllowed(
                _("{contact} is {role}: only the {allowed} can authorise an intervention").format(
                    contact=contact.name, role=contact.role, allowed=allowed
                )
            )
        when = _when(at, now, N_("authorisation time"), incident, ctx.policy.zone)
        if until is not None and until <= when:
            raise InvalidInput(_("the authorisation would end before it starts"))
        incident.authorised_by_id = contact.id
        incident.authorised_at = when
        incident.authorised_via = via
        incident.authorised_until = until
        waited = incident.status == "awaiting_authorisation"
        if waited:
            incident.status = "in_progress" if incident.assignee_id else "open"
        event(
            session,
            incident,
            who,
            "authorised",
            when,
            note,
            contact=contact.name,
            role=contact.role,
            via=via,
            until=until,
        )
        if waited:
            event(
                session, incident, who, events.RESUME, when, reason=events.WAITING_FOR_AUTHORISATION
            )

    return mutate(ctx, ref, change)


def account_provided(
    ctx: Context,
    ref: str | int,
    *,
    contact_id: int,
    at: datetime | None = None,
    valid_until: datetime | None = None,
) -> IncidentView:
    """The customer gave us a dedicated server account; its password is never recorded.
    ``valid_until``: when its temporary password ends (seed 000: "account specifico, con
    password temporanea, notificataci"); the incident warns once it has."""
    if valid_until is not None:
        bounds.instant(valid_until, N_("end of the account's validity"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        contact = _contact_of(session, incident, contact_id)
        incident.account_provided_at = _when(
            at, now, N_("time the account was provided"), incident, ctx.policy.zone
        )
        if valid_until is not None and valid_until <= incident.account_provided_at:
            raise InvalidInput(_("the account would end before it was provided"))
        incident.account_provided_by_id = contact.id
        incident.account_valid_until = valid_until
        ends: dict[str, Any] = {} if valid_until is None else {"valid_until": valid_until}
        event(
            session,
            incident,
            who,
            events.ACCOUNT_PROVIDED,
            incident.account_provided_at,
            contact=contact.name,
            **ends,
        )

    return mutate(ctx, ref, change)
