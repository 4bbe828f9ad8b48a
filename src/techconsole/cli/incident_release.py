"""``incident release``: the fix of an incident comes with an update of the release
calendar (seed 001: "in seguito al rilascio della versione aggiornata, esporra' la
soluzione"); ``incident show`` says which.

Registered on ``techconsole incident`` by :mod:`techconsole.cli.incident`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import IncidentArg, done
from techconsole.cli.output import fail
from techconsole.cli.timeparse import parse_day
from techconsole.i18n import _


def release(
    ref: IncidentArg,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DAY",
            help=_("A release day of the calendar, YYYY-MM-DD \\[default: the next one]."),
            show_default=False,
        ),
    ] = None,
    none: Annotated[
        bool, typer.Option("--none", help=_("The fix no longer waits for a release."))
    ] = False,
    note: Annotated[str, typer.Option("--note", help=_("A note for the timeline."))] = "",
) -> None:
    """The fix comes with a release of the policy's calendar (techconsole change releases)."""
    from techconsole.domain.changes import day_text
    from techconsole.services.changes import releases

    if none and day is not None:
        fail(_("--date and --none: give one of them"))
    with services_context() as ctx:
        if none:
            view = releases.unlink_release(ctx, ref, note=note)
            done(ctx, view, _("{number}: no longer linked to a release").format(number=view.number))
            return
        chosen = None if day is None else parse_day(day, ctx.policy.zone, what="--date")
        view = releases.link_release(ctx, ref, chosen, note=note)
        assert view.fixed_in_release is not None
        text = _("{number}: the fix comes with the release of {day}").format(
            number=view.number, day=day_text(view.fixed_in_release)
        )
        done(ctx, view, text)
