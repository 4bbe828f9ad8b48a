"""The ``techconsole`` command: a root group that imports each command only when it runs.

:data:`COMMANDS` names every command, the module(s) that define it and its short help,
so ``techconsole --help`` lists them without importing any (and so without SQLAlchemy,
Textual or fpdf).  A command is imported when it is asked for; the global options
(:mod:`techconsole.cli.options`) are then added to each of its commands, so they are
taken after the command's name as well as before it.
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup, TyperOption

from techconsole import __version__
from techconsole.cli.options import global_params, settings, state
from techconsole.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Entry:
    modules: tuple[str, ...]  # the first defines ``attr``; the others add commands to it
    attr: str
    help: str  # the short help, marked with N_ and translated when shown
    json: bool = True  # its commands take --json (those that do not have --format)
    group: bool = True  # a group of commands (else the module's one command is it)


_CLI = "techconsole.cli."
COMMANDS: dict[str, Entry] = {
    "console": Entry(
        (_CLI + "console",),
        "app",
        N_("Open the console: the live queue with SLA countdowns."),
        json=False,
        group=False,
    ),
    "queue": Entry(
        (_CLI + "queue",), "app", N_("The open incidents in the order to work them."), group=False
    ),
    "incident": Entry(
        (_CLI + "incident",), "app", N_("Incidents: open, take, work on, resolve, close.")
    ),
    "timer": Entry(
        (_CLI + "timer", _CLI + "timer_add"),
        "app",
        N_("The work timer: sessions billed in scatti."),
    ),
    "material": Entry((_CLI + "material",), "app", N_("Materials and spare parts.")),
    "bill": Entry((_CLI + "bill",), "bill_app", N_("What an intervention costs.")),
    "month": Entry((_CLI + "bill",), "month_app", N_("Months closed for invoicing (leads).")),
    "customer": Entry(
        (
            _CLI + "customer",
            _CLI + "customer_contracts",
            _CLI + "customer_prepaid",
            _CLI + "customer_programs",
        ),
        "app",
        N_("Customers, contacts and contracts."),
    ),
    "asset": Entry(
        (_CLI + "asset",),
        "app",
        N_("Customers' machines: coverage, required software, inspection."),
    ),
    "change": Entry(
        (_CLI + "change", _CLI + "change_reading"),
        "app",
        N_("Customisations: agreed, delivered, tested, accepted or contested; the releases."),
    ),
    "loaner": Entry(
        (_CLI + "loaner",),
        "app",
        N_("Our loaner PCs: the pool, lending one while a customer's PC is repaired, returns."),
    ),
    "checks": Entry(
        (_CLI + "checks",),
        "app",
        N_("Monthly health checks of the customers' machines: due, record, report."),
    ),
    "report": Entry(
        (
            _CLI + "report",
            _CLI + "report_month",
            _CLI + "report_activity",
            _CLI + "report_ads",
            _CLI + "report_ads_send",
        ),
        "app",
        N_("Work reports, monthly summaries and activity reports."),
    ),
    "tech": Entry((_CLI + "tech",), "app", N_("Technicians and team leads.")),
    "team": Entry(
        (_CLI + "team_load", _CLI + "team_stats", _CLI + "team_outcomes"),
        "app",
        N_("The team as a lead sees it."),
    ),
    "sla": Entry((_CLI + "sla",), "app", N_("SLA due times and business calendars.")),
    "policy": Entry((_CLI + "policy",), "app", N_("Support policies: presets and your own files.")),
    "db": Entry((_CLI + "db",), "app", N_("The database: create, upgrade, status, backup.")),
    "demo": Entry((_CLI + "demo",), "app", N_("Fill a database with demo data."), group=False),
    "mail": Entry(
        (_CLI + "mail", _CLI + "mail_inbox", _CLI + "mail_out"),
        "app",
        N_("Mail: requests in from files, Maildir and IMAP; notices out through SMTP."),
    ),
    "config": Entry((_CLI + "config",), "app", N_("Your settings: what they are and where from.")),
}
#: commands that write files in a --format of their choosing: no --json
NO_JSON = {
    ("report", "work"),
    ("report", "month"),
    ("report", "activity"),
    ("report", "ads-write"),
    ("checks", "report"),
}
_COMPLETION = {"install_completion", "show_completion"}
#: the root's completion options, in our words
_COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customise it."),
}


def _leaves(command: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    if isinstance(command, TyperGroup):
        found = []
        for name, sub in command.commands.items():
            found += _leaves(sub, (*path, name))
        return found
    return [(path, command)]


def _only(app: typer.Typer, sub: str | None) -> typer.Typer:
    """``app`` with only its command or group named ``sub``, when it has one by that name.

    Typer reads the signature of every command of a group it builds (~2 ms each); a run
    needs only the one it invokes.  Any other word (``--help``, a typo) gets them all.
    """
    if sub is None:
        return app
    commands = [
        info
        for info in app.registered_commands
        if (info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))) == sub
    ]
    groups = [info for info in app.registered_groups if info.name == sub]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def load(name: str, sub: str | None = None) -> click.Command:
    """Import a command's module(s) and build its click command, global options added
    (of a group, only the command ``sub`` when it has one by that name)."""
    entry = COMMANDS[name]
    modules = [importlib.import_module(m) for m in entry.modules]
    app = getattr(modules[0], entry.attr)
    command: click.Command
    if entry.group:
        command = typer.main.get_group(_only(app, sub))
    else:
        command = typer.main.get_command(app)
    command.name = name
    command.params = [p for p in command.params if p.name not in _COMPLETION]
    for path, leaf in _leaves(command, (name,)):
        with_json = entry.json and path not in NO_JSON
        leaf.params = [*leaf.params, *global_params(with_json=with_json)]
    return command


class LazyGroup(TyperGroup):
    """A group whose commands are imported from :data:`COMMANDS` when first used."""

    _listing = False
    _next: str | None = None  # the word after the command's name: maybe its subcommand

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        self._next = args[1] if len(args) > 1 else None
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        if self._listing:  # --help: the name and the short help are enough
            short = _(COMMANDS[cmd_name].help)
            return TyperCommand(name=cmd_name, help=short, short_help=short)
        self.commands[cmd_name] = load(cmd_name, self._next)
        return self.commands[cmd_name]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _version(value: bool) -> None:
    if value:
        print(f"techconsole {__version__}")
        raise typer.Exit()


def build() -> click.Command:
    """The root command (call after the language is set: its help is built now)."""
    app = typer.Typer(
        name="techconsole",
        cls=LazyGroup,
        help=_(
            "The console of an IT-support team: incident queue, SLA clocks, scatti, "
            "reports.\n\nWith no command it opens the console (the live queue); the "
            "commands below do the same work from a shell or a script."
        ),
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        context: typer.Context,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
            ),
        ] = False,
        no_mouse: Annotated[
            bool,
            typer.Option(
                "--no-mouse", help=_("Leave the mouse to the terminal (to select and copy).")
            ),
        ] = False,
    ) -> None:
        """techconsole — see each command's --help."""
        run = state()
        if no_mouse:
            run.flags["mouse"] = (False, "--no-mouse")
        if run.error is not None and context.invoked_subcommand != "config":
            raise run.error  # a broken config file or variable stops every other command
        if context.invoked_subcommand is None:
            from techconsole.cli.console import open_console

            open_console(settings())

    root_command = typer.main.get_command(app)
    for param in root_command.params:  # Typer's own, said in English
        if isinstance(param, TyperOption) and param.name in _COMPLETION_HELP:
            param.help = _(_COMPLETION_HELP[param.name])
    root_command.params = [*root_command.params, *global_params()]
    return root_command
