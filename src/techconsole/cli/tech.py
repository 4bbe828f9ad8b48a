"""``techconsole tech``: the team — who may use the console, and who leads."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import role_word, technician_json
from techconsole.i18n import _, ngettext, pgettext
from techconsole.services.team import members as team

app = typer.Typer(help=_("Technicians and team leads."), no_args_is_help=True)


@app.command(
    help=_("Add a technician (a lead does it; the first lead is who created the database).")
)
def add(
    login: Annotated[str, typer.Argument(help=_("The person's OS login (user name)."))],
    name: Annotated[str, typer.Option("--name", help=_("Full name, as shown to colleagues."))],
    role: Annotated[
        str,
        choices.option(
            "--role",
            choices=choices.TEAM_ROLES,
            help=_("Their role: {choices}."),
            show_default=True,
        ),
    ] = "technician",
) -> None:
    """Add a technician (a lead does it; the first lead is who created the database)."""
    with services_context() as ctx:
        tech = team.add_technician(ctx, login, name, role)
    if wants_json():
        emit_json(technician_json(tech))
        return
    text = _("added {login} ({name}) as {role}").format(
        login=safe(tech.login), name=safe(tech.display_name), role=role_word(tech.role)
    )
    out.print(f"[green]✓[/green] {text}")


@app.command(
    help=_(
        "A lead deactivates someone who left the team: they can no longer use techconsole, "
        "and nothing new is assigned to them; their history stays (tech list --all)."
    )
)
def deactivate(
    login: Annotated[str, typer.Argument(help=_("The person's OS login (user name)."))],
) -> None:
    """A lead deactivates someone who left the team."""
    with services_context() as ctx:
        tech = team.set_active(ctx, login, False)
        held = team.open_incidents_of(ctx, tech.login)
    if wants_json():
        emit_json({**technician_json(tech), "open_incidents": held})
        return
    text = _("{login} ({name}) deactivated: no longer on the team").format(
        login=safe(tech.login), name=safe(tech.display_name)
    )
    out.print(f"[green]✓[/green] {text}")
    if held:
        said = ngettext(
            "{n} open incident is still assigned to them: give it to someone else "
            "(techconsole incident assign NUMBER LOGIN)",
            "{n} open incidents are still assigned to them: give them to someone else "
            "(techconsole incident assign NUMBER LOGIN)",
            held,
        ).format(n=held)
        out.print(f"[yellow]⚠[/yellow] {said}")


@app.command(help=_("A lead lets someone deactivated use techconsole again."))
def activate(
    login: Annotated[str, typer.Argument(help=_("The person's OS login (user name)."))],
) -> None:
    """A lead lets someone deactivated use techconsole again."""
    with services_context() as ctx:
        tech = team.set_active(ctx, login, True)
    if wants_json():
        emit_json(technician_json(tech))
        return
    text = _("{login} ({name}) active again").format(
        login=safe(tech.login), name=safe(tech.display_name)
    )
    out.print(f"[green]✓[/green] {text}")


@app.command("list", help=_("The team, by login."))
def list_(
    include_inactive: Annotated[
        bool, typer.Option("--all", help=_("Include technicians no longer active."))
    ] = False,
) -> None:
    """The team, by login."""
    with services_context() as ctx:
        techs = team.list_technicians(ctx, include_inactive=include_inactive)
    if wants_json():
        emit_json([technician_json(t) for t in techs])
        return
    if not techs:
        out.print(_('No technicians yet. Add yourself: techconsole tech add LOGIN --name "Name"'))
        return
    table = Table(_("Login"), pgettext("person", "Name"), _("Role"), _("Active"))
    for tech in techs:
        table.add_row(
            safe(tech.login),
            safe(tech.display_name),
            role_word(tech.role),
            _("yes") if tech.active else ("[dim]" + _("no") + "[/dim]"),
        )
    out.print(table)


@app.command(
    help=_(
        "Who techconsole thinks you are: your OS user, and whom you act for with --as "
        "(exit code 2 and how to be added if unknown)."
    )
)
def whoami() -> None:
    """Who techconsole thinks you are: your OS user, and whom you act for with --as."""
    with services_context() as ctx:
        me = team.identity(ctx)
    tech = me.tech
    if wants_json():
        emit_json({**technician_json(tech), "os_user": me.os_login})
        return
    who = safe(tech.login)
    if me.on_behalf:  # a lead acting on someone's behalf
        who = _("{os_user} on behalf of {login}").format(os_user=safe(me.os_login), login=who)
    out.print(f"{who} — {safe(tech.display_name)} ({role_word(tech.role)})")
