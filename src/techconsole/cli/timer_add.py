"""``techconsole timer add``: work done without the timer (on the phone, at a customer's
with no console at hand) recorded after the fact, from its start to its end or for how
long it lasted."""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import IncidentArg
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out
from techconsole.cli.timeparse import parse_instant
from techconsole.cli.timer import ForceOpt, KindOpt, app, session_json, session_line
from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration
from techconsole.i18n import _
from techconsole.services.work import timer


@app.command(
    help=_(
        "Record work done without the timer: --from when it started, and --to when it "
        "ended or --for how long it lasted (audited; the timer's checks apply)."
    )
)
def add(
    incident: IncidentArg,
    start_at: Annotated[
        str,
        typer.Option(
            "--from",
            help=_(
                "When the work started: 27/11 9:30, ieri alle 17, 9:30 (today), ISO 8601; "
                "no offset = policy zone."
            ),
        ),
    ],
    end_at: Annotated[
        str | None,
        typer.Option(
            "--to",
            help=_("When it ended (a time alone, 18:30, is on the day it started)."),
        ),
    ] = None,
    lasted: Annotated[
        str | None,
        typer.Option("--for", help=_("Or how long it lasted: 1h30, 1:30, 90', 45m.")),
    ] = None,
    kind: KindOpt = "remote",
    note: Annotated[str, typer.Option("--note", help=_("What was done."))] = "",
    force: ForceOpt = False,
) -> None:
    """Record work done without the timer."""
    if (end_at is None) == (lasted is None):
        fail(_("say when the work ended (--to) or how long it lasted (--for), one of them"))
    with services_context() as ctx:
        zone, now = ctx.policy.zone, ctx.now()
        start = parse_instant(start_at, zone, what="--from", now=now)
        if end_at is not None:
            day = start.astimezone(zone).date()
            end = parse_instant(end_at, zone, what="--to", now=now, day=day)
        else:
            assert lasted is not None
            try:
                end = start + parse_duration(lasted)
            except DomainError as error:
                fail(f"--for: {error}")
        s = timer.add(ctx, incident, start_at=start, end_at=end, kind=kind, note=note, force=force)
        if wants_json():
            emit_json(session_json(s, ctx.now(), zone))
        else:
            said = _("work recorded: {session}").format(session=session_line(ctx, s))
            out.print(f"[green]✓[/green] {said}")
