"""A technician writes to the customer from the incident (``techconsole mail reply``)."""

from __future__ import annotations

from sqlmodel import Session

from techconsole.domain.mail import Address, mailbox
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.mail import notices
from techconsole.services.mail.notice_texts import Writer
from techconsole.services.mail.outbox import queue
from techconsole.services.mail.outbox_views import OutboxEntry, entries
from techconsole.services.records import actor, find_incident
from techconsole.store.models import Customer, Incident


def recipient(session: Session, ctx: Context, incident: Incident) -> tuple[Address, int | None]:
    """Who a reply goes to: the requester (the contact, else the address the request
    came from), else the first titolare or ADS of the customer with an e-mail."""
    found, contact_id = notices.requester_address(session, incident)
    if found is not None:
        return found, contact_id
    for contact in notices.authorisers(session, ctx.policy, incident.customer_id):
        address = mailbox(contact.email, contact.name)
        if address is not None:
            return address, contact.id
    customer = session.get(Customer, incident.customer_id)
    raise InvalidInput(
        _(
            "nobody to write to about {number}: neither its requester nor a titolare or ADS "
            "of {customer} has an e-mail address (see: techconsole customer show)"
        ).format(number=incident.number, customer=customer.name if customer else "?")
    )


def reply(ctx: Context, ref: str | int, text: str, *, lang: str | None = None) -> OutboxEntry:
    """Queue ``text`` for the customer of incident ``ref``: ``Re: <subject> [number]``,
    in reply to the last message received on it, signed with the technician's name."""
    if not text.strip():
        raise InvalidInput(_("the message is empty: write what to tell the customer"))
    bounds.text(text, N_("message"))
    with ctx.write() as session:
        who = actor(session, ctx)
        incident = find_incident(session, ref, lock=True)
        to, contact_id = recipient(session, ctx, incident)
        facts = notices.facts(session, ctx.policy, incident)
        letter = Writer(ctx.policy, lang or ctx.policy.mail.language).reply(
            facts, text, who.display_name
        )
        answered = notices.received(session, incident, sender=to.email) or notices.received(
            session, incident
        )
        in_reply_to, references = notices.thread(answered)
        now = ctx.now()
        row = queue(
            session,
            ctx.policy,
            incident,
            notice="reply",
            to=[to],
            subject=letter.subject,
            text=letter.text,
            automatic=False,
            in_reply_to=in_reply_to,
            references=references,
            now=now,
            actor=who,
            contact_id=contact_id,
            typed=text,
        )
        assert row is not None  # a person's message is never held back
        return entries(session, [row])[0]
