"""The customer is told by mail, as the policy's ``[mail]`` section says.

Each function here is one step of another use case, called inside its transaction (the
same session) with the incident already changed: it queues the notice in the outbox
(:func:`techconsole.services.mail.outbox.queue`) or does nothing when the policy does
not ask for it.  No address, nothing queued, and nothing fails: the audit says why.

- :func:`queue_queued` — a request taken from mail: "la vostra richiesta è IN CODA" (000),
  to the address it came from, in reply to it;
- :func:`on_acknowledged` — taken in charge with the estimated resolution (002), or the
  Conferma d'intervento (003), per ``on_acknowledge``;
- :func:`on_resolved` — the resolution, the work report attached when there is one (002);
- :func:`on_awaiting_authorisation` — to each titolare/ADS with an e-mail (001).

The words are in the policy's ``[mail] language`` (Italian unless it says English), the
customer's language whatever the technician's console speaks, or ``lang`` when given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from techconsole.domain.errors import DomainError
from techconsole.domain.mail import Address, mailbox
from techconsole.domain.policy import Policy
from techconsole.services.mail.notice_texts import Facts, Letter, Writer
from techconsole.services.mail.outbox import queue
from techconsole.store import mail as store
from techconsole.store.documents import WorkReport
from techconsole.store.mail import MailMessage
from techconsole.store.models import Contact, Customer, Incident, Technician

#: how many of a thread's Message-IDs a reply carries in References
MAX_REFERENCES = 10


def facts(session: Session, policy: Policy, incident: Incident) -> Facts:
    customer = session.get(Customer, incident.customer_id)
    try:
        severity = policy.severity(incident.severity).label
    except DomainError:
        severity = incident.severity
    return Facts(
        number=incident.number,
        subject=incident.subject,
        customer=customer.name if customer else "",
        severity=severity,
        urgent=incident.urgent,
        level=incident.level,
    )


def received(
    session: Session, incident: Incident, *, first: bool = False, sender: str | None = None
) -> MailMessage | None:
    """The last (or the ``first``) message received on ``incident`` (from ``sender``)."""
    at = col(MailMessage.at)
    order = (at, col(MailMessage.id)) if first else (at.desc(), col(MailMessage.id).desc())
    query = select(MailMessage).where(
        MailMessage.direction == store.IN, MailMessage.incident_id == incident.id
    )
    if sender is not None:
        query = query.where(MailMessage.sender == sender)
    return session.exec(query.order_by(*order).limit(1)).first()


def thread(message: MailMessage | None) -> tuple[str, tuple[str, ...]]:
    """In-Reply-To and References for an answer to ``message`` (none without a real
    Message-ID: a message that had none is known by its hash only)."""
    if message is None or message.message_id.startswith("sha256:"):
        return "", ()
    references = (*message.references.split(), message.message_id)
    return message.message_id, tuple(dict.fromkeys(references))[-MAX_REFERENCES:]


def requester_address(session: Session, incident: Incident) -> tuple[Address | None, int | None]:
    """Who asked: the requester contact's e-mail, else the address the request came from."""
    contact = session.get(Contact, incident.requester_id) if incident.requester_id else None
    if contact is not None:
        found = mailbox(contact.email, contact.name)
        if found is not None:
            return found, contact.id
    first = received(session, incident, first=True)
    if first is not None:
        return mailbox(first.sender, first.sender_name), None
    return None, None


def _assignee(session: Session, incident: Incident, who: Technician | None) -> str:
    tech = session.get(Technician, incident.assignee_id) if incident.assignee_id else who
    return tech.display_name if tech is not None else ""


def _send(
    session: Session,
    policy: Policy,
    incident: Incident,
    notice: str,
    letter: Letter,
    to: Address | None,
    contact_id: int | None,
    who: Technician | None,
    now: datetime,
    *,
    attachment: str = store.NO_ATTACHMENT,
    threaded: bool = True,
) -> MailMessage | None:
    """Queue ``letter`` for ``to``, in reply to the last message ``to`` sent us on
    ``incident`` (``threaded``; a request to a titolare answers nothing of theirs)."""
    answered = received(session, incident, sender=to.email) if threaded and to else None
    in_reply_to, references = thread(answered)
    return queue(
        session,
        policy,
        incident,
        notice=notice,
        to=[to] if to is not None else [],
        subject=letter.subject,
        text=letter.text,
        automatic=True,
        attachment=attachment,
        in_reply_to=in_reply_to,
        references=references,
        now=now,
        actor=who,
        contact_id=contact_id,
    )


