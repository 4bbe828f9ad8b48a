"""``techconsole incident``: open, find, look at, take and triage incidents.

The later steps of an incident's life are in :mod:`techconsole.cli.incident_actions`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.table import Table

from techconsole.cli import incident_actions as actions
from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import IncidentArg, done, instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.cli.render import incident_json, iso, local, one_line, status_word
from techconsole.domain import events
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake, ownership, workflow
from techconsole.services.incidents import reading as incidents

app = typer.Typer(help="Incidents: open, take, work on, resolve, close.", no_args_is_help=True)


SeverityOpt = Annotated[str | None, typer.Option("--severity", "-s", help="Severity, e.g. A.")]
UrgentOpt = Annotated[
    bool | None,
    typer.Option(
        "--urgent/--not-urgent",
        help="Urgent or not \\[default on add: the subject's urgent keyword decides].",
        show_default=False,
    ),
]
LevelOpt = Annotated[int | None, typer.Option(help="1 remote, 2 on site (hardware).")]


@app.command()
def add(
    subject: Annotated[str, typer.Argument(help="What is wrong, in a few words.")],
    customer: Annotated[str, typer.Option("--customer", "-c", help="Customer id or name.")],
    description: Annotated[str, typer.Option(help="The request in full.")] = "",
    requester: Annotated[
        int | None, typer.Option(help="Contact id of who asked (see: customer show).")
    ] = None,
    channel: Annotated[str, typer.Option(help="email, phone, whatsapp, web…")] = "email",
    severity: SeverityOpt = None,
    urgent: UrgentOpt = None,
    urgent_on_request: Annotated[
        bool, typer.Option("--urgent-on-request", help="Urgent because the customer asked.")
    ] = False,
    level: Annotated[int, typer.Option(help="1 remote, 2 on site (hardware).")] = 1,
    category: Annotated[str, typer.Option(help="Free category, e.g. printer.")] = "",
    at: Annotated[
        str | None,
        typer.Option(
            help="When the request arrived, ISO 8601 \\[default: now].", show_default=False
        ),
    ] = None,
) -> None:
    """Record a request: its number, its plan from the contract, its clocks from arrival."""
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
        )
        view = intake.open_incident(ctx, new)
        text = (
            f"opened {view.number} for {safe(view.customer)}: {safe(view.subject, one_line=True)}"
        )
        if view.needs_authorisation:
            text += " — [yellow]awaiting the authorisation of a titolare or ADS[/yellow]"
        done(ctx, view, text)


@app.command("list")
def list_(
    status: Annotated[
        str | None, typer.Option(help=f"Only this status: {', '.join(incidents.STATUSES)}.")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help="Customer id or name.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 50,
) -> None:
    """Incidents newest first, closed ones too (the queue shows only open ones)."""
    if status is not None and status not in incidents.STATUSES:
        fail(f"unknown status '{status}'; statuses: {', '.join(incidents.STATUSES)}")
    with services_context() as ctx:
        customer_id = customers.show_customer(ctx, customer).id if customer else None
        views = incidents.list_incidents(ctx, status=status, customer_id=customer_id, limit=limit)
        now, zone = ctx.now(), ctx.policy.zone
        if wants_json():
            emit_json([incident_json(v, ctx.policy, now) for v in views])
            return
    if not views:
        out.print("No incidents.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name in ("Number", "Arrived", "Customer", "Sev", "Subject", "Status", "Assignee"):
        table.add_column(name, no_wrap=name not in ("Customer", "Subject"))
    for v in views:
        table.add_row(
            v.number,
            local(v.arrived_at, zone),
            one_line(safe(v.customer, one_line=True)),
            v.severity + (" [bold red]![/bold red]" if v.urgent else ""),
            one_line(safe(v.subject, one_line=True)),
            status_word(v.status),
            safe(v.assignee) if v.assignee else "[dim]—[/dim]",
        )
    out.print(table)


@app.command()
def show(
    ref: IncidentArg,
) -> None:
    """An incident in full: facts, SLA clocks and timeline."""
    with services_context() as ctx:
        detail = incidents.show(ctx, ref)
        now, policy = ctx.now(), ctx.policy
    if wants_json():
        data = incident_json(detail.incident, policy, now)
        data["follow_ups"] = list(detail.follow_ups)
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

    print_detail(detail, policy, now)


@app.command()
def claim(
    ref: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Incident number or short number.")
    ] = None,
    next_: Annotated[
        bool, typer.Option("--next", help="The first unassigned incident in queue order.")
    ] = False,
) -> None:
    """Take an unassigned incident (if two claim at once, one is told it is taken)."""
    if (ref is None) == (not next_):
        fail("give an incident number or --next (not both)")
    with services_context() as ctx:
        view = ownership.claim_next(ctx) if ref is None else ownership.claim(ctx, ref)
        done(ctx, view, f"{view.number} is yours: {safe(view.subject, one_line=True)}")


@app.command()
def assign(
    ref: IncidentArg,
    login: Annotated[
        str | None, typer.Argument(metavar="[LOGIN]", help="The technician's login.")
    ] = None,
    unassign: Annotated[
        bool, typer.Option("--unassign", help="Take it back: nobody works on it.")
    ] = False,
) -> None:
    """A lead gives an incident to a technician (or takes it back with --unassign)."""
    if (login is None) == (not unassign):
        fail("give the technician's LOGIN, or --unassign (not both)")
    with services_context() as ctx:
        view = ownership.assign(ctx, ref, login)
        who = f"assigned to {safe(view.assignee)}" if view.assignee else "unassigned"
        done(ctx, view, f"{view.number} {who}")


@app.command()
def triage(
    ref: IncidentArg,
    severity: SeverityOpt = None,
    urgent: UrgentOpt = None,
    level: LevelOpt = None,
    category: Annotated[str | None, typer.Option(help="Free category, e.g. printer.")] = None,
    urgent_on_request: Annotated[
        bool | None,
        typer.Option(
            "--urgent-on-request/--not-urgent-on-request",
            help="Urgent because the customer asked (billed as such where the policy says).",
            show_default=False,
        ),
    ] = None,
    warranty: Annotated[
        bool | None,
        typer.Option(
            "--warranty/--no-warranty",
            help="Work under warranty: labour and call-out are not charged.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Change severity, urgency, level or category; the SLA keeps the time already used."""
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
        )
        urgency = "urgent" if view.urgent else "not urgent"
        text = f"{view.number}: severity {view.severity}, {urgency}, level {view.level}"
        done(ctx, view, text)


# After the first steps, in the order of an incident's life.
for _name, _command in (
    ("ack", actions.ack),
    ("on-site", actions.on_site),
    ("pause", actions.pause),
    ("resume", actions.resume),
    ("resolve", actions.resolve),
    ("close", actions.close),
    ("reopen", actions.reopen),
    ("note", actions.note),
    ("authorise", actions.authorise),
    ("account", actions.account),
):
    app.command(_name)(_command)
