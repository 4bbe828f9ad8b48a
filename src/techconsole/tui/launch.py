"""Starting the console from the command line: ``techconsole`` and ``techconsole console``.

Everything that can go wrong before the first screen is told on the terminal as the
command line tells it, with its exit code, before the full-screen UI takes the terminal:
a broken policy, a database that cannot be opened, an OS user who is not a technician
(with the command a lead runs to add them), ``--as`` asked by someone who is not a lead.
An older database is upgraded first, and that is said too, as is the first lead of a
database without technicians.  Who acts comes the same way as for every command: the
real OS user, or the ``user`` setting when they are a lead.

Opening all that imports SQLAlchemy, the tables and the policy's classes, which takes
longer than painting the console.  So a first look, with the standard library alone
(:mod:`techconsole.services.first_look`), asks whether opening will have anything to say;
when it will not (the usual start: a known policy, a SQLite database of the current
schema, a technician of it), the console paints first and opens the database in a thread
(:mod:`.opening`).  Otherwise it is opened here, before the UI, as it always was; the
first page is read by the console either way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from techconsole import i18n, settings
from techconsole.i18n import N_, _
from techconsole.services.errors import ServiceError
from techconsole.services.first_look import first_look
from techconsole.settings.mail import mail_intake
from techconsole.store.defaults import BUSY_TIMEOUT_MS, LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS
from techconsole.store.errors import StoreError
from techconsole.tui.alerts.hooks import AlertSettings
from techconsole.tui.opening import EXIT_BAD_INPUT, EXIT_REFUSED, Opening, refusal
from techconsole.tui.widgets.text import plain

if TYPE_CHECKING:
    from techconsole.mail.setup import MailIntake
    from techconsole.services.context import Context
    from techconsole.tui.app import TechConsole

err = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay whole
#: the exit code of a start interrupted with ctrl+c, as the command line's
EXIT_INTERRUPTED = 130


def _say(message: str) -> None:
    err.print(Text(plain(message, one_line=False), style="dim"))


def _fail(kind: str, message: str, code: int) -> int:
    """Say ``kind`` (an English msgid, said in the language in use) and ``message``."""
    said = _(kind)
    line = Text(f"{said}: ", style="bold red")
    # a store error's message may start with its kind already ("database error: …")
    line.append(plain(message.removeprefix(f"{said}: "), one_line=False))
    err.print(line)
    return code


def alert_settings(chosen: settings.Settings) -> AlertSettings:
    """What the settings say of the console's alerts: on or off, the bell, the hooks."""
    hooks = {
        "warning": chosen.hooks_on_warning,
        "breach": chosen.hooks_on_breach,
        "new_incident": chosen.hooks_on_new_incident,
        "resolved": chosen.hooks_on_resolved,
    }
    return AlertSettings(
        enabled=chosen.alerts,
        bell=chosen.bell,
        hooks={kind: command for kind, command in hooks.items() if command},
        timeout_seconds=chosen.hooks_timeout_seconds,
    )


@dataclass(frozen=True, slots=True)
class ConsoleOptions:
    """What the console is started with, as the settings (and their flags) give it:
    which policy and database, who acts, how long to wait on a busy database, where
    checked policies are kept; and the console's own: its alerts, where the view it was
    left in is kept, its keys, the mouse.

    ``actor`` is whom a lead acts for (from ``actor_source``: ``--as``, a variable, a
    file); ``policy_cache`` the folder where checked policies are kept between runs,
    ``page_cache`` the one where the statements of the first page are
    (:mod:`techconsole.services.incidents.kept_page`).
    """

    policy: str | None = None
    database: str | None = None
    actor: str | None = None
    actor_source: str = "--as"
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
    lock_timeout_ms: int = LOCK_TIMEOUT_MS
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS
    policy_cache: Path | None = None
    page_cache: Path | None = None
    alerts: AlertSettings | None = None
    state_path: Path | None = None
    keymap: Mapping[str, str] | None = None
    mouse: bool = True
    #: where ``f`` on the mail screen takes mail from (``[mail]``, made when it is asked:
    #: nothing of the mail is imported before the first frame)
    mail: Callable[[], MailIntake] | None = None


def console_options(
    chosen: settings.Settings, *, db: str | None = None, maildirs: Sequence[Path] = ()
) -> ConsoleOptions:
    """The options of the console the settings ask for (``db`` names another database,
    ``maildirs`` other places to take mail from: the demo's)."""
    return ConsoleOptions(
        policy=chosen.policy,
        database=db or chosen.db,
        actor=chosen.user,
        actor_source=chosen.source("user"),
        busy_timeout_ms=chosen.busy_timeout_ms,
        lock_timeout_ms=chosen.lock_timeout_ms,
        statement_timeout_ms=chosen.statement_timeout_ms,
        policy_cache=chosen.policy_cache,
        page_cache=chosen.page_cache,
        alerts=alert_settings(chosen),
        state_path=chosen.console_state,
        keymap=chosen.keys,
        mouse=chosen.mouse,
        mail=partial(mail_intake, chosen, maildirs),
    )


