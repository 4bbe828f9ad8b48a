"""The ``techconsole`` command line."""

from __future__ import annotations

import sys

import typer

from techconsole import __version__
from techconsole.cli import (
    bill,
    console,
    customer,
    db,
    demo,
    incident,
    material,
    policy,
    queue,
    report,
    report_activity,  # noqa: F401 - registers report activity
    report_month,  # noqa: F401 - registers report month
    sla,
    team_load,
    tech,
    timer,
)
from techconsole.cli.common import AsOpt, DbOpt, PolicyOpt
from techconsole.cli.output import EXIT_BAD_INPUT, EXIT_REFUSED, CommandError, err, safe
from techconsole.domain.errors import DomainError
from techconsole.domain.policy_schema import PolicyError
from techconsole.services.errors import ServiceError
from techconsole.store.errors import DatabaseUnavailable, StoreError

app = typer.Typer(
    name="techconsole",
    help="The console of an IT-support team: incident queue, SLA clocks, scatti, reports.\n\n"
    "With no command it opens the console (the live queue); the commands below do the same "
    "work from a shell or a script.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("console")(console.console)
app.command("queue")(queue.show_queue)
app.add_typer(incident.app, name="incident")
app.add_typer(timer.app, name="timer")
app.add_typer(material.app, name="material")
app.add_typer(bill.bill_app, name="bill")
app.add_typer(bill.month_app, name="month")
app.add_typer(customer.app, name="customer")
app.add_typer(report.app, name="report")
app.add_typer(tech.app, name="tech")
app.add_typer(team_load.app, name="team")
app.add_typer(sla.app, name="sla")
app.add_typer(policy.app, name="policy")
app.add_typer(db.app, name="db")
app.command("demo")(demo.demo)


def _version(value: bool) -> None:
    if value:
        print(f"techconsole {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    context: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    db: DbOpt = None,
    policy_name: PolicyOpt = None,
    actor: AsOpt = None,
    no_mouse: console.MouseOpt = False,
) -> None:
    """techconsole — see each command's --help."""
    if context.invoked_subcommand is None:
        console.open_console(db, policy_name, actor, no_mouse)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs a command; a known error becomes a message and an exit code."""
    try:
        app(args=argv, prog_name="techconsole")
    except CommandError as exc:
        err.print(f"[red]error:[/red] {safe(str(exc))}")
        sys.exit(exc.code)
    except PolicyError as exc:
        err.print(f"[red]policy error:[/red]\n{safe(str(exc))}")
        sys.exit(EXIT_BAD_INPUT)
    except DomainError as exc:
        err.print(f"[red]error:[/red] {safe(str(exc))}")
        sys.exit(EXIT_REFUSED)
    except ServiceError as exc:
        err.print(f"[red]error:[/red] {safe(str(exc))}")
        sys.exit(exc.code)
    except StoreError as exc:
        err.print(f"[red]database error:[/red] {safe(str(exc))}")
        sys.exit(EXIT_BAD_INPUT if isinstance(exc, DatabaseUnavailable) else EXIT_REFUSED)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was done so far is kept")
        sys.exit(130)
