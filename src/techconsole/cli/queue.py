"""``techconsole queue``: the open incidents in the order they should be worked on."""

from __future__ import annotations

from typing import Annotated, cast

import typer

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out
from techconsole.cli.render import local, queue_json, queue_table
from techconsole.i18n import _, ngettext
from techconsole.reports.queue_words import order_words
from techconsole.services.incidents import queue as queue_service

app = typer.Typer()


@app.command(
    help=_(
        "The queue: contract customers first, urgent ahead, then severity, SLA due, arrival "
        "(the policy's [queue] order; its priority_categories, e.g. faults in our own "
        "software, ahead of the others of the same class). The order in use is said under "
        "the queue.\n\nThe SLA column is the business time left (2h 14m), overdue (−0h 12m), "
        "paused, or when the plan's hours start again (opens Mon 09:00)."
    )
)
def show_queue(
    view: Annotated[
        str,
        choices.option(
            "--view",
            choices=choices.VIEWS,
            help=_(
                "Which incidents: {choices}. Breached: past their SLA due; waiting: on the "
                "customer or an authorisation; at risk: in the last part of their target, ▲; "
                "recent: resolved or closed in the last 7 days, newest first."
            ),
        ),
    ] = "all",
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help=_("Customer id or part of the name."))
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help=_(
                "Text in the number, subject or customer's name, case and accents aside; "
                "a whole number (2026-000123) finds that incident."
            ),
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=10_000, help=_("At most this many lines."))
    ] = 200,
) -> None:
    """The queue: contract customers first, urgent ahead, then severity, SLA due, arrival.

    The SLA column is the business time left (2h 14m), overdue (−0h 12m), paused, or
    when the plan's hours start again (opens Mon 09:00).
    """
    with services_context() as ctx:
        page = queue_service.queue(
            ctx,
            view=cast(queue_service.View, view),
            customer=customer,
            text=search,
            limit=limit,
        )
        zone, policy = ctx.policy.zone, ctx.policy
    if wants_json():
        order = {
            "order": list(policy.queue_order),
            "priority_categories": list(policy.priority_categories),
        }
        emit_json({"view": view, **queue_json(page, policy), **order})
        return
    if not page.rows:
        out.print(_("Nothing in the queue (view {view}).").format(view=choices.VIEWS.word(view)))
        return
    out.print(queue_table(page, policy, out.width))
    shown, at = len(page.rows), local(page.now, zone)
    if shown < page.total:
        said = ngettext(
            "{shown} of {total} open incident, view {view}, at {when}",
            "{shown} of {total} open incidents, view {view}, at {when}",
            page.total,
        ).format(shown=shown, total=page.total, view=view, when=at)
    else:
        said = ngettext(
            "{shown} open incident, view {view}, at {when}",
            "{shown} open incidents, view {view}, at {when}",
            shown,
        ).format(shown=shown, view=view, when=at)
    out.print(f"[dim]{said}[/dim]")
    out.print(f"[dim]{_('Order: {order}').format(order=order_words(policy))}[/dim]")