def queue_queued(
    session: Session,
    policy: Policy,
    incident: Incident,
    mail_in: MailMessage,
    *,
    now: datetime,
    requester: Contact | None = None,
    actor: Technician | None = None,
    lang: str | None = None,
) -> MailMessage | None:
    """000: the request ``mail_in`` is IN CODA — to its sender, in reply to it (RFC 3834
    ``auto-replied``), when ``policy.mail.queued``; call it after ``mail_in`` is linked to
    ``incident`` and flushed.  ``requester`` is the contact it came from, if known."""
    if not policy.mail.queued:
        return None
    name = requester.name if requester is not None else mail_in.sender_name
    to = mailbox(mail_in.sender, name)
    letter = Writer(policy, lang or policy.mail.language).queued(
        facts(session, policy, incident), name
    )
    in_reply_to, references = thread(mail_in)
    return queue(
        session,
        policy,
        incident,
        notice="queued",
        to=[to] if to is not None else [],
        subject=letter.subject,
        text=letter.text,
        automatic=True,
        in_reply_to=in_reply_to,
        references=references,
        now=now,
        actor=actor,
        contact_id=requester.id if requester is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice as written, before it is queued: its kind, words and recipient."""

    kind: str
    letter: Letter
    to: Address | None  # ``None``: nobody to send it to (it is not queued)
    contact_id: int | None


def acknowledgement(
    session: Session,
    policy: Policy,
    incident: Incident,
    who: Technician | None,
    *,
    start: datetime,
    estimate: datetime | None,
    on_site_by: datetime | None,
    message: str = "",
    lang: str | None = None,
) -> Notice | None:
    """What taking ``incident`` in charge tells the customer, per ``on_acknowledge``
    (``None``: nothing); it writes nothing, so a form may show it before the step."""
    how = policy.mail.on_acknowledge
    if how == "none":
        return None
    to, contact_id = requester_address(session, incident)
    writer = Writer(policy, lang or policy.mail.language)
    about = facts(session, policy, incident)
    name = to.name if to is not None else ""
    technician = _assignee(session, incident, who)
    if how == "confirmation":
        letter = writer.confirmation(
            about,
            name,
            technician,
            start=start,
            on_site_by=on_site_by,
            estimate=estimate,
            message=message,
        )
    else:
        letter = writer.taken_in_charge(about, name, technician, estimate, message)
    return Notice(how, letter, to, contact_id)


def on_acknowledged(
    session: Session,
    policy: Policy,
    incident: Incident,
    who: Technician | None,
    now: datetime,
    message: str = "",
    lang: str | None = None,
) -> MailMessage | None:
    """Taken in charge (002) or the Conferma d'intervento (003), per ``on_acknowledge``."""
    notice = acknowledgement(
        session,
        policy,
        incident,
        who,
        start=incident.acknowledged_at or now,
        estimate=incident.estimated_resolution_at,
        on_site_by=incident.promised_on_site_at,
        message=message,
        lang=lang,
    )
    if notice is None:
        return None
    return _send(
        session,
        policy,
        incident,
        notice.kind,
        notice.letter,
        notice.to,
        notice.contact_id,
        who,
        now,
    )


def on_resolved(
    session: Session,
    policy: Policy,
    incident: Incident,
    who: Technician | None,
    now: datetime,
    *,
    note: str = "",
    follow_up: str | None = None,
    lang: str | None = None,
) -> MailMessage | None:
    """The resolution notice (002), when ``policy.mail.resolution``; call it after the
    work report was issued: the current report goes with it."""
    if not policy.mail.resolution:
        return None
    report = session.exec(
        select(WorkReport.id)
        .where(WorkReport.incident_id == incident.id)
        .where(col(WorkReport.superseded_at).is_(None))
    ).first()
    to, contact_id = requester_address(session, incident)
    letter = Writer(policy, lang or policy.mail.language).resolution(
        facts(session, policy, incident),
        to.name if to is not None else "",
        resolved=bool(incident.resolved),
        when=incident.resolved_at or now,
        note=note,
        follow_up=follow_up,
        report=report is not None,
    )
    return _send(
        session,
        policy,
        incident,
        "resolution",
        letter,
        to,
        contact_id,
        who,
        now,
        attachment=store.WORK_REPORT if report is not None else store.NO_ATTACHMENT,
    )


def authorisers(session: Session, policy: Policy, customer_id: int) -> list[Contact]:
    """The customer's active contacts who may authorise (titolare, ADS), by name."""
    return list(
        session.exec(
            select(Contact)
            .where(Contact.customer_id == customer_id, col(Contact.active).is_(True))
            .where(col(Contact.role).in_(list(policy.intake.authorisers)))
            .order_by(col(Contact.name), col(Contact.id))
        ).all()
    )


def on_awaiting_authorisation(
    session: Session,
    policy: Policy,
    incident: Incident,
    requester: Contact,
    who: Technician | None,
    now: datetime,
    lang: str | None = None,
) -> list[MailMessage]:
    """001: ask each titolare/ADS with an e-mail to authorise ``requester``'s request,
    when ``policy.mail.authorisation_request``; one message each."""
    if not policy.mail.authorisation_request:
        return []
    writer = Writer(policy, lang or policy.mail.language)
    about = facts(session, policy, incident)
    addressed = [
        (found, contact.id)
        for contact in authorisers(session, policy, incident.customer_id)
        if (found := mailbox(contact.email, contact.name)) is not None
    ]
    if not addressed:  # nobody to ask: the audit says so
        letter = writer.authorisation_request(about, "", requester.name, incident.description)
        _send(session, policy, incident, "authorisation_request", letter, None, None, who, now)
        return []
    notice = "authorisation_request"
    queued = []
    for to, contact_id in addressed:
        letter = writer.authorisation_request(about, to.name, requester.name, incident.description)
        row = _send(
            session, policy, incident, notice, letter, to, contact_id, who, now, threaded=False
        )
        if row is not None:
            queued.append(row)
    return queued
