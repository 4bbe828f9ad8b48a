"""Running the command line: the settings first, then the command; errors become exit codes.

The error classes of the lower layers are imported only when one is raised, so that
``techconsole --help`` does not load the database layer to be ready for its errors.
"""

from __future__ import annotations

import os
import sys

from techconsole.cli.options import State
from techconsole.cli.output import EXIT_BAD_INPUT, EXIT_REFUSED, CommandError, err, safe
from techconsole.i18n import DEFAULT_LANGUAGE, _, set_language
from techconsole.settings import SettingsError, read_sources, resolve


def _prepare() -> State:
    """Read the environment and config files once, and speak their language from now on.

    A broken file or variable is kept and said when a command runs (``--help`` and
    ``config path`` still work, in the default language).
    """
    run = State()
    try:
        run.sources = read_sources(os.environ)
        set_language(resolve(run.sources).language)
    except SettingsError as exc:
        set_language(DEFAULT_LANGUAGE)  # not the language of an earlier run in this process
        run.error = exc
    return run


def run(args: list[str]) -> None:
    """Run the command ``args``; every way it can end is an exit code and, for an error,
    one line on stderr — a failure of the program itself included (exit code 70, the
    details in the log of :mod:`techconsole.crashlog`)."""
    try:
        _run(args)
    except Exception as exc:  # nothing below foresaw it: a bug
        from techconsole.crashlog import EXIT_INTERNAL, report

        err.print(f"[red]{safe(report(exc, args))}[/red]", soft_wrap=True)
        sys.exit(EXIT_INTERNAL)


def _run(args: list[str]) -> None:
    run_state = _prepare()
    run_state.args = list(args)
    from techconsole.cli import click_words

    click_words.install()  # Typer's own words (usage, panels, errors) in ours
    from techconsole.cli.app import build

    try:
        build().main(args=args, prog_name="techconsole", obj=run_state)
    except CommandError as exc:
        err.print("[red]" + _("error") + f":[/red] {safe(str(exc))}")
        sys.exit(exc.code)
    except SettingsError as exc:
        err.print("[red]" + _("settings error") + f":[/red]\n{safe(str(exc))}")
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        err.print("[yellow]" + _("interrupted") + "[/yellow]: " + _("what was done so far is kept"))
        sys.exit(130)
    except Exception as exc:
        code = _known(exc)
        if code is None:
            raise
        sys.exit(code)


def _known(exc: Exception) -> int | None:
    """Say a known error of the lower layers; its exit code (``None``: not one of them)."""
    from techconsole.domain.errors import DomainError
    from techconsole.domain.policy_schema import PolicyError
    from techconsole.services.errors import ServiceError
    from techconsole.store.errors import ConnectionLost, DatabaseUnavailable, StoreError

    if isinstance(exc, PolicyError):
        err.print("[red]" + _("policy error") + f":[/red]\n{safe(str(exc))}")
        return EXIT_BAD_INPUT
    if isinstance(exc, DomainError):
        err.print("[red]" + _("error") + f":[/red] {safe(str(exc))}")
        return EXIT_REFUSED
    if isinstance(exc, ServiceError):
        err.print("[red]" + _("error") + f":[/red] {safe(str(exc))}")
        return exc.code
    if isinstance(exc, StoreError):
        kind = _("database error")  # its message may start with it already
        said = str(exc).removeprefix(f"{kind}: ")
        err.print("[red]" + kind + f":[/red] {safe(said)}")
        # a database that cannot be opened is the command's input; a lost connection,
        # like a busy database, goes through when run again
        unavailable = isinstance(exc, DatabaseUnavailable) and not isinstance(exc, ConnectionLost)
        return EXIT_BAD_INPUT if unavailable else EXIT_REFUSED
    return None
