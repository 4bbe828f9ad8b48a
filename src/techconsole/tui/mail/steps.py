"""What the mail screen's keys do, as the console runs them: the service call (in the
screen's worker thread) and the words of the toast that follows, markup-safe."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from techconsole.i18n import _, ngettext
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.mail import inbox, outbox, views
from techconsole.tui.mail.link import LinkRequest
from techconsole.tui.widgets.text import markup_safe

if TYPE_CHECKING:
    from techconsole.mail.intake_run import Ingested
    from techconsole.mail.setup import MailIntake

#: what taking a message did, in the toast's groups
GROUPS = {
    views.OPENED: "opened",
    views.FOLLOW_UP: "opened",
    views.NOTE: "note",
    views.RESUMED: "note",
    views.AUTHORISED: "note",
    views.REOPENED: "note",
    views.UNMATCHED: "unmatched",
    views.IGNORED: "ignored",
    views.DUPLICATE: "duplicate",
}


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


def fetch(ctx: Context, intake: MailIntake) -> str:
    """Take the new messages of every source, as ``mail fetch`` does; the toast counts
    what they did.  A source that cannot be read is said after the others' count; when
    none could be read the step is refused."""
    from techconsole.mail import intake_run
    from techconsole.mail.sources import SourceError

    done: list[Ingested] = []
    failed: list[str] = []
    try:
        sources = intake.sources()
    except SourceError as exc:
        raise InvalidInput(str(exc)) from None
    options = intake.options(ctx.policy)
    for source in sources:
        try:
            done += intake_run.ingest(ctx, source, options)
        except SourceError as exc:
            failed.append(str(exc))
        finally:
            source.close()
    if failed and not done:
        raise InvalidInput("; ".join(failed))
    said = [taken_words(done)] + [_("not read: {error}").format(error=e) for e in failed]
    return markup_safe(" · ".join(said))


def taken_words(done: list[Ingested]) -> str:
    """``3 messages taken: 1 new incident, 1 note on an incident, 1 to link``."""
    if not done:
        return _("No new messages.")
    unreadable = sum(1 for result in done if result.taken is None)
    groups = Counter(GROUPS.get(r.taken.outcome, "note") for r in done if r.taken is not None)
    parts = [
        text.format(n=groups[group])
        for group, text in (
            ("opened", ngettext("{n} new incident", "{n} new incidents", groups["opened"])),
            ("note", ngettext("{n} note on an incident", "{n} notes on incidents", groups["note"])),
            ("unmatched", ngettext("{n} to link", "{n} to link", groups["unmatched"])),
            ("ignored", ngettext("{n} ignored", "{n} ignored", groups["ignored"])),
            ("duplicate", ngettext("{n} taken before", "{n} taken before", groups["duplicate"])),
        )
        if groups[group]
    ]
    if unreadable:
        parts.append(ngettext("{n} unreadable", "{n} unreadable", unreadable).format(n=unreadable))
    taken = ngettext("{n} message taken", "{n} messages taken", len(done)).format(n=len(done))
    return f"{taken}: {', '.join(parts)}"
