"""Mail for the console's tests, put in the demo copy through the services before the
console starts: messages from strangers (the unmatched mail) and the outbox."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from techconsole.domain.mail import Address, Attachment, IncomingMail
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents import reading as incidents
from techconsole.services.mail import delivery, intake, reply
from techconsole.services.mail.outbox_views import OutboxEntry


def stranger(
    ctx: Context,
    sender: str,
    name: str,
    subject: str,
    body: str,
    *,
    attachments: tuple[Attachment, ...] = (),
    minutes_ago: int = 30,
) -> int:
    """A message from someone no customer knows: it lands in the unmatched mail; its id."""
    at = ctx.now() - timedelta(minutes=minutes_ago)
    mail = IncomingMail(
        message_id=hashlib.sha256((sender + subject).encode()).hexdigest()[:20] + "@mua.example",
        sender=Address(sender, name),
        subject=subject,
        text=body,
        sha256="0" * 64,
        size=len(body),
        received_at=at,
        date=at,
        attachments=attachments,
    )
    taken = intake.take(ctx, mail, source="test")
    assert taken.outcome == "unmatched" and taken.mail_id is not None
    return taken.mail_id


def two_strangers(ctx: Context) -> tuple[int, int]:
    """A request from a prospect (with a PDF and a photo) and a piece of spam."""
    first = stranger(
        ctx,
        "g.verdi@studio-verdi.example",
        "Giorgio Verdi",
        "Preventivo rete ufficio [urgente]",
        "Buongiorno,\nvorremmo un preventivo per la rete del nuovo ufficio.\n\n"
        "Cordiali saluti\nGiorgio Verdi",
        attachments=(
            Attachment("planimetria.pdf", "application/pdf", 84_000, b"%PDF-1.4"),
            Attachment("foto armadio.jpg", "image/jpeg", 2_400_000, None),
        ),
        minutes_ago=50,
    )
    second = stranger(
        ctx,
        "promo@offerte.example",
        "",
        "Offerta imperdibile toner",
        "Toner a metà prezzo solo oggi!",
        minutes_ago=20,
    )
    return first, second


def writable(ctx: Context) -> str:
    """An open incident of the demo whose customer can be written to."""
    for view in incidents.list_incidents(ctx, status="in_progress", limit=1000):
        try:
            from techconsole.services.mail import previews

            if previews.preview_reply(ctx, view.number).to is not None:
                return view.number
        except InvalidInput:
            continue
    raise AssertionError("the demo has no incident with an address to write to")


def failed_reply(ctx: Context, number: str, text: str = "Passo domani alle 9.") -> OutboxEntry:
    """A reply on ``number`` the mail server refused for good."""
    queued = reply.reply(ctx, number, text)
    claimed = delivery.claim(ctx)
    assert claimed is not None and claimed.id == queued.id
    return delivery.mark_failed(ctx, queued.id, "550 5.1.1 mailbox unavailable", permanent=True)
