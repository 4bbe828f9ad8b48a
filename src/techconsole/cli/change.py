"""``techconsole change``: customisations ("personalizzazioni", seeds 000 and 001) — the
request, its dates agreed outside the high-work months, its delivery, the customer's test,
acceptance or contest within the policy's days — and the release calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.timeparse import parse_day
from techconsole.i18n import _
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context

app = typer.Typer(
    help=_("Customisations: agreed, delivered, tested, accepted or contested; the releases."),
    no_args_is_help=True,
)

ChangeArg = Annotated[
    str,
    typer.Argument(
        metavar="ID", help=_("The customisation's number (see: techconsole change list).")
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DAY",
        help=_("The day it happened, YYYY-MM-DD, today or tomorrow \\[default: today]."),
        show_default=False,
    ),
]


def _on(ctx: Context, text: str | None, what: str = "--on") -> date | None:
    return None if text is None else parse_day(text, ctx.policy.zone, what=what)


def _said(ctx: Context, view: ChangeView, message: str) -> None:
    from techconsole.cli.change_words import change_json, deadlines, status_text

    if wants_json():
        emit_json(change_json(view, ctx.policy.zone))
        return
    out.print(f"[green]✓[/green] {message}")
    out.print(f"[dim]{_('Status')}: [/dim]{status_text(view)}")
    for line in deadlines(view):
        out.print(line)


@app.command(help=_("Record a customisation a customer asked for; its dates are agreed later."))
def add(
    customer: Annotated[str, typer.Argument(help=_("Customer id or name."))],
    description: Annotated[str, typer.Argument(help=_("What the customer asked for."))],
    heavy: Annotated[
        bool,
        typer.Option(
            "--heavy",
            help=_("A heavy customisation: the customer tests it within the policy's days."),
        ),
    ] = False,
    contact: Annotated[
        int | None,
        typer.Option(
            "--contact",
            parser=row_id,
            help=_("Who asked for it (a contact's id): the delivery notice goes to them."),
        ),
    ] = None,
    requested: Annotated[
        str | None,
        typer.Option(
            "--requested",
            metavar="DAY",
            help=_("The day it was asked for, YYYY-MM-DD \\[default: today]."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record a customisation a customer asked for; its dates are agreed later."""
    from techconsole.services.changes import requests

    with services_context() as ctx:
        asked = _on(ctx, requested, "--requested")
        new = requests.NewChange(customer, description, heavy, contact, asked)
        view = requests.add_change(ctx, new)
        text = _("customisation #{id} recorded for {customer}").format(
            id=view.id, customer=safe(view.customer, one_line=True)
        )
        _said(ctx, view, text)


@app.command(
    help=_(
        "Agree when the work starts and when it is delivered: refused in the policy's "
        "high-work months, with the first day allowed."
    )
)
def schedule(
    ref: ChangeArg,
    start: Annotated[
        str, typer.Option("--start", metavar="DAY", help=_("The day the work starts, YYYY-MM-DD."))
    ],
    deliver: Annotated[
        str,
        typer.Option("--deliver", metavar="DAY", help=_("The agreed delivery day, YYYY-MM-DD.")),
    ],
) -> None:
    """Agree when the work starts and when it is delivered."""
    from techconsole.cli.change_words import day
    from techconsole.services.changes import requests

    with services_context() as ctx:
        first = parse_day(start, ctx.policy.zone, what="--start")
        last = parse_day(deliver, ctx.policy.zone, what="--deliver")
        view = requests.schedule(ctx, ref, first, last)
        text = _("customisation #{id} agreed: work from {start}, delivery on {due}").format(
            id=view.id, start=day(view.start_on), due=day(view.due_on)
        )
        _said(ctx, view, text)


@app.command(help=_("The work on a customisation is done: it is ready to be delivered."))
def develop(ref: ChangeArg, on: OnOpt = None) -> None:
    """The work on a customisation is done: it is ready to be delivered."""
    from techconsole.services.changes import steps

    with services_context() as ctx:
        view = steps.develop(ctx, ref, _on(ctx, on))
        _said(ctx, view, _("customisation #{id} developed").format(id=view.id))


@app.command(
    help=_(
        "The customisation reaches the customer: its test deadline (heavy ones) and contest "
        "window start; the contact who asked for it is sent a notice."
    )
)
def deliver(
    ref: ChangeArg,
    on: OnOpt = None,
    no_notice: Annotated[
        bool, typer.Option("--no-notice", help=_("Send the customer no delivery notice."))
    ] = False,
) -> None:
    """The customisation reaches the customer: its test deadline and contest window start."""
    from techconsole.cli.change_words import day
    from techconsole.services.changes import steps

    with services_context() as ctx:
        view = steps.deliver(ctx, ref, _on(ctx, on), notify=not no_notice)
        text = _("customisation #{id} delivered on {day}").format(
            id=view.id, day=day(view.delivered_on)
        )
        _said(ctx, view, text)
        if not wants_json() and not no_notice:
            if view.contact_email:
                said = _("delivery notice queued to {to}: mail send delivers it").format(
                    to=safe(view.contact_email, one_line=True)
                )
            else:
                said = _("no delivery notice: no contact with an e-mail asked for it")
            out.print(f"[dim]{said}[/dim]")


@app.command(
    "test",
    help=_("The customer tested the delivery (a heavy one within the policy's days)."),
)
def record_test(ref: ChangeArg, on: OnOpt = None) -> None:
    """The customer tested the delivery."""
    from techconsole.services.changes import steps

    with services_context() as ctx:
        view = steps.record_test(ctx, ref, _on(ctx, on))
        _said(ctx, view, _("customisation #{id} tested by the customer").format(id=view.id))


@app.command(help=_("The customer accepted the delivery."))
def accept(ref: ChangeArg, on: OnOpt = None) -> None:
    """The customer accepted the delivery."""
    from techconsole.services.changes import steps

    with services_context() as ctx:
        view = steps.accept(ctx, ref, _on(ctx, on))
        _said(ctx, view, _("customisation #{id} accepted").format(id=view.id))


@app.command(
    help=_(
        "The customer contests the delivery: refused once the policy's contest days have "
        "passed (or a heavy one was not tested in time)."
    )
)
def contest(
    ref: ChangeArg,
    reason: Annotated[str, typer.Argument(help=_("What the customer contests."))],
    on: OnOpt = None,
) -> None:
    """The customer contests the delivery."""
    from techconsole.services.changes import steps

    with services_context() as ctx:
        view = steps.contest(ctx, ref, reason, _on(ctx, on))
        said = _("customisation #{id} contested: agree new dates (techconsole change schedule)")
        _said(ctx, view, said.format(id=view.id))
