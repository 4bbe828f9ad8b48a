"""The global options, declared once: ``--db``, ``--policy``, ``--as`` and ``--json``.

They are taken before the command's name (``techconsole --db X timer status``) or after
it (``techconsole timer status --db X``), the same way everywhere: the root group takes
them, and :mod:`techconsole.cli.app` adds them to every command it loads.  Either way
the value lands in the run's :class:`State`; :func:`settings` then combines the flags
with the environment and the config files (:mod:`techconsole.settings`) the first time a
command asks.  Nothing here imports the database or the services.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from typer import _click as click
from typer._click.globals import get_current_context

from techconsole.i18n import _, language
from techconsole.settings import Settings, SettingsError, Sources, read_sources, resolve


@dataclass
class State:
    """One run of the program: what the environment and files say, and the flags given."""

    sources: Sources | None = None
    error: SettingsError | None = None
    flags: dict[str, tuple[Any, str]] = field(default_factory=dict)
    json: bool = False
    resolved: Settings | None = None
    #: the command line as given (for the log of an internal error)
    args: list[str] = field(default_factory=list)


def state() -> State:
    return get_current_context().ensure_object(State)


def settings() -> Settings:
    """The settings of this run: flags, environment, config files, defaults (in that order)."""
    run = state()
    if run.resolved is None:
        if run.error is not None:
            raise run.error
        sources = run.sources or read_sources(os.environ)
        run.resolved = resolve(sources, run.flags)
    return run.resolved


def command_line() -> list[str]:
    """The arguments this run was given."""
    return state().args


def wants_json() -> bool:
    """``--json`` was given, before or after the command's name."""
    return state().json


#: option name → (setting, flag as typed)
_SETTING_OF = {"db": ("db", "--db"), "policy": ("policy", "--policy"), "actor": ("user", "--as")}


def remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An option's callback: a value given goes into the run's state (later wins)."""
    if value is None or value is False:
        return value  # not given here: it may have been given before the command's name
    run = ctx.ensure_object(State)
    if param.name == "as_json":
        run.json = True
    elif param.name in _SETTING_OF:
        name, flag = _SETTING_OF[param.name]
        run.flags[name] = (value, flag)
    run.resolved = None
    return value


def _global_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help=_(
                "SQLite file or database URL \\[default: $TECHCONSOLE_DB, else the config "
                "file's db, else techconsole.db in your user data folder]."
            ),
            show_default=False,
        ),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help=_(
                "Policy preset name or path of a .toml file \\[default: $TECHCONSOLE_POLICY, "
                "else the config file's policy, else 'default']."
            ),
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="LOGIN",
            help=_(
                "Act on this technician's behalf: for a team lead only \\[default: "
                "$TECHCONSOLE_USER, else the config file's user, else yourself, your OS user]."
            ),
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print one JSON object for machines."))
    ] = False,
) -> None:
    """The options every command takes."""


_BUILT: dict[str, list[click.Parameter]] = {}


def global_params(*, with_json: bool = True) -> list[click.Parameter]:
    """Fresh copies of the global options, for one command (their values go to the state).

    They are built once per language (a Typer app each time: ~2 ms, for each of a group's
    commands) and copied for each command.
    """
    params = _BUILT.get(language())
    if params is None:
        app = typer.Typer(add_completion=False)
        app.command()(_global_options)
        params = typer.main.get_command(app).params
        panel = _("Global options")
        for param in params:
            param.expose_value = False
            param.callback = remember
            param.rich_help_panel = panel  # type: ignore[attr-defined]
        _BUILT[language()] = params
    return [copy.copy(p) for p in params if with_json or p.name != "as_json"]
