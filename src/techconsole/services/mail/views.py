"""What the mail use cases return: plain frozen values, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from techconsole.store.mail import MailAttachment, MailMessage

#: what taking a message did
OPENED = "opened"  # a new incident
NOTE = "note"  # a note on its incident
RESUMED = "resumed"  # a note, and the incident's clock runs again
AUTHORISED = "authorised"  # the titolare's reply authorised the incident
REOPENED = "reopened"  # the incident came back
FOLLOW_UP = "follow_up"  # a new incident linked to the closed one it replies to
UNMATCHED = "unmatched"  # in the inbox of unmatched mail
IGNORED = "ignored"  # not a person writing (auto-reply, bounce, list): nothing opened
DUPLICATE = "duplicate"  # taken before: nothing changed


@dataclass(frozen=True, slots=True)
class Taken:
    outcome: str
    message_id: str
    mail_id: int | None = None
    incident: str | None = None  # its number
    customer: str | None = None
    sender: str = ""
    subject: str = ""
    #: from a known customer's domain, but no contact has the address
    unknown_person: bool = False
    #: why it was ignored (``domain.mail.NOISE_*``)
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int
    kept: bool


@dataclass(frozen=True, slots=True)
class MailView:
    id: int
    direction: str
    state: str
    kind: str
    message_id: str
    at: datetime
    sender: str
    sender_name: str
    recipients: str
    subject: str
    text: str
    full_text: str
    source: str
    incident: str | None
    customer: str | None
    unknown_person: bool
    noise: str
    attempts: int
    last_error: str
    sent_at: datetime | None
    attachments: tuple[AttachmentView, ...] = ()


def attachment_view(row: MailAttachment) -> AttachmentView:
    assert row.id is not None
    return AttachmentView(row.id, row.filename, row.content_type, row.size, row.data is not None)


def mail_view(
    row: MailMessage,
    *,
    incident: str | None = None,
    customer: str | None = None,
    attachments: tuple[AttachmentView, ...] = (),
) -> MailView:
    assert row.id is not None
    return MailView(
        id=row.id,
        direction=row.direction,
        state=row.state,
        kind=row.kind,
        message_id=row.message_id,
        at=row.at,
        sender=row.sender,
        sender_name=row.sender_name,
        recipients=row.recipients,
        subject=row.subject,
        text=row.text,
        full_text=row.full_text,
        source=row.source,
        incident=incident,
        customer=customer,
        unknown_person=row.unknown_person,
        noise=row.noise,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
        attachments=attachments,
    )
