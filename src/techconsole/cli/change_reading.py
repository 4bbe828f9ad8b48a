"""``techconsole change list``, ``show`` and ``releases``: the customisations as they
stand today, with what the customer must do by when, and the release calendar.

Registered on ``techconsole change`` (:mod:`techconsole.cli.change`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from techconsole.cli.change import ChangeArg, app
from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out
from techconsole.i18n import _


@app.command("list", help=_("Customisations, the newest request first, with what is due next."))
def list_(
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help=_("Customer id or name."))
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help=_("Only those not accepted yet."))
    ] = False,
) -> None:
    """Customisations, the newest request first, with what is due next."""
    from techconsole.cli.change_words import change_json, print_list
    from techconsole.services.changes import reading

    with services_context() as ctx:
        views = reading.list_changes(ctx, customer=customer, open_only=open_only)
        zone = ctx.policy.zone
    if wants_json():
        emit_json([change_json(v, zone) for v in views])
        return
    if not views:
        out.print(_('No customisations: techconsole change add CUSTOMER "what they asked for"'))
        return
    print_list(views)


@app.command(help=_("A customisation in full: its dates, deadlines and where it stands."))
def show(ref: ChangeArg) -> None:
    """A customisation in full: its dates, deadlines and where it stands."""
    from techconsole.cli.change_words import change_json, print_detail
    from techconsole.services.changes import reading

    with services_context() as ctx:
        view = reading.show_change(ctx, ref)
        zone = ctx.policy.zone
    if wants_json():
        emit_json(change_json(view, zone))
        return
    print_detail(view)


@app.command(
    help=_("The next release days of the policy's calendar (\\[changes] releases_per_year).")
)
def releases(
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=24, help=_("How many to list."))
    ] = 4,
) -> None:
    """The next release days of the policy's calendar."""
    from techconsole.cli.change_words import print_releases, releases_json
    from techconsole.cli.common import load_policy
    from techconsole.services.changes import reading

    policy = load_policy()  # no database needed
    found = reading.release_calendar(policy, datetime.now(policy.zone).date(), count)
    if wants_json():
        emit_json(releases_json(found))
        return
    print_releases(found)
