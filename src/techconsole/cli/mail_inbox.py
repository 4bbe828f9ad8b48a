"""``techconsole mail inbox|link|discard|show|attachment``: the unmatched mail, one message."""

from __future__ import annotations

from dataclasses import asdict
from datetime import tzinfo
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.mail import app
from techconsole.cli.mail_words import outcome_line
from techconsole.cli.options import wants_json
from techconsole.cli.output import EXIT_BAD_INPUT, emit_json, fail, out, safe, when
from techconsole.i18n import _
from techconsole.services.mail import inbox as inbox_service
from techconsole.services.mail import reading
from techconsole.services.mail.views import MailView

MailArg = Annotated[int, typer.Argument(help=_("The message's id (see: techconsole mail inbox)."))]


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} kB"


@app.command(
    help=_("Messages from unknown senders, waiting to be linked to a customer or discarded.")
)
def inbox() -> None:
    with services_context() as ctx:
        found = inbox_service.inbox(ctx)
        zone = ctx.policy.zone
    if wants_json():
        emit_json([asdict(m) for m in found])
        return
    if not found:
        out.print(_("The inbox of unmatched mail is empty."))
        return
    table = Table(_("Id"), _("Received"), _("From"), _("Subject"), _("Attachments"))
    for m in found:
        sender = f"{m.sender_name} <{m.sender}>" if m.sender_name else m.sender
        table.add_row(
            str(m.id),
            when(m.at.astimezone(zone)),
            safe(sender, one_line=True),
            safe(m.subject, one_line=True),
            str(len(m.attachments)) if m.attachments else "",
        )
    out.print(table)
    out.print(
        "[dim]"
        + safe(
            _(
                "Link one: techconsole mail link ID CUSTOMER [--contact ID | --save-contact "
                '"Name"]; discard one: techconsole mail discard ID'
            )
        )
        + "[/dim]"
    )


@app.command(help=_("Open the incident of an unmatched message for a customer."))
def link(
    mail_id: MailArg,
    customer: Annotated[str, typer.Argument(help=_("Customer id or (part of) its name."))],
    contact: Annotated[
        int | None, typer.Option("--contact", help=_("The contact who wrote it (id)."))
    ] = None,
    save_contact: Annotated[
        str | None,
        typer.Option(
            "--save-contact",
            metavar="NAME",
            help=_("Save the sender as a new contact of the customer, with this name."),
        ),
    ] = None,
    role: Annotated[
        str,
        choices.option(
            "--role", choices=choices.CONTACT_ROLES, help=_("The new contact's role: {choices}.")
        ),
    ] = "employee",
) -> None:
    new = inbox_service.NewContact(save_contact, role) if save_contact is not None else None
    with services_context() as ctx:
        taken = inbox_service.link(ctx, mail_id, customer, contact=contact, save_contact=new)
    if wants_json():
        emit_json(asdict(taken))
        return
    out.print(outcome_line(taken))


@app.command(
    help=_("Take a message out of the inbox without opening anything (spam, wrong address).")
)
def discard(
    mail_id: MailArg,
    reason: Annotated[str, typer.Option("--reason", help=_("Why (kept in the audit trail)."))] = "",
) -> None:
    with services_context() as ctx:
        view = inbox_service.discard(ctx, mail_id, reason)
    if wants_json():
        emit_json(asdict(view))
        return
    out.print(_("Message {id} discarded.").format(id=view.id))


def _show(m: MailView, zone: tzinfo) -> None:
    from techconsole.cli.mail_out import state_word
    from techconsole.services.mail.inbox import STATE_WORDS

    direction = _("received") if m.direction == "in" else _("to send")
    if m.direction == "in":
        state = _(STATE_WORDS.get(m.state, m.state))
    else:
        state = _("queued") if m.state == "pending" and not m.attempts else state_word(m.state)
    out.print(f"[bold]#{m.id}[/bold] {direction} · {state} · {when(m.at.astimezone(zone))}")
    sender = f"{m.sender_name} <{m.sender}>" if m.sender_name else m.sender
    out.print(_("From: {sender}").format(sender=safe(sender, one_line=True)))
    if m.recipients:
        out.print(_("To: {to}").format(to=safe(m.recipients, one_line=True)))
    out.print(_("Subject: {subject}").format(subject=safe(m.subject, one_line=True)))
    if m.incident:
        out.print(_("Incident: {number}").format(number=m.incident))
    if m.customer:
        customer = safe(m.customer, one_line=True)
        if m.unknown_person:
            customer += " " + _("(the sender is not one of their contacts)")
        out.print(_("Customer: {customer}").format(customer=customer))
    source = _("Source: {source}").format(source=safe(m.source, one_line=True))
    out.print(f"[dim]{source} · Message-ID: {safe(m.message_id, one_line=True)}[/dim]")
    out.print()
    out.print(safe(m.full_text or m.text))
    for part in m.attachments:
        kept = "" if part.kept else " " + _("(larger than the limit: not kept)")
        out.print(
            f"📎 {part.id}: {safe(part.filename, one_line=True)} "
            f"[dim]{part.content_type} · {_size(part.size)}{kept}[/dim]"
        )


@app.command(help=_("One message, whole: headers, text as received and attachments."))
def show(mail_id: MailArg) -> None:
    with services_context() as ctx:
        view = reading.message(ctx, mail_id)
        zone = ctx.policy.zone
    if wants_json():
        emit_json(asdict(view))
        return
    _show(view, zone)


@app.command(help=_("Save an attachment to a folder, under its safe name (it is never opened)."))
def attachment(
    attachment_id: Annotated[int, typer.Argument(help=_("The attachment's id (see: mail show)."))],
    folder: Annotated[
        Path, typer.Option("--to", help=_("The folder to save it in."), file_okay=False)
    ] = Path("."),
) -> None:
    with services_context() as ctx:
        name, data = reading.attachment(ctx, attachment_id)
    target = folder / name
    if target.exists():
        fail(_("{path} exists already: choose another folder").format(path=target), EXIT_BAD_INPUT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(data)
    except OSError as exc:
        fail(_("cannot save {path}: {error}").format(path=target, error=exc), EXIT_BAD_INPUT)
    if wants_json():
        emit_json({"path": str(target), "size": len(data)})
        return
    out.print(_("Saved {path} ({size}).").format(path=safe(str(target)), size=_size(len(data))))
