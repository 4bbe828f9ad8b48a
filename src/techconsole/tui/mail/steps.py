"""What the mail screen's keys do, as the console runs them: the service call (in the
screen's worker thread) and the words of the toast that follows, markup-safe."""

from __future__ import annotations

from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.mail import inbox, outbox
from techconsole.tui.mail.link import LinkRequest
from techconsole.tui.widgets.text import markup_safe


def link(ctx: Context, request: LinkRequest) -> str:
    taken = inbox.link(
        ctx,
        request.mail_id,
        request.customer_id,
        contact=request.contact,
        save_contact=request.new_contact,
    )
    said = _("message {id} linked to {customer}: incident {number} opened").format(
        id=request.mail_id, customer=taken.customer or "?", number=taken.incident or "?"
    )
    return markup_safe(said)


def discard(ctx: Context, mail_id: int, reason: str) -> str:
    view = inbox.discard(ctx, mail_id, reason)
    return markup_safe(_("Message {id} discarded.").format(id=view.id))


def retry(ctx: Context, mail_id: int) -> str:
    entry = outbox.retry(ctx, mail_id)
    return markup_safe(
        _("message {id} is queued again: techconsole mail send delivers it").format(id=entry.id)
    )
