"""``techconsole incident``: open, find, look at, take and triage incidents.

The later steps of an incident's life are in :mod:`techconsole.cli.incident_actions`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli import choices, incident_estimate, incident_release
from techconsole.cli import incident_actions as actions
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.incident_actions import IncidentArg, done, instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.cli.render import (
    incident_json,
    iso,
    level_json,
    machine_json,
)
from techconsole.domain import events
from techconsole.i18n import _

app = typer.Typer(help=_("Incidents: open, take, work on, resolve, close."), no_args_is_help=True)


ProgramOpt = Annotated[
    str | None,
    typer.Option(
        "--program",
        help=_(
            'The customer\'s program it is about (see: customer programs; "" for none): a '
            "reseller's free first year counts per program."
        ),
        show_default=False,
    ),
]
SeverityOpt = Annotated[str | None, typer.Option("--severity", "-s", help=_("Severity, e.g. A."))]
UrgentOpt = Annotated[
    bool | None,
    typer.Option(
        "--urgent/--not-urgent",
        help=_("Urgent or not \\[default on add: the subject's urgent keyword decides]."),
        show_default=False,
    ),
]
LevelOpt = Annotated[int | None, typer.Option(help=_("1 remote, 2 on site (hardware)."))]
AssetOpt = Annotated[
    int | None,
    typer.Option(
        "--asset",
        parser=row_id,
        help=_("The customer's machine it is about: its id (see: techconsole asset list)."),
    ),
]


@app.command(
    help=_("Record a request: its number, its plan from the contract, its clocks from arrival.")
)
def add(
    subject: Annotated[str, typer.Argument(help=_("What is wrong, in a few words."))],
    customer: Annotated[str, typer.Option("--customer", "-c", help=_("Customer id or name."))],
    description: Annotated[str, typer.Option(help=_("The request in full."))] = "",
    requester: Annotated[
        int | None,
        typer.Option(parser=row_id, help=_("Contact id of who asked (see: customer show).")),
    ] = None,
    channel: Annotated[
        str,
        choices.option(
            "--channel",
            choices=choices.INCIDENT_CHANNELS,
            help=_("How it came in: {choices} (the policy says which it accepts)."),
        ),
    ] = "email",
    severity: SeverityOpt = None,
    urgent: UrgentOpt = None,
    urgent_on_request: Annotated[
        bool, typer.Option("--urgent-on-request", help=_("Urgent because the customer asked."))
    ] = False,
    level: Annotated[int, typer.Option(help=_("1 remote, 2 on site (hardware)."))] = 1,
    category: Annotated[str, typer.Option(help=_("Free category, e.g. printer."))] = "",
    at: Annotated[
        str | None,
        typer.Option(
            help=_(
                "When the request arrived: "
                "27/11 17:00, yesterday 17:00, 2 hours ago or ISO 8601, in the policy's zone "
                "\\[default: now]."
            ),
            show_default=False,
        ),
    ] = None,
    asset: AssetOpt = None,
    program: ProgramOpt = "",
) -> None:
    """Record a request: its number, its plan from the contract, its clocks from arrival."""
    from techconsole.services.incidents import intake

    with services_context() as ctx:
        new = intake.NewIncident(
            customer=customer,
            subject=subject,
            description=description,
            requester=requester,
            channel=channel,
            severity=severity,
            urgent=urgent,
            urgent_on_request=urgent_on_request,
            level=level,
            category=category,
            arrived_at=instant(ctx, at),
            asset=asset,
            program=program or "",
        )
        view = intake.open_incident(ctx, new)
        text = _("opened {number} for {customer}: {subject}").format(
            number=view.number,
            customer=safe(view.customer),
            subject=safe(view.subject, one_line=True),
        )
        if view.needs_authorisation:
            awaiting = _("awaiting the authorisation of a titolare or ADS")
            text += f" — [yellow]{awaiting}[/yellow]"
        if view.asset:
            text += " " + _("(machine {name})").format(name=safe(view.asset, one_line=True))
        done(ctx, view, text)


@app.command(
    "list", help=_("Incidents newest first, closed ones too (the queue shows only open ones).")
)
def list_(
    status: Annotated[
        str | None,
        choices.option(
            "--status", choices=choices.STATUSES, help=_("Only this status: {choices}.")
        ),
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help=_("Customer id or name."))
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help=_("At most this many."))] = 50,
) -> None:
    """Incidents newest first, closed ones too (the queue shows only open ones)."""
    from techconsole.services.incidents import reading as incidents

    with services_context() as ctx:
        customer_id = None
        if customer:
            from techconsole.services.customers import registry as customers

            customer_id = customers.show_customer(ctx, customer).id
        views = incidents.list_incidents(ctx, status=status, customer_id=customer_id, limit=limit)
        now, zone = ctx.now(), ctx.policy.zone
        if wants_json():
            emit_json([incident_json(v, ctx.policy, now) for v in views])
            return
    if not views:
        out.print(_("No incidents."))
        return
    from techconsole.cli.incident_table import incident_table

    out.print(incident_table(views, zone, out.width))


@app.command(
    help=_("An incident in full: facts, SLA clocks, timeline, and the mail received and sent.")
)
def show(
    ref: IncidentArg,
) -> None:
    """An incident in full: facts, SLA clocks, timeline and the mail received and sent."""
    from techconsole.services.incidents import reading as incidents
    from techconsole.services.mail import reading as mail_reading

    with services_context() as ctx:
        detail = incidents.show(ctx, ref)
        mails = mail_reading.of_incident(ctx, detail.incident.number)
        now, policy = ctx.now(), ctx.policy
    if wants_json():
        data = incident_json(detail.incident, policy, now)
        data["follow_ups"] = list(detail.follow_ups)
        data["machine"] = machine_json(detail.machine)
        data["level_check"] = level_json(detail.level_check)
        data["mail"] = [
            {
                "id": m.id,
                "direction": m.direction,
                "state": m.state,
                "kind": m.kind,
                "at": iso(m.at, policy.zone),
                "sender": m.sender,
                "recipients": m.recipients,
                "subject": m.subject,
                "attachments": [
                    {"id": a.id, "filename": a.filename, "size": a.size, "kept": a.kept}
                    for a in m.attachments
                ],
            }
            for m in mails
        ]
        data["timeline"] = [
            {
                "at": iso(e.at, policy.zone),
                "actor": e.actor,
                "kind": e.kind,
                "text": e.text,
                "data": e.data,
                "fields": events.fields(e.kind, e.data),
            }
            for e in detail.timeline
        ]
        emit_json(data)
        return
    from techconsole.cli.detail import print_detail  # the timeline's words: only here

    print_detail(detail, policy, now, mails)


@app.command(help=_("Take an unassigned incident (if two claim at once, one is told it is taken)."))
def claim(
    ref: Annotated[
        str | None, typer.Argument(metavar="[ID]", help=_("Incident number or short number."))
    ] = None,
    next_: Annotated[
        bool, typer.Option("--next", help=_("The first unassigned incident in queue order."))
    ] = False,
) -> None:
    """Take an unassigned incident (if two claim at once, one is told it is taken)."""
    from techconsole.services.incidents import ownership

    if (ref is None) == (not next_):
        fail(_("give an incident number or --next (not both)"))
    with services_context() as ctx:
        view = ownership.claim_next(ctx) if ref is None else ownership.claim(ctx, ref)
        text = _("{number} is yours: {subject}").format(
            number=view.number, subject=safe(view.subject, one_line=True)
        )
        done(ctx, view, text)


@app.command(help=_("A lead gives an incident to a technician (or takes it back with --unassign)."))
def assign(
    ref: IncidentArg,
    login: Annotated[
        str | None, typer.Argument(metavar="[LOGIN]", help=_("The technician's login."))
    ] = None,
    unassign: Annotated[
        bool, typer.Option("--unassign", help=_("Take it back: nobody works on it."))
    ] = False,
) -> None:
    """A lead gives an incident to a technician (or takes it back with --unassign)."""
    from techconsole.services.incidents import ownership

    if (login is None) == (not unassign):
        fail(_("give the technician's LOGIN, or --unassign (not both)"))
    with services_context() as ctx:
        view = ownership.assign(ctx, ref, login)
        if view.assignee:
            text = _("{number} assigned to {login}").format(
                number=view.number, login=safe(view.assignee)
            )
        else:
            text = _("{number} unassigned").format(number=view.number)
        done(ctx, view, text)


@app.command(
    help=_(
        "Change severity, urgency, level, category or the machine; the SLA keeps the time "
        "already used."
    )
)
def triage(
    ref: IncidentArg,
    severity: SeverityOpt = None,
    urgent: UrgentOpt = None,
    level: LevelOpt = None,
    category: Annotated[str | None, typer.Option(help=_("Free category, e.g. printer."))] = None,
    urgent_on_request: Annotated[
        bool | None,
        typer.Option(
            "--urgent-on-request/--not-urgent-on-request",
            help=_("Urgent because the customer asked (billed as such where the policy says)."),
            show_default=False,
        ),
    ] = None,
    warranty: Annotated[
        bool | None,
        typer.Option(
            "--warranty/--no-warranty",
            help=_("Work under warranty: labour and call-out are not charged."),
            show_default=False,
        ),
    ] = None,
    asset: AssetOpt = None,
    no_asset: Annotated[
        bool, typer.Option("--no-asset", help=_("It is about none of the customer's machines."))
    ] = False,
    program: ProgramOpt = None,
) -> None:
    """Change severity, urgency, level, category or the machine; the SLA keeps the time
    already used."""
    from techconsole.services.incidents import workflow

    with services_context() as ctx:
        view = workflow.triage(
            ctx,
            ref,
            severity=severity,
            urgent=urgent,
            level=level,
            category=category,
            urgent_on_request=urgent_on_request,
            warranty=warranty,
            asset=asset,
            no_asset=no_asset,
            program=program,
        )
        urgency = _("urgent") if view.urgent else _("not urgent")
        text = _("{number}: severity {severity}, {urgency}, level {level}").format(
            number=view.number, severity=view.severity, urgency=urgency, level=view.level
        )
        if view.asset:
            text += ", " + _("machine {name}").format(name=safe(view.asset, one_line=True))
        done(ctx, view, text)


# After the first steps, in the order of an incident's life.
for _name, _command, _help in (
    (
        "ack",
        actions.ack,
        _("Take in charge: the written confirmation to the customer stops the response clock."),
    ),
    (
        "estimate",
        incident_estimate.estimate,
        _(
            "How long the repair takes, as estimated at the first analysis: a level-2 repair "
            "longer than the policy's loaner_after makes a loaner PC due."
        ),
    ),
    (
        "on-site",
        actions.on_site,
        _("The technician arrived at the customer's (stops an on-site clock)."),
    ),
    ("pause", actions.pause, _("Waiting on the customer: the SLA clocks stop until resume.")),
    ("resume", actions.resume, _("The customer answered: the clocks run again.")),
    ("resolve", actions.resolve, _("The intervention is over: say whether it solved the problem.")),
    ("close", actions.close, _("Close a resolved incident (its work report can then be issued).")),
    (
        "reopen",
        actions.reopen,
        _("A resolved incident came back (a closed one cannot: open a new incident)."),
    ),
    ("note", actions.note, _("Add a note to the incident's timeline.")),
    (
        "authorise",
        actions.authorise,
        _("Record the authorisation of a titolare or ADS; the clocks start again."),
    ),
    (
        "account",
        actions.account,
        _("The customer gave us a dedicated server account (its password is never recorded)."),
    ),
    (
        "release",
        incident_release.release,
        _(
            "The fix comes with a release of the policy's calendar (the next one unless "
            "--date says which); --none takes it back."
        ),
    ),
):
    app.command(_name, help=_help)(_command)
