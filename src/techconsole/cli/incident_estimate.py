"""``incident estimate``: how long the repair will take, as estimated at the first analysis
(seed 004); on a level-2 incident under a contract an estimate beyond the policy's
``loaner_after`` makes a loaner PC due (its clock shows in ``incident show`` and the queue).

Registered on ``techconsole incident`` by :mod:`techconsole.cli.incident`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import AtOpt, IncidentArg, done, instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import out
from techconsole.cli.render import local, sla_cell
from techconsole.cli.timeparse import parse_instant
from techconsole.domain.loaner import looks_like_repair_time, parse_repair_time
from techconsole.i18n import _


def estimate(
    ref: IncidentArg,
    when: Annotated[
        str,
        typer.Argument(
            metavar="WHEN",
            help=_(
                "How long the repair takes from now (or --at): 3d, 72h, 2d12h; or when it "
                "will be done: friday 17:00, 27/11 17:00 or ISO 8601."
            ),
        ),
    ],
    note: Annotated[
        str, typer.Option("--note", help=_("Why: what the first analysis found."))
    ] = "",
    at: AtOpt = None,
) -> None:
    """How long the repair takes, as estimated at the first analysis; a level-2 repair
    longer than the policy's loaner_after makes a loaner PC due."""
    from techconsole.services.incidents import estimates

    with services_context() as ctx:
        given = instant(ctx, at)
        if looks_like_repair_time(when):
            span = parse_repair_time(when)
            view = estimates.estimate(ctx, ref, span=span, note=note, at=given)
        else:
            until = parse_instant(when, ctx.policy.zone, what="WHEN", now=ctx.now())
            view = estimates.estimate(ctx, ref, until=until, note=note, at=given)
        zone, now = ctx.policy.zone, ctx.now()
        text = _("{number}: repair estimated to be done by {when}").format(
            number=view.number, when=local(view.estimated_resolution_at, zone)
        )
        loaner = view.clocks.loaner_state(ctx.policy, now)
        done(ctx, view, text)
        if loaner is not None and not wants_json():
            said = _("loaner PC due by {when}").format(when=local(loaner.due, zone))
            out.print(f"[dim]{said} · {sla_cell(loaner, now, zone)}[/dim]")
