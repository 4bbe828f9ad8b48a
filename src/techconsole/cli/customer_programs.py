"""``techconsole customer program-add`` and ``programs``: the programs a customer uses,
each with the day its reseller began managing it (seed 001: "Il rivenditore avra'
assistenza 7/7 il primo anno di gestione del programma (per ogni programma)
gratuitamente")."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.customer import CustomerArg, app
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.timeparse import parse_day
from techconsole.i18n import _
from techconsole.services.customers import programs


@app.command(
    "program-add",
    help=_(
        "A program the customer uses; --reseller-since: the first day their reseller "
        "managed it, from which its free first year counts (per program)."
    ),
)
def program_add(
    customer: CustomerArg,
    name: Annotated[str, typer.Argument(help=_("The program's name."))],
    since: Annotated[
        str | None,
        typer.Option(
            "--reseller-since",
            metavar="DATE",
            help=_("Since when, YYYY-MM-DD."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """A program the customer uses, and since when their reseller manages it."""
    with services_context() as ctx:
        day = parse_day(since, ctx.policy.zone, what="--reseller-since") if since else None
        added = programs.add_program(ctx, customer, name, reseller_since=day)
    if wants_json():
        emit_json(asdict(added))
        return
    said = _("added program #{id} {name}").format(id=added.id, name=safe(added.name))
    if added.reseller_since:
        said += " " + _("(reseller since {day})").format(day=f"{added.reseller_since:%d/%m/%Y}")
    out.print(f"[green]✓[/green] {said}")


@app.command("programs", help=_("The programs a customer uses, with their reseller's start."))
def programs_list(customer: CustomerArg) -> None:
    """The programs a customer uses, with their reseller's start."""
    with services_context() as ctx:
        found = programs.programs(ctx, customer)
    if wants_json():
        emit_json([asdict(p) for p in found])
        return
    if not found:
        out.print(_("No program recorded (customer program-add)."))
        return
    table = Table("#", _("Program"), _("Reseller since"))
    for p in found:
        day = f"{p.reseller_since:%d/%m/%Y}" if p.reseller_since else "—"
        table.add_row(str(p.id), safe(p.name, one_line=True), day)
    out.print(table)
