"""Taking a received message: exactly once, as the mail service, in one transaction.

A message is known by its Message-ID (``sha256:…`` of its bytes when it has none): the
row that records it is written in the same transaction as what it does (a new incident,
a note, an authorisation), so taking it again — from any source, after a crash between
recording it and marking it taken at its source — meets the unique Message-ID and
changes nothing.  What it does:

- a machine's message (auto-reply, bounce, list, our own): recorded, nothing opened;
- a reply (In-Reply-To/References to a message we have, or the incident number of the
  sender's customer in the subject): a note on that incident, which may resume its
  clock, authorise it, reopen it or open a follow-up (:mod:`.answers`);
- from a known contact, or an unknown person of a known customer's domain (flagged):
  a new incident whose clock starts when our server received the message;
- anyone else: the inbox of unmatched mail, for a technician to link or discard.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from techconsole.domain import events
from techconsole.domain.limits import MAX_SUBJECT, MAX_TEXT
from techconsole.domain.mail import IncomingMail, bare_subject, clock_start, noise
from techconsole.domain.mail_text import note_text
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.services.incidents import intake
from techconsole.services.mail import answers, matching, notices, views
from techconsole.services.mail.views import Taken
from techconsole.services.records import audit, event
from techconsole.store.mail import IGNORED, IN, TAKEN, UNMATCHED, MailAttachment, MailMessage
from techconsole.store.models import Contact, Customer, Incident

#: the name the mail service acts under in the timeline's audit rows
SERVICE = "mail"


def take(
    ctx: Context,
    mail: IncomingMail,
    *,
    source: str,
    web_form_senders: Sequence[str] = (),
    own_addresses: Sequence[str] = (),
) -> Taken:
    """Record ``mail`` and do what it asks (see the module); once only."""
    now = ctx.now()
    try:
        with ctx.write() as session:
            known = _known(session, mail.message_id)
            if known is not None:
                return known
            return _take(session, ctx, mail, source, tuple(web_form_senders), own_addresses, now)
    except IntegrityError:  # another process took it at the same moment (PostgreSQL)
        with ctx.db.read() as session:
            known = _known(session, mail.message_id)
        if known is None:
            raise
        return known


def take_many(
    ctx: Context,
    mails: Sequence[IncomingMail],
    *,
    source: str,
    web_form_senders: Sequence[str] = (),
    own_addresses: Sequence[str] = (),
) -> list[Taken]:
    """:func:`take` for several messages in one transaction (a Maildir of a thousand):
    all of them or none; when any fails, each is taken again on its own, so one bad
    message costs the others nothing."""
    if len(mails) > 1:
        now = ctx.now()
        try:
            with ctx.write() as session:
                done: list[Taken] = []
                for mail in mails:
                    known = _known(session, mail.message_id)
                    done.append(
                        known
                        or _take(
                            session, ctx, mail, source, tuple(web_form_senders), own_addresses, now
                        )
                    )
                return done
        except (IntegrityError, ServiceError):
            pass  # nothing of the batch was kept: one by one below
    return [
        take(
            ctx,
            mail,
            source=source,
            web_form_senders=web_form_senders,
            own_addresses=own_addresses,
        )
        for mail in mails
    ]


def _known(session: Session, message_id: str) -> Taken | None:
    row = session.exec(select(MailMessage).where(MailMessage.message_id == message_id)).first()
    if row is None:
        return None
    number = session.get(Incident, row.incident_id).number if row.incident_id else None  # type: ignore[union-attr]
    return Taken(
        views.DUPLICATE, message_id, row.id, number, sender=row.sender, subject=row.subject
    )


def _take(
    session: Session,
    ctx: Context,
    mail: IncomingMail,
    source: str,
    web_form: tuple[str, ...],
    own: Sequence[str],
    now: datetime,
) -> Taken:
    received = clock_start(mail, now)
    names = [part.filename for part in mail.attachments]
    # a message of the site's contact form: the person is its Reply-To
    via_web = mail.sender.email in web_form or "x-contact-form" in mail.machine_headers
    person = mail.reply_to if via_web and mail.reply_to is not None else mail.sender
    row = _row(mail, source, received, now, person.email, person.name)
    why = noise(mail, tuple(own))
    if why is not None:
        row.state, row.kind, row.noise = IGNORED, "noise", why
        replied = matching.threaded(session, mail)
        row.incident_id = replied.id if replied else None
        _save(session, row, mail, now, "mail.ignored", reason=why)
        return _taken(views.IGNORED, row, replied, None, reason=why)
    sender = matching.sender_of(session, person.email)
    if sender is not None:
        row.customer_id, row.unknown_person = sender.customer.id, sender.unknown_person
        row.contact_id = sender.contact.id if sender.contact else None
    replied = matching.threaded(session, mail) or matching.numbered(
        session, mail, sender.customer.id if sender else None
    )
    if replied is not None:
        row.state, row.kind, row.incident_id = TAKEN, "note", replied.id
        row.customer_id = row.customer_id or replied.customer_id
        _save(session, row, mail, now, "mail.taken")
        outcome, incident = answers.answer(
            session,
            ctx,
            replied,
            row,
            sender.contact if sender else None,
            received,
            now,
            attachments=names,
        )
        return _taken(outcome, row, incident, session.get(Customer, incident.customer_id))
    # nobody we know, or an answer to a message of ours on no incident (a report to a
    # data controller): a person reads it, links it to a request or discards it
    if sender is None or matching.answers_ours_on_no_incident(session, mail):
        row.state, row.kind = UNMATCHED, "request"
        _save(session, row, mail, now, "mail.unmatched")
        customer = sender.customer if sender is not None else None
        return _taken(views.UNMATCHED, row, None, customer)
    channel = "web" if via_web and ctx.policy.intake.refusal("web") is None else "email"
    incident = open_from(
        session, ctx, row, sender.customer, sender.contact, channel, now, attachments=names
    )
    _save(session, row, mail, now, "mail.taken", incident=incident.number)
    return _taken(views.OPENED, row, incident, sender.customer)


def open_from(
    session: Session,
    ctx: Context,
    row: MailMessage,
    customer: Customer,
    contact: Contact | None,
    channel: str,
    now: datetime,
    *,
    follow_up_of: Incident | None = None,
    attachments: Sequence[str] = (),
) -> Incident:
    """A new incident from the message in ``row`` (its subject, its trimmed text, the
    time our server received it); the clock starts then, not when it was fetched."""
    subject = bare_subject(row.subject) or row.subject.strip() or "(senza oggetto)"
    subject = " ".join(subject.split())[:MAX_SUBJECT]
    new = intake.NewIncident(
        customer=customer.id or 0,
        subject=subject,
        description=row.text[:MAX_TEXT],
        requester=contact.id if contact else None,
        channel=channel,
        arrived_at=row.at,
    )
    severity = ctx.policy.default_severity()  # until a technician triages it (seed 001)
    urgent = ctx.policy.intake.is_urgent_subject(row.subject)
    session.add(row)
    session.flush()  # the row's id, for the opened event
    incident = intake.record(
        session,
        ctx,
        new,
        None,
        now,
        row.at,
        severity,
        urgent,
        subject,
        service=SERVICE,
        follow_up_of=follow_up_of,
        triaged=not ctx.policy.needs_triage(None),
        mail=row.id,
        **_attached(attachments),
    )
    row.incident_id = incident.id
    row.kind = "request"
    session.flush()
    notices.queue_queued(session, ctx.policy, incident, row, now=now, requester=contact)
    return incident


def _row(
    mail: IncomingMail, source: str, received: datetime, now: datetime, address: str, name: str
) -> MailMessage:
    note = note_text(mail.text)
    return MailMessage(
        direction=IN,
        message_id=mail.message_id,
        state=TAKEN,
        sender=address,
        sender_name=name,
        recipients=", ".join(a.email for a in mail.to),
        subject=" ".join(mail.subject.split())[:1000],
        text=note[:MAX_TEXT],
        full_text=mail.text,
        at=received,
        recorded_at=now,
        source=source,
        in_reply_to=" ".join(mail.in_reply_to),
        references=" ".join(mail.references),
        actor=SERVICE,
        size=mail.size,
        sha256=mail.sha256,
    )


def _save(
    session: Session,
    row: MailMessage,
    mail: IncomingMail,
    now: datetime,
    action: str,
    **data: object,
) -> None:
    session.add(row)
    session.flush()
    for part in mail.attachments:
        session.add(
            MailAttachment(
                mail_id=row.id or 0,
                filename=part.filename,
                content_type=part.content_type,
                size=part.size,
                data=part.data,
            )
        )
    audit(
        session,
        SERVICE,
        action,
        "mail",
        row.id,
        now,
        message_id=row.message_id,
        sender=row.sender,
        source=row.source,
        **data,
    )


def note_event(
    session: Session,
    incident: Incident,
    row: MailMessage,
    at: datetime,
    *,
    attachments: Sequence[str] = (),
    **data: object,
) -> None:
    """The message on the incident's timeline, as the customer wrote it (trimmed)."""
    event(
        session,
        incident,
        None,
        events.MAIL_IN,
        at,
        row.text,
        service=SERVICE,
        mail=row.id,
        sender=row.sender,
        sender_name=row.sender_name,
        subject=row.subject,
        **_attached(attachments),
        **data,
    )


def _attached(names: Sequence[str]) -> dict[str, list[str]]:
    """``attachments``: the names of the message's files, for the timeline (none: no field)."""
    return {"attachments": list(names)} if names else {}


def _taken(
    outcome: str,
    row: MailMessage,
    incident: Incident | None,
    customer: Customer | None,
    *,
    reason: str = "",
) -> Taken:
    return Taken(
        outcome,
        row.message_id,
        row.id,
        incident.number if incident else None,
        customer.name if customer else None,
        row.sender,
        row.subject,
        row.unknown_person,
        reason,
    )
