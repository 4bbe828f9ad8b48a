"""The ``techconsole`` command line.

This module stays light: ``techconsole --version`` answers from here, and everything
else (Typer, the settings, the commands) is imported by :func:`main` when it runs.
"""

from __future__ import annotations

import sys

from techconsole import __version__


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs a command; a known error becomes a message and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        print(f"techconsole {__version__}")
        return
    from techconsole.cli.entry import run

    run(args)
