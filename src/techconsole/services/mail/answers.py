"""What a customer's reply does to the incident it answers.

Always a note on the incident's timeline (the message trimmed of its quotes and
signature).  Then, by the incident's state:

- waiting on the customer: the clock runs again (the customer answered);
- awaiting authorisation, and the sender is a titolare or ADS of the customer: the
  reply is the authorisation, recorded with the message as its evidence (001);
- resolved: with ``reply_to_closed = "reopen"`` it comes back, else the note waits for
  a technician to read it;
- closed: a new incident linked to it (``new_linked``, the default), or reopened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.services.context import Context
from techconsole.services.incidents import clocks
from techconsole.services.mail import views
from techconsole.services.records import event
from techconsole.store.mail import MailMessage
from techconsole.store.models import Contact, Customer, Incident, IncidentEvent


def answer(
    session: Session,
    ctx: Context,
    incident: Incident,
    row: MailMessage,
    contact: Contact | None,
    received: datetime,
    now: datetime,
    *,
    attachments: Sequence[str] = (),
) -> tuple[str, Incident]:
    """Record ``row`` on ``incident`` and act on it; what happened, and on which incident."""
    from techconsole.services.mail.intake import SERVICE, note_event, open_from

    own = row.customer_id == incident.customer_id
    when = max(received, _last_event_at(session, incident))
    policy = ctx.policy
    if incident.status == "closed" and policy.mail.reply_to_closed == "new_linked":
        customer = session.get(Customer, incident.customer_id)
        assert customer is not None
        follow = open_from(
            session,
            ctx,
            row,
            customer,
            contact if own else None,
            incident.channel,
            now,
            follow_up_of=incident,
            attachments=attachments,
        )
        event(
            session,
            incident,
            None,
            events.FOLLOW_UP,
            now,
            service=SERVICE,
            follow_up=follow.number,
        )
        clocks.refresh(session, policy, incident, now)
        return views.FOLLOW_UP, follow
    if incident.status == "waiting" and own:
        note_event(session, incident, row, when, attachments=attachments, resumed=True)
        incident.status = incident.status_before_pause or "open"
        incident.status_before_pause = None
        event(session, incident, None, events.RESUME, when, service=SERVICE)
        outcome = views.RESUMED
    elif (
        incident.status == "awaiting_authorisation"
        and contact is not None
        and contact.customer_id == incident.customer_id
        and contact.role in policy.intake.authorisers
    ):
        note_event(session, incident, row, when, attachments=attachments)
        incident.authorised_by_id = contact.id
        incident.authorised_at = when
        incident.authorised_via = "email"
        incident.status = "in_progress" if incident.assignee_id else "open"
        event(
            session,
            incident,
            None,
            events.AUTHORISED,
            when,
            service=SERVICE,
            contact=contact.name,
            role=contact.role,
            via="email",
        )
        event(
            session,
            incident,
            None,
            events.RESUME,
            when,
            service=SERVICE,
            reason=events.WAITING_FOR_AUTHORISATION,
        )
        outcome = views.AUTHORISED
    elif incident.status in ("resolved", "closed") and policy.mail.reply_to_closed == "reopen":
        note_event(session, incident, row, when, attachments=attachments)
        incident.status = "in_progress" if incident.assignee_id else "open"
        incident.resolved = None
        incident.resolved_at = None
        incident.closed_at = None
        event(session, incident, None, events.REOPENED, when, service=SERVICE)
        outcome = views.REOPENED
    else:
        note_event(session, incident, row, when, attachments=attachments)
        outcome = views.NOTE
    clocks.refresh(session, policy, incident, now)
    return outcome, incident


def _last_event_at(session: Session, incident: Incident) -> datetime:
    """The time of the incident's latest event: a reply never lands before it."""
    latest = session.exec(
        select(IncidentEvent.at)
        .where(IncidentEvent.incident_id == incident.id)
        .order_by(col(IncidentEvent.at).desc())
        .limit(1)
    ).first()
    return latest or incident.arrived_at
