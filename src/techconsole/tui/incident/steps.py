"""Each step of an incident's life as the console runs it: the service call (in the
worker thread) and the words of the toast that follows, markup-safe.

Every function takes the context first and the rest by keyword, so the screen hands a
``functools.partial`` of it to its worker.
"""

from __future__ import annotations

from techconsole.services.context import Context
from techconsole.services.incidents import authorisation, closing, ownership, workflow
from techconsole.tui.incident.dialogs import Acknowledgement, Resolution
from techconsole.tui.incident.pickers import Authorisation
from techconsole.tui.incident.triage import Triage
from techconsole.tui.widgets.text import local, markup_safe


def claim(ctx: Context, *, number: str) -> str:
    view = ownership.claim(ctx, number)
    return markup_safe(f"{view.number} is yours: {view.subject}")


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
    )
    return markup_safe(f"{view.number} triaged: {change.said()}")


def acknowledge(ctx: Context, *, number: str, ack: Acknowledgement) -> str:
    view = workflow.acknowledge(
        ctx, number, estimate=ack.estimate, on_site_by=ack.on_site_by, message=ack.message
    )
    zone = ctx.policy.zone
    text = f"{view.number} taken in charge at {local(view.acknowledged_at, zone)}"
    if view.estimated_resolution_at:
        text += f"; estimated resolution {local(view.estimated_resolution_at, zone)}"
    if view.promised_on_site_at:
        text += f"; on site by {local(view.promised_on_site_at, zone)}"
    return markup_safe(text)


def pause(ctx: Context, *, number: str, reason: str = "") -> str:
    view = workflow.pause(ctx, number, reason)
    return markup_safe(f"{view.number} waits on the customer: its clocks are paused")


def resume(ctx: Context, *, number: str) -> str:
    view = workflow.resume(ctx, number)
    return markup_safe(f"{view.number} resumed: its clocks run again")


def on_site(ctx: Context, *, number: str) -> str:
    view = workflow.arrived_on_site(ctx, number)
    return markup_safe(f"{view.number}: on site at {local(view.on_site_at, ctx.policy.zone)}")


def note(ctx: Context, *, number: str, text: str) -> str:
    return markup_safe(f"note added to {workflow.note(ctx, number, text).number}")


def authorise(ctx: Context, *, number: str, given: Authorisation) -> str:
    view = authorisation.authorise(
        ctx, number, contact_id=given.contact_id, via=given.via, until=given.until, note=given.note
    )
    text = f"{view.number} authorised by {view.authorised_by or '?'} via {given.via}"
    if view.authorised_until:
        text += f" until {local(view.authorised_until, ctx.policy.zone)}"
    return markup_safe(text)


def account(ctx: Context, *, number: str, contact_id: int) -> str:
    view = authorisation.account_provided(ctx, number, contact_id=contact_id)
    return markup_safe(f"{view.number}: server account provided by {view.account_provided_by}")


def resolve(ctx: Context, *, number: str, outcome: Resolution) -> str:
    result = closing.resolve(ctx, number, resolved=outcome.resolved, note=outcome.note)
    view, follow_up = result.incident, result.follow_up
    if outcome.resolved:
        return markup_safe(f"{view.number} resolved")
    text = f"{view.number} not solved"
    if follow_up:
        text += f": follow-up {follow_up.number} opened (urgent, free of charge)"
    return markup_safe(text)


def close(ctx: Context, *, number: str, note: str = "") -> str:
    return markup_safe(f"{closing.close(ctx, number, note).number} closed")


def reopen(ctx: Context, *, number: str, reason: str) -> str:
    return markup_safe(f"{closing.reopen(ctx, number, reason).number} reopened")


def assign(ctx: Context, *, number: str, login: str) -> str:
    view = ownership.assign(ctx, number, login or None)
    who = f"assigned to {view.assignee}" if view.assignee else "unassigned"
    return markup_safe(f"{view.number} {who}")