def open_console_context(options: ConsoleOptions) -> Context | int:
    """The context the console runs on, or the exit code after saying what is wrong."""
    from techconsole.services.setup import open_context
    from techconsole.services.team import members as team

    try:
        ctx = open_context(
            policy=options.policy,
            database=options.database,
            actor=options.actor,
            actor_source=options.actor_source,
            say=_say,
            busy_timeout_ms=options.busy_timeout_ms,
            lock_timeout_ms=options.lock_timeout_ms,
            statement_timeout_ms=options.statement_timeout_ms,
            policy_cache=options.policy_cache,
        )
    except Exception as error:
        said = refusal(error)
        if said is None:
            raise
        kind, code = said
        return _fail(kind, str(error), code)
    try:
        team.whoami(ctx)
    except ServiceError as error:  # UnknownActor: the message says how a lead adds them
        ctx.db.dispose()
        return _fail(N_("error"), str(error), error.code)
    except StoreError as error:
        ctx.db.dispose()
        return _fail(N_("database error"), str(error), EXIT_REFUSED)
    return ctx


def look_first(options: ConsoleOptions) -> Opening | None:
    """What the console opens after its first frame, when opening it will have nothing
    to say on the terminal (:func:`~techconsole.services.first_look.first_look`);
    ``None``: open it before the UI (:func:`open_console_context`)."""
    clear = first_look(
        policy=options.policy,
        database=options.database,
        actor=options.actor,
        policy_cache=options.policy_cache,
        busy_timeout_ms=options.busy_timeout_ms,
    )
    if clear is None:
        return None
    return Opening(
        clear.url,
        clear.actor,
        clear.os_login,
        policy=options.policy,
        actor_source=options.actor_source,
        busy_timeout_ms=options.busy_timeout_ms,
        lock_timeout_ms=options.lock_timeout_ms,
        statement_timeout_ms=options.statement_timeout_ms,
        policy_cache=options.policy_cache,
        page_cache=options.page_cache,
    )


def build_console(
    context: Context | Opening,
    app_class: type[TechConsole] | None = None,
    alerts: AlertSettings | None = None,
    state_path: Path | None = None,
    keymap: Mapping[str, str] | None = None,
    page_cache: Path | None = None,
    mail: Callable[[], MailIntake] | None = None,
) -> TechConsole:
    """The console on ``context`` (open, or to open after the first frame), in the view
    the person left it in.  The first page is read by the console, in a thread; its
    statements are kept in ``page_cache`` for the next start's preview."""
    from techconsole.tui.app import TechConsole  # Textual loads only when the UI runs
    from techconsole.tui.queue.columns import ORDER
    from techconsole.tui.queue.views import VIEW_TITLES
    from techconsole.tui.state import ConsoleState

    state = ConsoleState.load(state_path, tuple(VIEW_TITLES), ORDER)
    app = (app_class or TechConsole)(context, alerts=alerts, state=state, keymap=keymap)
    app.page_cache = page_cache
    app.mail_intake = mail
    return app


def prepare_console(
    options: ConsoleOptions, app_class: type[TechConsole] | None = None
) -> TechConsole | int:
    """The console ready to run, or the exit code after saying what is wrong: after a
    first look it opens the database itself, after its first frame; else the database
    is opened here first (see the module's description).  ``app_class``: the console's
    class, when a test or a benchmark measures its own."""
    context: Context | Opening | int = look_first(options) or open_console_context(options)
    if isinstance(context, int):
        return context
    try:
        return build_console(
            context,
            app_class,
            options.alerts,
            options.state_path,
            options.keymap,
            options.page_cache,
            options.mail,
        )
    except BaseException:
        if not isinstance(context, Opening):
            context.db.dispose()
        raise


def dispose(app: TechConsole) -> None:
    """Close the database the console ran on (if it got as far as opening it)."""
    ctx = getattr(app, "ctx", None)
    if ctx is not None:
        ctx.db.dispose()


def run_console(options: ConsoleOptions) -> int:
    """Open the context and run the console until the person quits; the exit code."""
    app = prepare_console(options)
    if isinstance(app, int):
        return app
    try:
        app.run(mouse=options.mouse)
        return app.return_code or 0
    finally:
        dispose(app)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m techconsole.tui``: the console without the rest of the command line.

    A failure nobody foresaw is logged (:mod:`techconsole.crashlog`) and said in one
    line, exit code 70; ctrl+c before the console starts is said as the command line
    says it, exit code 130.  ``techconsole`` with no command comes here too.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:  # ctrl+c before the console took the terminal
        err.print(
            Text.assemble((_("interrupted"), "yellow"), ": ", _("what was done so far is kept"))
        )
        return EXIT_INTERRUPTED
    except Exception as error:
        from techconsole.crashlog import EXIT_INTERNAL, report

        shown = sys.argv[1:] if argv is None else list(argv)
        err.print(Text(report(error, ["console", *shown]), style="red"))
        return EXIT_INTERNAL


def _main(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="techconsole console", description=__doc__)
    parser.add_argument("--db", metavar="PATH|URL", help="SQLite file or database URL")
    parser.add_argument("--policy", help="policy preset name or .toml file")
    parser.add_argument(
        "--as", dest="actor", metavar="LOGIN", help="act on this technician's behalf (leads only)"
    )
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")
    args = parser.parse_args(argv)
    given = {
        "db": (args.db, "--db"),
        "policy": (args.policy, "--policy"),
        "user": (args.actor, "--as"),
    }
    flags = {name: pair for name, pair in given.items() if pair[0] is not None}
    if args.no_mouse:
        flags["mouse"] = (False, "--no-mouse")
    try:
        chosen = settings.load(flags)
    except settings.SettingsError as error:  # as the command line says it: what, then each
        err.print(Text(_("settings error") + ":", style="red"))
        err.print(Text(plain(str(error), one_line=False)))
        return EXIT_BAD_INPUT
    i18n.set_language(chosen.language)
    return run_console(console_options(chosen))
