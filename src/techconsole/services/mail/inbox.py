"""The inbox of unmatched mail: messages from senders we do not know.

A technician links one to a customer (and to one of its contacts, or saves the sender
as a new contact so the next message is matched by itself), which opens its incident
as if it had been matched on arrival; or discards it, with a reason.  Both are recorded
for the technician who did it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from techconsole.domain.limits import MAX_ID
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents.intake import find_customer
from techconsole.services.mail import views
from techconsole.services.mail.intake import open_from
from techconsole.services.mail.reading import view_of
from techconsole.services.mail.views import MailView, Taken
from techconsole.services.records import actor, audit
from techconsole.store.mail import DISCARDED, IN, TAKEN, UNMATCHED, MailAttachment, MailMessage
from techconsole.store.models import Contact

ROLES = ("titolare", "ads", "employee")


@dataclass(frozen=True, slots=True)
class NewContact:
    """Save the sender as a contact of the customer: their name and role."""

    name: str
    role: str = "employee"


def inbox(ctx: Context, *, limit: int = 500) -> list[MailView]:
    """The unmatched messages, oldest first."""
    with ctx.db.read() as session:
        rows = session.exec(
            select(MailMessage)
            .where(MailMessage.direction == IN, MailMessage.state == UNMATCHED)
            .order_by(col(MailMessage.at), col(MailMessage.id))
            .limit(limit)
        ).all()
        return [view_of(session, row) for row in rows]


def _unmatched(session: Session, mail_id: int) -> MailMessage:
    row = session.get(MailMessage, mail_id) if 0 < mail_id <= MAX_ID else None
    if row is None or row.direction != IN:
        raise NotFound(
            _("no received message {id} (see: techconsole mail inbox)").format(id=mail_id)
        )
    if row.state != UNMATCHED:
        raise InvalidTransition(
            _("message {id} is not in the inbox: it was {state} already").format(
                id=mail_id, state=_(STATE_WORDS.get(row.state, row.state))
            )
        )
    return row


STATE_WORDS = {
    TAKEN: N_("taken"),
    DISCARDED: N_("discarded"),
    UNMATCHED: N_("unmatched"),
    "ignored": N_("ignored"),
}


def link(
    ctx: Context,
    mail_id: int,
    customer: int | str,
    *,
    contact: int | None = None,
    save_contact: NewContact | None = None,
) -> Taken:
    """Open the message's incident for ``customer`` (from ``contact``, or from the sender
    saved as a new contact of theirs)."""
    if contact is not None and save_contact is not None:
        raise InvalidInput(_("give a contact or a new contact, not both"))
    if save_contact is not None:
        bounds.name(save_contact.name, N_("name"))
        if not save_contact.name.strip():
            raise InvalidInput(_("the contact's name is empty"))
        if save_contact.role not in ROLES:
            raise InvalidInput(
                _("role '{role}'? Use one of: {roles}").format(
                    role=save_contact.role, roles=", ".join(ROLES)
                )
            )
    with ctx.write() as session:
        who = actor(session, ctx)
        row = _unmatched(session, mail_id)
        found = find_customer(session, customer)
        person = None
        if contact is not None:
            person = session.get(Contact, contact) if 0 < contact <= MAX_ID else None
            if person is None or person.customer_id != found.id:
                raise NotFound(
                    _("contact {contact} is not a contact of {customer}").format(
                        contact=contact, customer=found.name
                    )
                )
        elif save_contact is not None:
            person = Contact(
                customer_id=found.id or 0,
                name=save_contact.name.strip(),
                role=save_contact.role,
                email=row.sender,
            )
            session.add(person)
            session.flush()
            audit(
                session,
                who.login,
                "contact.add",
                "contact",
                person.id,
                ctx.now(),
                customer=found.name,
                name=person.name,
                role=person.role,
                email=person.email,
            )
        now = ctx.now()
        row.state = TAKEN
        row.customer_id = found.id
        row.contact_id = person.id if person else None
        names = session.exec(
            select(MailAttachment.filename)
            .where(MailAttachment.mail_id == row.id)
            .order_by(col(MailAttachment.id))
        ).all()
        incident = open_from(
            session, ctx, row, found, person, "email", now, attachments=list(names)
        )
        audit(
            session,
            who.login,
            "mail.linked",
            "mail",
            row.id,
            now,
            message_id=row.message_id,
            customer=found.name,
            incident=incident.number,
        )
        return Taken(
            views.OPENED,
            row.message_id,
            row.id,
            incident.number,
            found.name,
            row.sender,
            row.subject,
        )


def discard(ctx: Context, mail_id: int, reason: str = "") -> MailView:
    """Take the message out of the inbox without opening anything (spam, a wrong address)."""
    bounds.text(reason, N_("reason"))
    with ctx.write() as session:
        who = actor(session, ctx)
        row = _unmatched(session, mail_id)
        row.state = DISCARDED
        session.add(row)
        audit(
            session,
            who.login,
            "mail.discarded",
            "mail",
            row.id,
            ctx.now(),
            message_id=row.message_id,
            sender=row.sender,
            reason=reason,
        )
        session.flush()
        return view_of(session, row)
