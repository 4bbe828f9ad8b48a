"""``techconsole`` with no command, and ``techconsole console``: the full-screen console."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from techconsole.cli.options import settings, state
from techconsole.i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from techconsole.settings import Settings

app = typer.Typer()


def open_console(chosen: Settings, *, db: str | None = None, maildirs: Sequence[Path] = ()) -> None:
    """Run the console on the settings (``db`` names another database, ``maildirs``
    where its mail screen takes mail from instead of the settings' sources); its exit
    code."""
    from techconsole.tui.launch import console_options, run_console  # Textual: console only

    code = run_console(console_options(chosen, db=db, maildirs=maildirs))
    if code:
        raise typer.Exit(code)


@app.command(
    help=_("Open the console: the live queue with SLA countdowns (the same as no command).")
)
def console(
    no_mouse: Annotated[
        bool,
        typer.Option("--no-mouse", help=_("Leave the mouse to the terminal (to select and copy).")),
    ] = False,
) -> None:
    """Open the console: the live queue with SLA countdowns (the same as no command)."""
    if no_mouse:
        state().flags["mouse"] = (False, "--no-mouse")
        state().resolved = None
    open_console(settings())
