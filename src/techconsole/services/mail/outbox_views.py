"""The outbox as the services hand it out: one frozen :class:`OutboxEntry` per message we
send, and the :class:`~techconsole.domain.mail.Outgoing` the transports compose from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from techconsole.domain.ads_cadence import Period
from techconsole.domain.mail import (
    AUTO_NOTICE,
    AUTO_REPLY,
    Address,
    Outgoing,
    OutgoingAttachment,
    header_text,
)
from techconsole.store import mail as store
from techconsole.store.mail import MailMessage
from techconsole.store.models import Contact, Incident

#: the notices that answer a message received (RFC 3834 ``auto-replied``); the others
#: are notices of our own (``auto-generated``)
REPLYING_NOTICES = ("queued",)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One message of the outbox: what it says, to whom, and how its delivery went."""

    id: int
    message_id: str
    state: str  # pending | sending | sent | failed | uncertain
    kind: str  # the notice (queued, taken_in_charge…) or reply
    incident: str | None  # the incident's number
    sender: str
    sender_name: str
    to: tuple[Address, ...]
    subject: str
    text: str
    in_reply_to: str
    references: tuple[str, ...]
    automatic: bool
    #: what is rendered and attached when it is sent (store.mail.ATTACHMENTS): the
    #: incident's current work report, or an ADS report (``customer_id``, ``period``)
    attachment: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    queued_at: datetime
    sent_at: datetime | None
    actor: str  # who queued it (``mail`` for the mail service)
    customer_id: int | None = None
    #: the days an ADS report covers (``attachment == "ads_report"``)
    period: Period | None = None

    @property
    def attach_report(self) -> bool:
        """The incident's current work report goes with it (a PDF)."""
        return self.attachment == store.WORK_REPORT

    @property
    def attach_ads_report(self) -> bool:
        """The report of ``period`` to the customer's data controller goes with it."""
        return self.attachment == store.ADS_REPORT


def entries(session: Session, rows: Sequence[MailMessage]) -> list[OutboxEntry]:
    """The entries of ``rows``: incident numbers and the recipients' names read at once."""
    incident_ids = {r.incident_id for r in rows if r.incident_id is not None}
    contact_ids = {r.contact_id for r in rows if r.contact_id is not None}
    numbers: dict[int, str] = {}
    if incident_ids:
        found = session.exec(
            select(Incident.id, Incident.number).where(col(Incident.id).in_(incident_ids))
        )
        numbers = {i: n for i, n in found if i is not None}
    names: dict[int, tuple[str, str]] = {}
    if contact_ids:
        people = session.exec(select(Contact).where(col(Contact.id).in_(contact_ids)))
        names = {c.id: (c.email.strip().lower(), c.name) for c in people if c.id is not None}
    writers, customers_people = _writers(session, rows), _customers_people(session, rows)
    return [_entry(r, numbers, names, writers, customers_people) for r in rows]


def _customers_people(session: Session, rows: Sequence[MailMessage]) -> dict[tuple[int, str], str]:
    """The names of a customer's contacts a message on no incident goes to (the report to
    a data controller, to several titolari): (customer, address) → name, of the oldest
    active contact with the address (as mail from it is taken), else the oldest."""
    wanted = [r for r in rows if r.contact_id is None and r.incident_id is None and r.customer_id]
    if not wanted:
        return {}
    emails = {e for r in wanted for e in split_recipients(r.recipients)}
    found = session.exec(
        select(Contact.customer_id, Contact.email, Contact.name)
        .where(col(Contact.customer_id).in_({r.customer_id for r in wanted}))
        .where(func.lower(Contact.email).in_(emails))
        .order_by(col(Contact.active).desc(), col(Contact.id))
    )
    people: dict[tuple[int, str], str] = {}
    for customer_id, email, name in found:
        people.setdefault((customer_id, email.strip().lower()), name)
    return people


def _writers(session: Session, rows: Sequence[MailMessage]) -> dict[tuple[int, str], str]:
    """The names people gave when they wrote to us on an incident: (incident, address) →
    name, for the recipients who are no contact (the sender of a request by mail)."""
    wanted = [r for r in rows if r.contact_id is None and r.incident_id is not None]
    if not wanted:
        return {}
    emails = {e for r in wanted for e in split_recipients(r.recipients)}
    found = session.exec(
        select(MailMessage.incident_id, MailMessage.sender, MailMessage.sender_name)
        .where(MailMessage.direction == store.IN)
        .where(col(MailMessage.incident_id).in_({r.incident_id for r in wanted}))
        .where(col(MailMessage.sender).in_(emails))
        .order_by(col(MailMessage.at), col(MailMessage.id))
    )
    return {(i, sender): name for i, sender, name in found if i is not None and name}


def _entry(
    row: MailMessage,
    numbers: dict[int, str],
    names: dict[int, tuple[str, str]],
    writers: dict[tuple[int, str], str],
    people: dict[tuple[int, str], str],
) -> OutboxEntry:
    assert row.id is not None
    known = names.get(row.contact_id) if row.contact_id is not None else None

    def name(email: str) -> str:
        if known is not None:
            return known[1] if known[0] == email else ""
        if row.incident_id is None:
            return people.get((row.customer_id or 0, email), "")
        return writers.get((row.incident_id, email), "")

    to = tuple(Address(email, name(email)) for email in split_recipients(row.recipients))
    return OutboxEntry(
        id=row.id,
        message_id=row.message_id,
        state=row.state,
        kind=row.kind,
        incident=numbers.get(row.incident_id) if row.incident_id is not None else None,
        sender=row.sender,
        sender_name=row.sender_name,
        to=to,
        subject=row.subject,
        text=row.text,
        in_reply_to=row.in_reply_to,
        references=tuple(row.references.split()),
        automatic=row.automatic,
        attachment=row.attachment,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        queued_at=row.at,
        sent_at=row.sent_at,
        actor=row.actor,
        customer_id=row.customer_id,
        period=(
            Period(row.period_start, row.period_end)
            if row.period_start is not None and row.period_end is not None
            else None
        ),
    )


def split_recipients(recipients: str) -> tuple[str, ...]:
    """The addresses of a row's ``recipients`` (comma-separated)."""
    return tuple(part.strip() for part in recipients.split(",") if part.strip())


def outgoing(
    entry: OutboxEntry,
    sender: Address | None = None,
    attachments: Sequence[OutgoingAttachment] = (),
) -> Outgoing:
    """The message to compose for ``entry``: from ``sender`` (the settings' ``mail.sender``)
    or else the address it was queued with; ``attachments`` are the files rendered for it
    (the work report, or the ADS report, as ``entry.attachment`` says)."""
    return Outgoing(
        message_id=entry.message_id,
        sender=sender or Address(entry.sender, entry.sender_name),
        to=entry.to,
        subject=header_text(entry.subject, 900),
        text=entry.text,
        in_reply_to=entry.in_reply_to or None,
        references=entry.references,
        attachments=tuple(attachments),
        automatic=entry.automatic,
        auto_submitted=AUTO_REPLY if entry.kind in REPLYING_NOTICES else AUTO_NOTICE,
    )
