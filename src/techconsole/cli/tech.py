"""``techconsole tech``: the team — who may use the console, and who leads."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import technician_json
from techconsole.services.team import members as team

app = typer.Typer(help="Technicians and team leads.", no_args_is_help=True)


@app.command()
def add(
    login: Annotated[str, typer.Argument(help="The person's OS login (user name).")],
    name: Annotated[str, typer.Option("--name", help="Full name, as shown to colleagues.")],
    role: Annotated[
        str, typer.Option("--role", help="technician or lead.", show_default=True)
    ] = "technician",
) -> None:
    """Add a technician (a lead does it; the very first person adds themselves as lead)."""
    with services_context() as ctx:
        tech = team.add_technician(ctx, login, name, role)
    if wants_json():
        emit_json(technician_json(tech))
        return
    out.print(
        f"[green]✓[/green] added {safe(tech.login)} ({safe(tech.display_name)}) as {tech.role}"
    )


@app.command("list")
def list_(
    include_inactive: Annotated[
        bool, typer.Option("--all", help="Include technicians no longer active.")
    ] = False,
) -> None:
    """The team, by login."""
    with services_context() as ctx:
        techs = team.list_technicians(ctx, include_inactive=include_inactive)
    if wants_json():
        emit_json([technician_json(t) for t in techs])
        return
    if not techs:
        out.print('No technicians yet. Add yourself: techconsole tech add LOGIN --name "Name"')
        return
    table = Table("Login", "Name", "Role", "Active")
    for tech in techs:
        table.add_row(
            safe(tech.login),
            safe(tech.display_name),
            tech.role,
            "yes" if tech.active else "[dim]no[/dim]",
        )
    out.print(table)


@app.command()
def whoami() -> None:
    """Who techconsole thinks you are (exit code 2 and how to be added if unknown)."""
    with services_context() as ctx:
        tech = team.whoami(ctx)
    if wants_json():
        emit_json(technician_json(tech))
        return
    out.print(f"{safe(tech.login)} — {safe(tech.display_name)} ({tech.role})")
