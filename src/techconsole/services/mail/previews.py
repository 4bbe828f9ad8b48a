"""What the customer would be sent, before the step that sends it: read-only.

The console shows it in its forms — taking in charge shows the notice the policy's
``on_acknowledge`` asks for, writing to the customer shows who the reply goes to and
its subject — with the very words the step queues (the same
:class:`~techconsole.services.mail.notice_texts.Writer`, the same recipient), and
nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from techconsole.domain.mail import Address
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.mail import notices
from techconsole.services.mail.notice_texts import Writer
from techconsole.services.mail.outbox import sent_today
from techconsole.services.mail.reply import recipient
from techconsole.services.records import actor, find_incident
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class Preview:
    """A message as it would be queued: its kind, recipient, subject and text."""

    kind: str  # taken_in_charge | confirmation | reply
    to: Address | None  # ``None``: nobody to send it to
    subject: str
    text: str
    #: why it would not be sent (no address; the address had its automatic messages
    #: for today); empty when it would
    why_not: str = ""

    @property
    def sent(self) -> bool:
        return not self.why_not


@retried_read
def preview_acknowledgement(
    ctx: Context,
    ref: str | int,
    *,
    estimate: datetime | None = None,
    on_site_by: datetime | None = None,
    message: str = "",
    lang: str | None = None,
) -> Preview | None:
    """The notice taking ``ref`` in charge now would queue, with these promises and this
    ``message``; ``None`` when the policy sends none (``on_acknowledge = "none"``)."""
    with ctx.db.read() as session:
        who = actor(session, ctx)
        incident = find_incident(session, ref)
        now = ctx.now()
        notice = notices.acknowledgement(
            session,
            ctx.policy,
            incident,
            who,
            start=incident.acknowledged_at or now,
            estimate=estimate,
            on_site_by=on_site_by,
            message=message,
            lang=lang,
        )
        if notice is None:
            return None
        why = ""
        if notice.to is None:
            why = _("the requester has no e-mail address: no message can be sent")
        else:
            limit = ctx.policy.mail.auto_replies_per_day
            if sent_today(session, notice.to.email.strip().lower(), now) >= limit:
                why = _(
                    "{address} has had its {limit} automatic messages of the last 24 hours: "
                    "this one is not sent"
                ).format(address=notice.to.email, limit=limit)
        letter = notice.letter
        return Preview(notice.kind, notice.to, letter.subject, letter.text, why)


@retried_read
def preview_reply(
    ctx: Context, ref: str | int, text: str = "", *, lang: str | None = None
) -> Preview:
    """Who a reply on ``ref`` goes to, its subject and its text signed (``mail reply``);
    with nobody to write to, ``why_not`` says so (the reply itself is refused)."""
    with ctx.db.read() as session:
        who = actor(session, ctx)
        incident = find_incident(session, ref)
        facts = notices.facts(session, ctx.policy, incident)
        letter = Writer(ctx.policy, lang or ctx.policy.mail.language).reply(
            facts, text, who.display_name
        )
        try:
            to, _contact = recipient(session, ctx, incident)
        except InvalidInput as error:
            return Preview("reply", None, letter.subject, letter.text, str(error))
        return Preview("reply", to, letter.subject, letter.text)
