"""The ``techconsole`` command line.

This module stays light: ``techconsole --version`` answers from here, ``techconsole``
alone opens the console through :func:`techconsole.tui.launch.main` (the settings, the
console's own start; not Typer nor the other commands), and everything else (Typer, the
settings, the commands) is imported by :func:`main` when it runs.
"""

from __future__ import annotations

import gc
import sys

from techconsole import __version__


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs a command; a known error becomes a message and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        print(f"techconsole {__version__}")
        return
    if not args:  # the console, as a shift starts: without Typer and the commands (~0.1 s)
        from techconsole.tui.launch import main as console

        code = console([])
        if code:
            sys.exit(code)
        return
    from techconsole.cli.entry import run

    run(args)


def script() -> None:
    """The installed ``techconsole`` command and ``python -m techconsole``: :func:`main`,
    then the interpreter's usual shutdown, without walking what the command left behind.

    ``gc.freeze()`` moves every object still alive into the collector's permanent
    generation, so the collections run while the interpreter shuts down skip the few
    hundred thousand objects of Typer, SQLAlchemy, pydantic and the tables: ~70 ms of CPU
    of a short command (measured by ``benchmarks/bench_cli.py``), which scripts calling
    the command hundreds of times wait for.  Nothing else changes: exit handlers run,
    threads are joined, files are closed.  (Not in :func:`main`: the tests call it many
    times in one process, whose garbage must stay collectable.)
    """
    try:
        main()
    finally:
        gc.freeze()
