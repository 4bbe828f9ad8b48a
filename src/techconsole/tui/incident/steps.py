"""Each step of an incident's life as the console runs it: the service call (in the
worker thread) and the words of the toast that follows, markup-safe.

Every function takes the context first and the rest by keyword, so the screen hands a
``functools.partial`` of it to its worker.
"""

from __future__ import annotations

from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.incidents import authorisation, closing, ownership, workflow
from techconsole.services.mail import previews, reply
from techconsole.tui.incident.dialogs import Acknowledgement, Resolution
from techconsole.tui.incident.facts import via_word
from techconsole.tui.incident.pickers import AccountGiven, Authorisation
from techconsole.tui.incident.triage import Triage
from techconsole.tui.widgets.text import local, markup_safe


def claim(ctx: Context, *, number: str) -> str:
    view = ownership.claim(ctx, number)
    return markup_safe(
        _("{number} is yours: {subject}").format(number=view.number, subject=view.subject)
    )


def triage(ctx: Context, *, number: str, change: Triage) -> str:
    view = workflow.triage(
        ctx,
        number,
        severity=change.severity,
        urgent=change.urgent,
        level=change.level,
        category=change.category,
        urgent_on_request=change.urgent_on_request,
        warranty=change.warranty,
        asset=change.asset,
        no_asset=change.no_asset,
        program=change.program,
    )
    return markup_safe(
        _("{number} triaged: {change}").format(number=view.number, change=change.said())
    )


def acknowledge(ctx: Context, *, number: str, ack: Acknowledgement) -> str:
    view = workflow.acknowledge(
        ctx,
        number,
        estimate=ack.estimate,
        on_site_by=ack.on_site_by,
        message=ack.message,
        customer_agreed=ack.customer_agreed,
    )
    zone = ctx.policy.zone
    text = _("{number} taken in charge at {when}").format(
        number=view.number, when=local(view.acknowledged_at, zone)
    )
    if view.estimated_resolution_at:
        when = local(view.estimated_resolution_at, zone)
        text += "; " + _("estimated resolution {when}").format(when=when)
    if view.promised_on_site_at:
        when = local(view.promised_on_site_at, zone)
        text += "; " + _("on site by {when}").format(when=when)
    if view.on_site_agreed:
        agreed = _("(later than the guarantee, agreed: {how})")
        text += " " + agreed.format(how=view.on_site_agreed)
    return markup_safe(text)


def acknowledgement_preview(
    ctx: Context, number: str, ack: Acknowledgement
) -> previews.Preview | None:
    """The message taking ``number`` in charge with ``ack`` would send (the form's preview)."""
    return previews.preview_acknowledgement(
        ctx, number, estimate=ack.estimate, on_site_by=ack.on_site_by, message=ack.message
    )


def pause(ctx: Context, *, number: str, reason: str = "") -> str:
    view = workflow.pause(ctx, number, reason)
    return markup_safe(
        _("{number} waits on the customer: its clocks are paused").format(number=view.number)
    )


def resume(ctx: Context, *, number: str) -> str:
    view = workflow.resume(ctx, number)
    return markup_safe(_("{number} resumed: its clocks run again").format(number=view.number))


def on_site(ctx: Context, *, number: str, assigned: bool = True) -> str:
    """``assigned``: whether the incident had an assignee before (else it becomes yours)."""
    view = workflow.arrived_on_site(ctx, number)
    when = local(view.on_site_at, ctx.policy.zone)
    said = _("{number}: on site at {when}").format(number=view.number, when=when)
    if not assigned and view.assignee == ctx.actor:
        said += " · " + _("it is now assigned to you")
    return markup_safe(said)


def note(ctx: Context, *, number: str, text: str) -> str:
    view = workflow.note(ctx, number, text)
    return markup_safe(_("note added to {number}").format(number=view.number))


def write(ctx: Context, *, number: str, text: str) -> str:
    """Queue ``text`` for the customer of ``number`` (the outbox: ``mail send`` delivers)."""
    entry = reply.reply(ctx, number, text)
    to = ", ".join(a.email for a in entry.to)
    return markup_safe(
        _("queued for {address}: techconsole mail send (or mail watch) delivers it").format(
            address=to
        )
    )


def authorise(ctx: Context, *, number: str, given: Authorisation) -> str:
    view = authorisation.authorise(
        ctx, number, contact_id=given.contact_id, via=given.via, until=given.until, note=given.note
    )
    text = _("{number} authorised by {who} via {via}").format(
        number=view.number, who=view.authorised_by or "?", via=via_word(given.via)
    )
    if view.authorised_until:
        until = local(view.authorised_until, ctx.policy.zone)
        text += " " + _("until {when}").format(when=until)
    return markup_safe(text)


def account(ctx: Context, *, number: str, given: AccountGiven) -> str:
    view = authorisation.account_provided(
        ctx, number, contact_id=given.contact_id, valid_until=given.valid_until
    )
    said = _("{number}: server account provided by {who}").format(
        number=view.number, who=view.account_provided_by
    )
    if view.account_valid_until:
        until = local(view.account_valid_until, ctx.policy.zone)
        said += " " + _("valid until {when}").format(when=until)
    return markup_safe(said)


def resolve(ctx: Context, *, number: str, outcome: Resolution) -> str:
    result = closing.resolve(ctx, number, resolved=outcome.resolved, note=outcome.note)
    view, follow_up = result.incident, result.follow_up
    if outcome.resolved:
        return markup_safe(_("{number} resolved").format(number=view.number))
    text = _("{number} not solved").format(number=view.number)
    if follow_up:
        opened = _("follow-up {number} opened (urgent, free of charge)")
        text += ": " + opened.format(number=follow_up.number)
    return markup_safe(text)


def close(ctx: Context, *, number: str, note: str = "") -> str:
    view = closing.close(ctx, number, note)
    return markup_safe(_("{number} closed").format(number=view.number))


def reopen(ctx: Context, *, number: str, reason: str) -> str:
    view = closing.reopen(ctx, number, reason)
    return markup_safe(_("{number} reopened").format(number=view.number))


def assign(ctx: Context, *, number: str, login: str) -> str:
    view = ownership.assign(ctx, number, login or None)
    if view.assignee:
        said = _("{number} assigned to {login}").format(number=view.number, login=view.assignee)
    else:
        said = _("{number} unassigned").format(number=view.number)
    return markup_safe(said)
