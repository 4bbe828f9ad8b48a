"""``techconsole team outcomes``: the outcome of every stopped SLA clock recorded again
under the policy in use (leads), for a change of targets or calendars that should apply
to the months gone too (``services.incidents.outcomes``)."""

from __future__ import annotations

from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.team_load import app
from techconsole.i18n import _, ngettext
from techconsole.services.incidents import outcomes


@app.command(
    "outcomes",
    help=_(
        "Record again, under the policy in use, whether each stopped SLA clock was met "
        "and by how much: the months gone are then measured against its targets and "
        "calendars too (otherwise against those of their time). Leads only."
    ),
)
def record_outcomes() -> None:
    """Record again, under the policy in use, whether each stopped SLA clock was met and
    by how much.  Leads only."""
    with services_context() as ctx:
        count = outcomes.rerecord_all(ctx)
        policy = ctx.policy.name
    if wants_json():
        emit_json({"outcomes": count, "policy": policy})
        return
    said = ngettext(
        "{n} stopped SLA clock recorded under the policy {policy}",
        "{n} stopped SLA clocks recorded under the policy {policy}",
        count,
    )
    out.print(f"[green]✓[/green] {said.format(n=count, policy=safe(policy))}")
