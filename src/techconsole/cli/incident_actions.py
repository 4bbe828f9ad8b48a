"""What happens to an incident after triage: ``ack``, ``on-site``, ``pause``, ``resume``,
``resolve``, ``close``, ``reopen``, ``note``, ``authorise``, ``account``.

The commands are registered on ``techconsole incident`` by :mod:`techconsole.cli.incident`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.cli.render import incident_json, local, sla_cell, status_word
from techconsole.domain import display
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.views import IncidentView

IncidentArg = Annotated[
    str,
    typer.Argument(metavar="ID", help=_("Incident number (2026-000123) or short number (123).")),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help=_(
            "When it happened: "
            "27/11 17:00, yesterday 17:00, 2 hours ago or ISO 8601, in the policy's zone "
            "\\[default: now]."
        ),
        show_default=False,
    ),
]
ContactOpt = Annotated[
    int,
    typer.Option(
        "--contact", parser=row_id, help=_("The contact's id (see: techconsole customer show).")
    ),
]


def instant(ctx: Context, text: str | None, what: str = "--at") -> datetime | None:
    """A time typed by a person, read in the policy zone; ``None`` when not given."""
    if text is None:
        return None
    from techconsole.cli.timeparse import parse_instant  # the time grammar: not for listings

    return parse_instant(text, ctx.policy.zone, what=what, now=ctx.now())


def done(ctx: Context, view: IncidentView, message: str, **extra: object) -> None:
    """The incident as it is now: one JSON object, or a confirmation and its state."""
    now = ctx.now()
    if wants_json():
        emit_json({**incident_json(view, ctx.policy, now), **extra})
        return
    out.print(f"[green]✓[/green] {message}")
    who = safe(view.assignee) if view.assignee else _("nobody")
    state_line = _("{number}: {status} · assignee {who}").format(
        number=view.number, status=status_word(view.status), who=who
    )
    line = f"[dim]{state_line}[/dim]"
    if view.is_open:
        state = display.headline(view.clocks.states(ctx.policy, now))
        line += f" · SLA {sla_cell(state, now, ctx.policy.zone)}"
    out.print(line)


def ack(
    ref: IncidentArg,
    estimate: Annotated[
        str | None,
        typer.Option(
            "--estimate",
            help=_("Estimated resolution: tomorrow 12:00, 27/11 17:00, +4h or ISO 8601."),
        ),
    ] = None,
    on_site_by: Annotated[
        str | None,
        typer.Option(
            "--on-site-by",
            help=_("Promised arrival on site: today 15:00, +2h, 27/11 9:00 or ISO 8601."),
        ),
    ] = None,
    message: Annotated[str, typer.Option(help=_("What was told to the customer."))] = "",
    at: AtOpt = None,
    customer_agreed: Annotated[
        str,
        typer.Option(
            "--customer-agreed",
            help=_(
                "Who agreed to an on-site time later than the policy's guarantee, and how "
                '(e.g. "by phone, Sig. Rossi"): without it such a promise is refused.'
            ),
        ),
    ] = "",
) -> None:
    """Take in charge: the written confirmation to the customer stops the response clock."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.acknowledge(
            ctx,
            ref,
            estimate=instant(ctx, estimate, "--estimate"),
            on_site_by=instant(ctx, on_site_by, "--on-site-by"),
            message=message,
            at=instant(ctx, at),
            customer_agreed=customer_agreed,
        )
        zone = ctx.policy.zone
        text = _("{number} taken in charge at {when}").format(
            number=view.number, when=local(view.acknowledged_at, zone)
        )
        if view.estimated_resolution_at:
            text += "; " + _("estimated resolution {when}").format(
                when=local(view.estimated_resolution_at, zone)
            )
        if view.promised_on_site_at:
            text += "; " + _("on site by {when}").format(when=local(view.promised_on_site_at, zone))
        if view.on_site_agreed:
            text += " " + _("(later than the guarantee, agreed: {how})").format(
                how=safe(view.on_site_agreed, one_line=True)
            )
        done(ctx, view, text)


def on_site(
    ref: IncidentArg,
    at: AtOpt = None,
) -> None:
    """The technician arrived at the customer's (stops an on-site clock)."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.arrived_on_site(ctx, ref, at=instant(ctx, at))
        done(
            ctx,
            view,
            _("{number}: on site at {when}").format(
                number=view.number, when=local(view.on_site_at, ctx.policy.zone)
            ),
        )


def pause(
    ref: IncidentArg,
    reason: Annotated[str, typer.Option(help=_("What we wait for from the customer."))] = "",
    at: AtOpt = None,
) -> None:
    """Waiting on the customer: the SLA clocks stop until resume."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.pause(ctx, ref, reason, at=instant(ctx, at))
        text = _("{number} waits on the customer: its clocks are paused")
        done(ctx, view, text.format(number=view.number))


