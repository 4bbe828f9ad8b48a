"""``techconsole`` with no command, and ``techconsole console``: the full-screen console."""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli.common import AsOpt, DbOpt, PolicyOpt

MouseOpt = Annotated[
    bool,
    typer.Option("--no-mouse", help="Leave the mouse to the terminal (to select and copy)."),
]


def open_console(db: str | None, policy: str | None, actor: str | None, no_mouse: bool) -> None:
    """Run the console; its exit code becomes the program's."""
    from techconsole.tui.launch import run_console  # Textual loads only for the console

    code = run_console(policy, db, actor, mouse=not no_mouse)
    if code:
        raise typer.Exit(code)


def console(
    db: DbOpt = None, policy: PolicyOpt = None, actor: AsOpt = None, no_mouse: MouseOpt = False
) -> None:
    """Open the console: the live queue with SLA countdowns (the same as no command)."""
    open_console(db, policy, actor, no_mouse)
