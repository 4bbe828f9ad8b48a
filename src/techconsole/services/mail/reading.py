"""Reading mail: one message, the messages of an incident, an attachment's bytes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from techconsole.domain.limits import MAX_ID
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.errors import NotFound
from techconsole.services.mail.views import MailView, attachment_view, mail_view
from techconsole.services.records import find_incident
from techconsole.store.mail import MailAttachment, MailMessage
from techconsole.store.models import Customer, Incident


def view_of(session: Session, row: MailMessage) -> MailView:
    incident = session.get(Incident, row.incident_id) if row.incident_id else None
    customer = session.get(Customer, row.customer_id) if row.customer_id else None
    parts = session.exec(
        select(MailAttachment)
        .where(MailAttachment.mail_id == row.id)
        .order_by(col(MailAttachment.id))
    ).all()
    return mail_view(
        row,
        incident=incident.number if incident else None,
        customer=customer.name if customer else None,
        attachments=tuple(attachment_view(part) for part in parts),
    )


def message(ctx: Context, mail_id: int) -> MailView:
    with ctx.db.read() as session:
        row = session.get(MailMessage, mail_id) if 0 < mail_id <= MAX_ID else None
        if row is None:
            raise NotFound(_("no message {id}").format(id=mail_id))
        return view_of(session, row)


def of_incident(ctx: Context, ref: str | int) -> list[MailView]:
    """The messages received and sent on an incident, in time order."""
    with ctx.db.read() as session:
        incident = find_incident(session, ref)
        rows = session.exec(
            select(MailMessage)
            .where(MailMessage.incident_id == incident.id)
            .order_by(col(MailMessage.at), col(MailMessage.id))
        ).all()
        return [view_of(session, row) for row in rows]


def attachment(ctx: Context, attachment_id: int) -> tuple[str, bytes]:
    """An attachment's safe file name and bytes (refused when it was too large to keep)."""
    with ctx.db.read() as session:
        part = session.get(MailAttachment, attachment_id) if 0 < attachment_id <= MAX_ID else None
        if part is None:
            raise NotFound(_("no attachment {id}").format(id=attachment_id))
        if part.data is None:
            raise NotFound(
                _(
                    "attachment {id} ({name}) was larger than the limit and was not kept: "
                    "it is in the original message at its source"
                ).format(id=attachment_id, name=part.filename)
            )
        return part.filename, part.data
