"""Who wrote a message, and which incident it answers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from techconsole.domain.mail import FREE_MAIL, IncomingMail, incident_number
from techconsole.store.mail import MailMessage
from techconsole.store.models import Contact, Customer, Incident


@dataclass(frozen=True, slots=True)
class Sender:
    """The customer a message is from, and the contact when the address is one of theirs."""

    customer: Customer
    contact: Contact | None

    @property
    def unknown_person(self) -> bool:
        return self.contact is None


def contact_by_address(session: Session, address: str) -> Contact | None:
    """The active contact with this address (case-insensitive); the oldest if several."""
    if not address:
        return None
    return session.exec(
        select(Contact)
        .where(func.lower(Contact.email) == address.lower(), col(Contact.active).is_(True))
        .order_by(col(Contact.id))
    ).first()


def customer_by_domain(session: Session, domain: str) -> Customer | None:
    """The one customer whose contacts write from ``domain`` (never a free-mail domain,
    never a domain two customers share)."""
    domain = domain.lower()
    if not domain or domain in FREE_MAIL:
        return None
    owners = session.exec(
        select(Contact.customer_id)
        .where(func.lower(Contact.email).like(f"%@{domain}"))
        .distinct()
        .limit(2)
    ).all()
    if len(owners) != 1:
        return None
    return session.get(Customer, owners[0])


def sender_of(session: Session, address: str) -> Sender | None:
    contact = contact_by_address(session, address)
    if contact is not None:
        customer = session.get(Customer, contact.customer_id)
        assert customer is not None
        return Sender(customer, contact)
    customer = customer_by_domain(session, address.rpartition("@")[2])
    return Sender(customer, None) if customer is not None else None


def threaded(session: Session, mail: IncomingMail) -> Incident | None:
    """The incident of a message this one answers (In-Reply-To, then References)."""
    ids = mail.thread_ids()
    if not ids:
        return None
    rows = session.exec(
        select(MailMessage.message_id, MailMessage.incident_id).where(
            col(MailMessage.message_id).in_(ids), col(MailMessage.incident_id).is_not(None)
        )
    ).all()
    found: dict[str, int | None] = dict(rows)
    for mid in ids:
        if mid in found:
            return session.get(Incident, found[mid])
    return None


def answers_ours_on_no_incident(session: Session, mail: IncomingMail) -> bool:
    """Whether this answers a message we sent on no incident (a report to a data
    controller): a person reads it, rather than it opening a request by itself."""
    ids = mail.thread_ids()
    if not ids:
        return False
    found = session.exec(
        select(MailMessage.id)
        .where(col(MailMessage.message_id).in_(ids), MailMessage.direction == "out")
        .where(col(MailMessage.incident_id).is_(None))
        .limit(1)
    ).first()
    return found is not None


def numbered(session: Session, mail: IncomingMail, customer_id: int | None) -> Incident | None:
    """The incident whose number the subject carries, when it is this customer's: a
    number typed by anyone else is not trusted."""
    number = incident_number(mail.subject)
    if number is None or customer_id is None:
        return None
    incident = session.exec(select(Incident).where(Incident.number == number)).first()
    if incident is None or incident.customer_id != customer_id:
        return None
    return incident