def resume(
    ref: IncidentArg,
    note: Annotated[str, typer.Option(help=_("What the customer answered."))] = "",
    at: AtOpt = None,
) -> None:
    """The customer answered: the clocks run again."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.resume(ctx, ref, note, at=instant(ctx, at))
        text = _("{number} resumed: its clocks run again")
        done(ctx, view, text.format(number=view.number))


def resolve(
    ref: IncidentArg,
    resolved: Annotated[
        bool | None,
        typer.Option(
            "--yes/--no",
            help=_("--yes: solved. --no: not solved, a free urgent follow-up opens."),
            show_default=False,
        ),
    ] = None,
    note: Annotated[str, typer.Option(help=_("What was done."))] = "",
    at: AtOpt = None,
) -> None:
    """The intervention is over: say whether it solved the problem."""
    from techconsole.services.incidents import closing

    if resolved is None:
        fail(_("say whether the problem is solved: --yes, or --no (a follow-up incident opens)"))
    with services_context() as ctx:
        result = closing.resolve(ctx, ref, resolved=resolved, note=note, at=instant(ctx, at))
        view = result.incident
        if resolved:
            done(ctx, view, _("{number} resolved").format(number=view.number))
            return
        follow_up = result.follow_up.number if result.follow_up else None
        text = _("{number} not solved").format(number=view.number)
        if follow_up:
            text += ": " + _("follow-up {number} opened (urgent, free of charge)").format(
                number=follow_up
            )
        done(ctx, view, text, follow_up=follow_up)


def close(
    ref: IncidentArg,
    note: Annotated[str, typer.Option(help=_("A closing note."))] = "",
) -> None:
    """Close a resolved incident (its work report can then be issued)."""
    from techconsole.services.incidents import closing

    with services_context() as ctx:
        view = closing.close(ctx, ref, note)
        done(ctx, view, _("{number} closed").format(number=view.number))


def reopen(
    ref: IncidentArg,
    reason: Annotated[str, typer.Option(help=_("Why it came back."))],
) -> None:
    """A resolved incident came back (a closed one cannot: open a new incident)."""
    from techconsole.services.incidents import closing

    with services_context() as ctx:
        view = closing.reopen(ctx, ref, reason)
        done(ctx, view, _("{number} reopened").format(number=view.number))


def note(
    ref: IncidentArg,
    text: Annotated[str, typer.Argument(help=_("The note, as it should read in the timeline."))],
) -> None:
    """Add a note to the incident's timeline."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.note(ctx, ref, text)
        done(ctx, view, _("note added to {number}").format(number=view.number))


def authorise(
    ref: IncidentArg,
    contact: ContactOpt,
    via: Annotated[
        str,
        choices.option(
            "--via", choices=choices.AUTHORISED_VIA, help=_("How they authorised it: {choices}.")
        ),
    ],
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help=_("End of the authorisation: friday 18:00, 31/12 18:00 or ISO 8601.")
        ),
    ] = None,
    note: Annotated[str, typer.Option(help=_("A note (e.g. where the form is filed)."))] = "",
    at: AtOpt = None,
) -> None:
    """Record the authorisation of a titolare or ADS; the clocks start again."""
    from techconsole.services.incidents import authorisation

    with services_context() as ctx:
        view = authorisation.authorise(
            ctx,
            ref,
            contact_id=contact,
            via=via,
            until=instant(ctx, until, "--until"),
            at=instant(ctx, at),
            note=note,
        )
        text = _("{number} authorised by {who} via {via}").format(
            number=view.number, who=safe(view.authorised_by or "?"), via=via
        )
        if view.authorised_until:
            text += " " + _("until {when}").format(
                when=local(view.authorised_until, ctx.policy.zone)
            )
        done(ctx, view, text)


def account(
    ref: IncidentArg,
    contact: ContactOpt,
    at: AtOpt = None,
    valid_until: Annotated[
        str | None,
        typer.Option(
            "--valid-until",
            help=_(
                "When the account's temporary password ends, as the customer said: "
                "friday 18:00, in 7 days or ISO 8601."
            ),
        ),
    ] = None,
) -> None:
    """The customer gave us a dedicated server account (its password is never recorded)."""
    from techconsole.services.incidents import authorisation

    with services_context() as ctx:
        view = authorisation.account_provided(
            ctx,
            ref,
            contact_id=contact,
            at=instant(ctx, at),
            valid_until=instant(ctx, valid_until, "--valid-until"),
        )
        who = safe(view.account_provided_by or "?")
        text = _("{number}: server account provided by {who}").format(number=view.number, who=who)
        if view.account_valid_until:
            text += " " + _("valid until {when}").format(
                when=local(view.account_valid_until, ctx.policy.zone)
            )
        done(ctx, view, text)
