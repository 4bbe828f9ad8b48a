"""Mail in and out: every message taken or sent, and the files that came with them.

One table holds both directions, so that a reply is threaded by the Message-ID of any
message we received or sent, and so that taking the same message twice, from any source,
meets the unique ``message_id`` and changes nothing.  An outgoing row is the outbox: it
is written in the transaction of the use case that requires it, and the sender marks it
sent only after the SMTP server accepted it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary
from sqlalchemy import text as sql_text
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime

#: states of a received message
TAKEN, UNMATCHED, DISCARDED, IGNORED = "taken", "unmatched", "discarded", "ignored"
#: states of a message to send; ``uncertain``: a send was interrupted after it began, so
#: the server may have it — never sent again without a person deciding (at most once)
PENDING, SENDING, SENT, FAILED, UNCERTAIN = "pending", "sending", "sent", "failed", "uncertain"
IN, OUT = "in", "out"
#: what goes with a message we send, rendered when it is sent: nothing, the incident's
#: current work report, or the report of one period to a customer's data controller
#: (seed 001; ``period_start``/``period_end`` say which)
NO_ATTACHMENT, WORK_REPORT, ADS_REPORT = "", "work_report", "ads_report"
ATTACHMENTS = (NO_ATTACHMENT, WORK_REPORT, ADS_REPORT)


class MailMessage(Row, table=True):
    __tablename__ = "mail_message"
    __table_args__ = (
        Index("ix_mail_state", "direction", "state", "at"),
        Index("ix_mail_incident", "incident_id", "at"),
        Index("ix_mail_out_to", "direction", "recipients", "at"),
        # the message carrying a customer's ADS report of a period (report ads-due)
        Index("ix_mail_report_period", "customer_id", "period_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    direction: str  # in | out
    #: the Message-ID without angle brackets (``sha256:…`` of the bytes when it had none)
    message_id: str = Field(unique=True)
    state: str
    #: in: request | note | authorisation | noise; out: the notice (queued, taken_in_charge,
    #: confirmation, resolution, authorisation_request, change_delivered) or reply
    kind: str = ""
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    #: from a known customer's domain, but no contact has this address
    unknown_person: bool = False
    sender: str = ""
    sender_name: str = ""
    recipients: str = ""  # addresses, comma-separated
    subject: str = ""
    text: str = ""  # in: the note (quotes and signature trimmed); out: the text part
    full_text: str = ""  # in: the whole body as received
    html: str | None = None
    #: in: when our server received it (the clock start); out: when it was queued
    at: datetime = Field(sa_type=UTCDateTime)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    source: str = ""  # file, maildir:PATH, imap://HOST/FOLDER
    in_reply_to: str = ""
    references: str = ""  # space-separated
    noise: str = ""  # why it opened nothing (domain.mail.NOISE_*)
    automatic: bool = False  # out: an automatic notice (Auto-Submitted: auto-replied)
    #: out: what is rendered and attached when it is sent (:data:`ATTACHMENTS`)
    attachment: str = Field(
        default=NO_ATTACHMENT, sa_column_kwargs={"server_default": sql_text("''")}
    )
    #: out, an ADS report: the days it covers (both included)
    period_start: date | None = None
    period_end: date | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str = ""
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    actor: str = ""  # who recorded or queued it (``mail`` for the mail service)
    size: int = 0
    sha256: str = ""


class MailAttachment(Row, table=True):
    __tablename__ = "mail_attachment"

    id: int | None = Field(default=None, primary_key=True)
    mail_id: int = Field(foreign_key="mail_message.id", index=True)
    filename: str  # safe to save (domain.mail.safe_filename)
    content_type: str = "application/octet-stream"
    size: int = 0
    #: NULL when larger than the limit: it stays in the original message at its source
    data: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
